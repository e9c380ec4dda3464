"""The FastAPI application, built by a factory so tests and uvicorn pass their own settings."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from app.config import Settings, get_settings
from app.db import get_engine
from app.parsing.stage import segments
from app.routes import pages

ROOT = Path(__file__).resolve().parent.parent


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="Presser", docs_url="/api/docs", openapi_url="/api/openapi.json")
    app.state.settings = settings
    app.state.engine = get_engine(settings)
    templates = Jinja2Templates(directory=str(ROOT / "templates"))
    templates.env.globals["split"] = segments  # stage directions are marked in templates
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(ROOT / "static")), name="static")
    app.include_router(pages.router)
    return app
