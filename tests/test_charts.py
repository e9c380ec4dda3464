"""The chart module alone: data in, SVG out; escaped, accessible, drawn to scale."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from app import charts
from app.charts import Bar, Chart, Row

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart: Chart) -> ET.Element:
    """The markup as XML: it must be well formed to be parsed at all."""
    return ET.fromstring(str(charts.svg(chart)))


def bars_chart(*pairs: tuple[str, int], **kw: object) -> Chart:
    return Chart(
        "test-chart",
        "Questions per journalist",
        "bars",
        ("Journalist", "Questions"),
        bars=tuple(Bar(label, n) for label, n in pairs),
        **kw,  # type: ignore[arg-type]
    )


def test_svg_is_an_image_named_by_its_title_and_description() -> None:
    root = parse(bars_chart(("Zeke Miller", 30), ("Kaitlan Collins", 20)))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert title.text == "Questions per journalist"
    assert desc.text is not None
    assert "Zeke Miller 30" in desc.text


def test_text_is_escaped() -> None:
    hostile = "<script>alert(1)</script> & “Co”"
    markup = str(charts.svg(bars_chart((hostile, 3))))
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    texts = [t.text for t in parse(bars_chart((hostile, 3))).iter(f"{SVG}text")]
    assert hostile in texts


def test_a_key_that_is_not_a_plain_id_is_refused() -> None:
    with pytest.raises(ValueError, match="plain id"):
        Chart('x" onload="alert(1)', "t", "bars", ("a", "b"))


def test_the_table_has_a_header_for_every_column() -> None:
    with pytest.raises(ValueError, match="3 table headers"):
        Chart("a", "t", "columns", ("Month", "Answers"), part_label="deflecting")
    with pytest.raises(ValueError, match="4 table headers"):
        Chart("a", "t", "grid", ("Outlet", "Total"), columns=("2021", "2022"))
    chart = charts.over_time("a", "Answers", {(2021, 1): 3}, {(2021, 1): 1}, "deflecting")
    assert chart.headers == ("Month", "Answers", "Deflecting")
    assert chart.title == "Answers per month"


def test_bars_are_drawn_to_scale_with_their_values_written() -> None:
    root = parse(bars_chart(("A", 40), ("B", 10), ("C", 0)))
    widths = [float(r.get("width") or 0) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(4 * widths[1])
    assert widths[2] == 0
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "value"]
    assert values == ["40", "10", "0"]


def test_a_part_is_hatched_with_a_pattern_and_said_in_a_legend() -> None:
    chart = Chart(
        "answers",
        "Answers per month",
        "columns",
        ("Month", "Answers", "Deflecting"),
        bars=(Bar("2021-01", 10, part=4), Bar("2021-02", 8, part=0)),
        part_label="deflecting answers",
    )
    root = parse(chart)
    assert root.find(f".//{SVG}pattern[@id='answers-hatch']") is not None
    parts = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "part"]
    assert parts[0].get("fill") == "url(#answers-hatch)"
    bar = next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar")
    assert float(parts[0].get("height") or 0) == pytest.approx(0.4 * float(bar.get("height") or 0))
    assert any("hatched: deflecting answers" in (t.text or "") for t in root.iter(f"{SVG}text"))


def test_monthly_fills_empty_months_and_labels_years() -> None:
    bars = charts.monthly({(2021, 11): 3, (2022, 2): 5})
    assert [b.label for b in bars] == ["2021-11", "2021-12", "2022-01", "2022-02"]
    assert [b.value for b in bars] == [3, 0, 0, 5]
    assert [b.axis for b in bars] == ["Nov 2021", "", "Jan 2022", ""]


def test_timeline_turns_to_years_past_four_years() -> None:
    unit, bars = charts.timeline({(2021, 1): 1, (2022, 6): 2})
    assert unit == "month"
    assert len(bars) == 18
    unit, bars = charts.timeline({(2000, 3): 1, (2000, 5): 2, (2019, 12): 4}, {(2000, 5): 1})
    assert unit == "year"
    assert [(b.label, b.value, b.part) for b in (bars[0], bars[-1])] == [
        ("2000", 3, 1),
        ("2019", 4, 0),
    ]
    assert len(bars) == 20


def test_value_axis_steps_are_round() -> None:
    assert [charts.nice_step(n) for n in (3, 10, 37, 120, 12_440)] == [1, 5, 10, 50, 5000]


def test_column_labels_thin_out_instead_of_overlapping() -> None:
    chart = Chart(
        "years",
        "Questions per year",
        "columns",
        ("Year", "Questions"),
        bars=charts.yearly({y: y - 1990 for y in range(1990, 2040)}),
    )
    ticks = [t.text for t in parse(chart).iter(f"{SVG}text") if t.get("class") == "tick"]
    years = [t for t in ticks if t and re.fullmatch(r"\d{4}", t)]
    assert "1990" in years
    assert 5 < len(years) < 50


def test_grid_rows_share_one_scale() -> None:
    chart = Chart(
        "grid",
        "Questions per outlet and year",
        "grid",
        ("Outlet", "2021", "2022", "Total"),
        rows=(Row("AP", (20, 10)), Row("CNN", (5, 0))),
        columns=("2021", "2022"),
    )
    root = parse(chart)
    heights = [float(r.get("height") or 0) for r in root.iter(f"{SVG}rect")]
    assert heights == pytest.approx([heights[0], heights[0] / 2, heights[0] / 4])
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    assert labels == ["AP (30; most in 2021: 20)", "CNN (5; most in 2021: 5)"]
    assert chart.wide


def test_an_empty_chart_says_so() -> None:
    assert bars_chart().empty
    assert bars_chart(("A", 0)).empty
    assert not bars_chart(("A", 1)).empty
    parse(bars_chart())  # still well formed
