"""The HTML edition in a real browser (Debian's Chromium): axe-core's WCAG 2.1 A/AA audit, phones,
zoomed text, the keyboard, check boxes and printing."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from handouts.html import build_html

from .browser import axe_on_every_page, axe_violations, describe, scrolls_sideways, set_width
from .bundled import STYLE_NAMES, TOPIC_FILES, bundled_style, bundled_topic


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every bundled topic in every language and bundled style, built once for the module."""
    out = tmp_path_factory.mktemp("pages")
    built = {}
    for name in STYLE_NAMES:
        for file in TOPIC_FILES:
            page = out / name / (file.name.removesuffix(".yaml") + ".html")
            page.parent.mkdir(exist_ok=True)
            page.write_bytes(build_html(bundled_topic(file), bundled_style(name)))
            built[name, file.stem] = page
    return built


@pytest.fixture(scope="module")
def audited(browser: Any) -> Iterator[Any]:
    with axe_on_every_page(browser):
        yield browser


@pytest.mark.parametrize("style", STYLE_NAMES)
@pytest.mark.parametrize("topic", [file.stem for file in TOPIC_FILES])
def test_no_wcag_violation_and_text_reflows_on_a_phone_and_at_twice_the_size(
    audited: Any, pages: dict[tuple[str, str], Path], style: str, topic: str
) -> None:
    """axe-core's WCAG 2.1 A/AA audit on a phone, with no sideways scrolling there (WCAG 1.4.10); then
    WCAG 1.4.4: text at 200% (the reader's font-size setting) in a 640 px window, which is a 1280 px
    window zoomed to 200%, still without sideways scrolling."""
    set_width(audited, 360, 780)
    try:
        audited.get(pages[style, topic].as_uri())
        violations = axe_violations(audited)
        assert violations == [], describe(violations)
        assert not scrolls_sideways(audited)
        set_width(audited, 640)
        before = audited.execute_script("return getComputedStyle(document.body).fontSize")
        audited.execute_script("document.documentElement.style.fontSize = '200%'")
        after = audited.execute_script("return getComputedStyle(document.body).fontSize")
        assert float(after.removesuffix("px")) == 2 * float(before.removesuffix("px"))
        assert not scrolls_sideways(audited)
    finally:
        set_width(audited, 1280)


def test_the_skip_link_is_the_first_stop_and_shows_when_focused(
    browser: Any, pages: dict[tuple[str, str], Path]
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.get(pages["default", "sciatica-and-feet"].as_uri())
    ActionChains(browser).send_keys(Keys.TAB).perform()
    focused = browser.switch_to.active_element
    assert focused.text == "Skip to the leaflet"
    assert browser.execute_script("return arguments[0].getBoundingClientRect().top", focused) >= 0
    focused.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "content"


def test_a_check_box_ticks_when_its_words_are_tapped(browser: Any, pages: dict[tuple[str, str], Path]) -> None:
    from selenium.webdriver.common.by import By

    browser.get(pages["default", "footwear-checklist"].as_uri())
    label = browser.find_elements(By.CSS_SELECTOR, ".checklist label")[0]
    box = browser.find_element(By.ID, label.get_attribute("for"))
    assert not box.is_selected()
    label.click()
    assert box.is_selected()
    assert box.size["width"] >= 24  # 1.5em: big enough to hit with a finger


def test_the_page_prints_cleanly(browser: Any, pages: dict[tuple[str, str], Path]) -> None:
    """Printed from the browser: black text on white with the page's words, the links' addresses
    written out, and no skip link."""
    browser.get(pages["riverside-us", "sciatica-and-feet"].as_uri())
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    reader = PdfReader(io.BytesIO(base64.b64decode(printed["data"])))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert 2 <= len(reader.pages) <= 4
    assert round(float(reader.pages[0].mediabox.width)) == 612  # the style's US Letter paper
    assert "Sciatica and your feet" in text and "In an emergency, call 911." in text
    assert "Book an appointment online (https://riverside.example/book)" in text
    assert "Skip to the leaflet" not in text
