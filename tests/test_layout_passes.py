"""The page-flow engine lays a handout out several ways to choose one; only the layout it keeps is
drawn and written, and a layout it will throw away stops as soon as that is certain (issue 17)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from handouts import flow
from handouts.build import Options, build_handout
from handouts.loading import load_topic

from .bundled import TOPIC_FILES, bundled_style


def test_only_the_layout_the_engine_keeps_is_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    passes: list[flow.Laid] = []
    real_best = flow.best_layout

    def counted(lay_out: flow.LayOut, has_urgent: bool) -> flow.Laid:
        def each(plan: flow.Plan, urgent_on: frozenset[int] | None) -> flow.Laid:
            passes.append(lay_out(plan, urgent_on))
            return passes[-1]

        return real_best(each, has_urgent)

    drawn_pages = 0
    real_show = Canvas.showPage

    def show_page(canvas: Any) -> None:
        nonlocal drawn_pages
        drawn_pages += 1
        real_show(canvas)

    monkeypatch.setattr(flow, "best_layout", counted)
    monkeypatch.setattr(Canvas, "showPage", show_page)
    several = 0
    for file in TOPIC_FILES:
        passes.clear()
        drawn_pages = 0
        pdf = build_handout(load_topic(file), bundled_style("default"), Options()).pdf  # a fresh load: no kept plan
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        assert drawn_pages == pages, file.name  # one layout drawn, page by page, whatever the passes
        assert sum(len(laid.fills) for laid in passes) > pages or len(passes) == 1
        several += len(passes) > 1
    assert several, "no bundled handout needed more than one layout: the test shows nothing"


def test_a_layout_stops_at_an_urgent_box_that_lands_past_page_1_when_a_pointer_must_name_its_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without a pointer, an urgent box past page 1 means laying out again with a pointer to its
    page: the layout without one stops right there (no later page is laid out)."""
    stopped: list[flow.Laid] = []
    complete: list[flow.Laid] = []
    real_best = flow.best_layout

    def sorted_out(lay_out: flow.LayOut, has_urgent: bool) -> flow.Laid:
        def each(plan: flow.Plan, urgent_on: frozenset[int] | None) -> flow.Laid:
            laid = lay_out(plan, urgent_on)
            (complete if laid.complete else stopped).append(laid)
            return laid

        return real_best(each, has_urgent)

    monkeypatch.setattr(flow, "best_layout", sorted_out)
    for file in TOPIC_FILES:
        build_handout(load_topic(file), bundled_style("default"), Options())
    assert stopped, "no bundled handout has an urgent box past page 1 in the default style"
    for laid in stopped:
        assert laid.urgent_pages[0] not in (1, laid.plan.pointer_page)  # so this layout could not be kept
        assert len(laid.fills) < laid.urgent_pages[0]  # the page it stopped on was never finished
    assert all(laid.urgent_pages[0] in (1, laid.plan.pointer_page) for laid in complete if laid.urgent_pages)
