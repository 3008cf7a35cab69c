"""The browser harness itself: axe-core finds a real problem, and a clean page has none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .browser import axe_violations, describe, scrolls_sideways, set_width

BAD_PAGE = """<!doctype html><html><head><title>t</title></head><body>
<main><h1>Form</h1><input type="text"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>"""
GOOD_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Good</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<main><h1>Form</h1><label for="n">Name</label> <input id="n" type="text"></main></body></html>"""
WIDE_PAGE = GOOD_PAGE.replace("<h1>Form</h1>", '<div style="width:800px">wide</div><h1>Form</h1>')


def test_axe_reports_an_unlabelled_field_and_a_missing_alt_and_language(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(BAD_PAGE, encoding="utf-8")
    browser.get(page.as_uri())
    found = {violation["id"] for violation in axe_violations(browser)}
    assert {"label", "image-alt", "html-has-lang"} <= found


def test_a_labelled_page_has_no_violation_and_fits_a_phone(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "good.html"
    page.write_text(GOOD_PAGE, encoding="utf-8")
    wide = tmp_path / "wide.html"
    wide.write_text(WIDE_PAGE, encoding="utf-8")
    set_width(browser, 360)
    try:
        browser.get(page.as_uri())
        violations = axe_violations(browser)
        assert violations == [], describe(violations)
        assert not scrolls_sideways(browser)
        browser.get(wide.as_uri())
        assert scrolls_sideways(browser)
    finally:
        set_width(browser, 1280)
