"""The FastAPI application, built by a factory so tests and uvicorn pass their own settings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from anyio import to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from app import urls
from app.charts import svg as chart_svg
from app.config import Settings, get_settings
from app.db import get_engine
from app.head import HeadAsGet
from app.memo import Memo
from app.parsing import kinds
from app.parsing.stage import segments
from app.routes import api, errors, feeds, pages, search, stats
from app.search.engine import open_engine
from app.search.query import SearchRequest
from app.search.results import excerpt
from app.security import SecurityHeaders

# Inside the package, so an installed wheel serves pages as a checkout does.
HERE = Path(__file__).resolve().parent


def page_url(path: str) -> Callable[[int], str]:
    """For `_pagination.html`: the address of page n of a list."""
    return lambda n: path if n == 1 else f"{path}?page={n}"


def search_page_url(req: SearchRequest) -> Callable[[int], str]:
    return lambda n: urls.search(req.params(page=n))


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.globals.update(
        split=segments,  # stage directions are marked in templates
        excerpt=excerpt,
        page_url=page_url,
        search_page_url=search_page_url,
        kind_label=kinds.label,
        chart_svg=chart_svg,
        urls=urls,  # every address a page links to (app/urls.py)
    )
    return templates


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Handlers are CPU-bound (the GIL lets one thread run at a time) and each thread keeps
    # its own searcher (Whoosh's are not shared across threads): 40 threads, anyio's
    # default, meant 40 searchers and about 1 GB for two workers at 2,000 exchanges. A few
    # threads serve the same requests.
    to_thread.current_default_thread_limiter().total_tokens = app.state.settings.threads
    yield
    app.state.search.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        lifespan=lifespan,
        title="Presser",
        summary="A searchable archive of press Q&A sessions.",
        version="1",
        docs_url=None,  # served by routes/feeds.py from a template, without inline script
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = get_engine(settings)
    app.state.search = open_engine(settings)
    app.state.templates = build_templates()
    app.state.memo = Memo()  # statistics kept until the archive changes (app/memo.py)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for module in (pages, search, feeds, api, stats):
        app.include_router(module.router)
    errors.install(app)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    return app
