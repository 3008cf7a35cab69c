"""Real-browser testing: Debian's Chromium driven by Selenium, and axe-core's WCAG 2.1 A/AA audit.

Only the browser and driver that Debian packages (``chromium``, ``chromium-driver``) are used;
Selenium is told where they are and never asked to fetch one (these machines cannot download).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# Selenium Manager would otherwise try to download a driver or browser when a path is wrong.
os.environ.setdefault("SE_OFFLINE", "true")


def _missing() -> str | None:
    for program in (CHROMIUM, CHROMEDRIVER):
        if not program.exists() and shutil.which(program.name) is None:
            return f"'{program.name}' not found: install Debian's chromium and chromium-driver"
    return None


def start_chromium(width: int = 1280, height: int = 900) -> Any:
    """A headless Chromium window of the given size (CSS pixels)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))
    for argument in (
        "--headless=new",
        "--no-sandbox",  # the tests run as root in CI
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--force-device-scale-factor=1",
        "--lang=en-US",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    service = Service(executable_path=str(CHROMEDRIVER if CHROMEDRIVER.exists() else shutil.which("chromedriver")))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    return driver


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run (starting one takes about a second)."""
    if reason := _missing():
        pytest.skip(reason)
    driver = start_chromium()
    try:
        yield driver
    finally:
        driver.quit()


@contextmanager
def axe_on_every_page(driver: Any) -> Iterator[None]:
    """axe-core evaluated as each page opens, for tests that audit page after page: sending its
    500 kB through the driver for each page costs more than the audit. (Not for the whole run: most
    pages opened elsewhere are not audited, and would each pay for evaluating it.)"""
    source = AXE_SCRIPT.read_text(encoding="utf-8")
    added = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]})


def set_width(driver: Any, width: int, height: int = 900) -> None:
    """Resize the viewport to ``width`` CSS pixels (window chrome is nil in headless mode)."""
    driver.set_window_size(width, height)


def axe_violations(driver: Any, tags: tuple[str, ...] = WCAG_21_AA) -> list[dict[str, Any]]:
    """axe-core's violations of the given WCAG rule sets on the page that is open now."""
    if not driver.execute_script("return typeof axe === 'object'"):  # not opened under axe_on_every_page
        driver.execute_script(AXE_SCRIPT.read_text(encoding="utf-8"))
    results: dict[str, Any] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(done, error => done({error: String(error)}));",
        list(tags),
    )
    if "error" in results:
        raise RuntimeError(f"axe-core failed: {results['error']}")
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and offending element, for an assertion message."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(f"{violation['impact']}: {violation['id']}: {violation['help']} at {node['target']}")
    return "\n".join(lines)


def scrolls_sideways(driver: Any) -> bool:
    """True when the page is wider than the window (the reader would have to scroll sideways)."""
    return bool(driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth"))
