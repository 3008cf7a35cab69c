"""Screenshots of the front desk (``handouts serve``) in headless Chromium, for the README.

Usage: python scripts/desk_screenshots.py [--out FOLDER]
Writes index-1280.png, topic-1280.png, index-800.png and topic-800.png into FOLDER (default: a
temporary folder, printed), and docs/front-desk.png (the topic page at 1280 px) for the README.
Needs Debian's chromium and chromium-driver, and selenium (pip install -e '.[test]'); run it from the repository.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from selenium.webdriver.common.by import By

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.browser import start_chromium  # noqa: E402  (Debian's chromium, as the browser tests start it)

PAGES = {"index": "", "topic": "topics/sciatica-and-feet"}
WIDTHS = (1280, 800)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=None)
    out: Path = parser.parse_args().out or Path(tempfile.mkdtemp(prefix="desk-screenshots-"))
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "handouts", "serve", "--port", "0", "--topics", "topics", "--styles", "styles"]
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        found = re.match(r"Serving on (\S+)", server.stdout.readline())
        assert found, "handouts serve did not print its address"
        driver = start_chromium()
        try:
            for width in WIDTHS:
                for name, path in PAGES.items():
                    driver.set_window_size(width, 1000)
                    driver.get(found.group(1) + path)
                    driver.execute_script("return document.fonts.ready")
                    if name == "topic":  # a made-up patient, as a receptionist would type one
                        driver.find_element(By.ID, "patient").send_keys("Ann Example")
                        driver.find_element(By.ID, "clinician").send_keys("Dr Shah")
                    height = driver.execute_script("return document.documentElement.scrollHeight")
                    driver.set_window_size(width, min(height, 2400))
                    driver.save_screenshot(str(out / f"{name}-{width}.png"))
        finally:
            driver.quit()
    finally:
        server.terminate()
        server.wait(10)
    with Image.open(out / "topic-1280.png") as screenshot:
        picture = screenshot.crop((0, 0, screenshot.width, min(screenshot.height, 1000)))
    picture.convert("RGB").quantize(colors=128).save(REPO / "docs" / "front-desk.png", optimize=True)
    print(out)


if __name__ == "__main__":
    main()
