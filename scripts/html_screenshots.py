"""Screenshot the HTML edition of a bundled handout on a phone and on a desktop, for the README.

Usage: python scripts/html_screenshots.py [TOPIC] [--style NAME]
Writes docs/html-phone.png (360 px wide, at twice the pixels, as a phone shows it) and
docs/html-desktop.png (1280 px wide). Needs Debian's chromium and chromium-driver, and selenium
(installed with the test extras: pip install -e '.[test]').
"""

from __future__ import annotations

import argparse
import base64
import tempfile
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from handouts import library
from handouts.html import build_html
from handouts.loading import load_style, load_topic

REPO = Path(__file__).resolve().parent.parent


def browser(width: int, height: int, pixel_ratio: float) -> Any:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"):
        options.add_argument(argument)
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": pixel_ratio}}
    )
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def screenshot(page: Path, out: Path, width: int, height: int, pixel_ratio: float) -> None:
    """The top ``height`` CSS pixels of the page at ``width``."""
    driver = browser(width, 800, pixel_ratio)
    try:
        driver.get(page.as_uri())
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            },
        )
    finally:
        driver.quit()
    out.write_bytes(base64.b64decode(shot["data"]))
    print(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("topic", nargs="?", default="sciatica-and-feet")
    parser.add_argument("--style", default="riverside-us")
    args = parser.parse_args()
    styles = REPO / "styles"
    style = load_style(
        library.find_style(args.style, styles), find=lambda name, base: library.find_style(name, styles, base)
    )
    loaded = load_topic(REPO / "topics" / f"{args.topic}.yaml")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / f"{args.topic}.html"
        page.write_bytes(build_html(loaded, style))
        screenshot(page, REPO / "docs" / "html-phone.png", 360, 1400, 2)
        screenshot(page, REPO / "docs" / "html-desktop.png", 1280, 1750, 1)


if __name__ == "__main__":
    main()
