"""A reader's path in a real headless Chromium: search from the home page, narrow by an
outlet facet, open an answer's permalink, follow "in context", copy the link. Plus what
only a browser can tell: contrast, a 360 px screen, visible focus."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect

from app.ingest import Ingester
from app.main import create_app

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Playwright's own browser download does not work here: Debian's chromium does.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "permissions": ["clipboard-read", "clipboard-write"]}


@pytest.fixture(scope="session")
def live_server(archive: Ingester) -> Iterator[str]:
    """The real app under uvicorn on a free loopback port, for the length of the run."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        create_app(archive.settings), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_search_facet_permalink_context_copy(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.get_by_label("Search questions and answers").fill("China")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(f"{live_server}/search?q=China")
    expect(page.locator("ol.hits li.hit").first).to_be_visible()
    total_before = int(page.get_by_role("status").inner_text().split()[0])

    facet = page.locator(".facets section", has=page.get_by_role("heading", name="Outlet"))
    outlet_link = facet.get_by_role("link").first
    outlet_name = outlet_link.inner_text()
    outlet_link.click()
    expect(page).to_have_url(re.compile(r"[?&]outlet="))
    total_after = int(page.get_by_role("status").inner_text().split()[0])
    assert 0 < total_after <= total_before
    askers = page.locator(".hit .asker").all_inner_texts()
    assert askers
    assert all(outlet_name in t for t in askers)
    expect(page.locator(".active-filters")).to_contain_text("outlet")

    page.locator("h2.hit-title a").first.click()
    expect(page).to_have_url(re.compile(r"/sessions/[^/]+/q/\d+$"))
    permalink = page.url
    expect(page.locator("h1")).to_contain_text(outlet_name)

    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status")).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == permalink

    page.get_by_role("link", name="In context").click()
    expect(page).to_have_url(re.compile(r"/sessions/[^/]+#t\d+$"))
    anchor = page.url.split("#", 1)[1]
    target = page.locator(f"#{anchor}")
    expect(target).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == anchor


def test_pages_read_without_javascript(browser: Browser, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/search?q=president")
    assert page.locator("ol.hits li.hit").count() == 10
    page.locator("h2.hit-title a").first.click()
    expect(page.locator("#permalink")).to_have_value(page.url)
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()  # needs the script
    context.close()


CONTRAST_JS = """
() => {
  const parse = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !el.offsetParent) continue;
    const style = getComputedStyle(el);
    const fg = lum(parse(style.color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const large = size >= 24 || (size >= 18.66 && bold);
    const text = walker.currentNode.textContent.trim().slice(0, 30);
    if (ratio < (large ? 3 : 4.5)) failures.push([el.tagName, text, ratio.toFixed(2)]);
  }
  return failures;
}
"""


def _pages(live_server: str, page: Page) -> list[str]:
    page.goto(live_server + "/search?q=president")
    answer = page.locator("h2.hit-title a").first.get_attribute("href")
    session = page.locator(".hit .meta a").first.get_attribute("href")
    return [
        "/",
        "/sessions",
        str(session),
        str(answer),
        "/journalists",
        "/outlets",
        "/search?q=president",
        "/search?q=%22broken",
        "/nowhere",
        "/stats",
    ]


def test_text_contrast_passes_wcag_aa(page: Page, live_server: str) -> None:
    for path in _pages(live_server, page):
        page.goto(live_server + path)
        assert page.evaluate(CONTRAST_JS) == [], path


def test_usable_at_360_px_without_sideways_scrolling(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in _pages(live_server, page):
        page.goto(live_server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
    context.close()


def test_skip_link_and_focus_are_visible(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_answer_prints_without_navigation(page: Page, live_server: str) -> None:
    page.goto(live_server + "/search?q=president")
    page.locator("h2.hit-title a").first.click()
    page.emulate_media(media="print")
    expect(page.locator("header.site")).to_be_hidden()
    expect(page.locator(".exchange-nav")).to_be_hidden()
    expect(page.locator(".citation")).to_be_visible()
    expect(page.locator(".answer")).to_be_visible()


def test_search_on_a_phone_leads_with_results(browser: Browser, live_server: str) -> None:
    """At 375 px the first hits come before the facets, which wait behind a disclosure;
    choosing one lands on the narrowed results, not two screens above them."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(live_server + "/search?q=president")
    first_hit = page.locator("ol.hits li.hit").first
    expect(first_hit).to_be_in_viewport()
    expect(page.locator(".facets-wide")).to_be_hidden()
    disclosure = page.locator("details.facets-narrow")
    hit_box, disclosure_box = first_hit.bounding_box(), disclosure.bounding_box()
    assert hit_box is not None
    assert disclosure_box is not None
    assert hit_box["y"] < disclosure_box["y"]
    outlet = disclosure.locator("section", has=page.get_by_role("heading", name="Outlet"))
    expect(outlet.get_by_role("link").first).to_be_hidden()  # closed until asked for
    disclosure.get_by_text("Filter these results").click()
    outlet.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"[?&]outlet="))
    expect(page.locator("ol.hits li.hit").first).to_be_in_viewport()
    # Nothing matched: the message sits in the main column, not the facets' one.
    page.goto(live_server + "/search?q=zzzxqv")
    expect(page.locator(".results-main .none")).to_be_visible()
    context.close()


def test_sessions_narrowed_by_kind_then_year(page: Page, live_server: str) -> None:
    page.goto(live_server + "/sessions")
    kinds = page.get_by_role("navigation", name="Sessions by kind")
    kinds.get_by_role("link", name="Background call or briefing").click()
    expect(page).to_have_url(f"{live_server}/sessions?kind=background")
    expect(page.locator("h1")).to_have_text("Sessions: Background call or briefing")
    expect(page.locator("ul.sessions li")).to_have_count(1)
    years = page.get_by_role("navigation", name="Sessions by year")
    expect(years.get_by_role("link")).to_have_count(1)  # 2022, the only year of that kind
    years.get_by_role("link", name="2022").click()
    expect(page).to_have_url(f"{live_server}/sessions?kind=background&year=2022")
    expect(years.locator('[aria-current="page"]')).to_have_text("2022")
    page.locator("ul.sessions li a").first.click()
    expect(page.locator("p.meta").first).to_contain_text("Background call or briefing")


def test_a_paragraph_of_an_answer_is_cited_by_its_link(
    page: Page, live_server: str, archive: Ingester
) -> None:
    from tests.test_web import session_slug

    permalink = f"{live_server}/sessions/{session_slug(archive, '000_')}/q/1"
    page.goto(permalink)
    second = page.locator(".answer .para").nth(1)
    citation = page.locator(".answer .para-cite").nth(1)
    expect(citation).to_be_hidden()
    second.get_by_role("link", name="Paragraph 2: link and citation").click()
    expect(page).to_have_url(permalink + "#p2")
    expect(citation).to_be_visible()
    expect(citation).to_contain_text("paragraph 2, ")
    expect(citation).to_contain_text(f"Presser, {permalink}#p2, accessed ")
    expect(page.locator(".answer .para-cite").first).to_be_hidden()
    assert page.evaluate("document.querySelector(':target').id") == "p2"


def test_stats_chart_is_an_image_with_its_table_a_keypress_away(
    page: Page, live_server: str
) -> None:
    page.goto(live_server + "/")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Statistics").click()
    expect(page).to_have_url(f"{live_server}/stats")
    figure = page.locator("figure#questions-per-outlet")
    chart = page.get_by_role("img", name="Questions per outlet, top 20")
    expect(chart).to_be_visible()
    table = figure.get_by_role("table")
    expect(table).to_be_hidden()
    figure.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    first = table.locator("tbody tr").first
    outlet = first.get_by_role("link").inner_text()
    count = first.locator("td").inner_text()
    # The table holds what the chart draws: the first bar's label and written value.
    labels = chart.locator("text.label").all_text_contents()
    values = chart.locator("text.value").all_text_contents()
    assert (labels[0], values[0]) == (outlet, count)
    first.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text(outlet)
