"""The front desk in a real browser: Debian's chromium driven by Selenium (tests/browser.py).

Each test talks to ``handouts serve`` running in its own process on 127.0.0.1 with a free port.
The server's working folder, home and temporary folder are the test's own, so the no-trace test
can search everything the server could have written.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from .browser import axe_violations, describe, scrolls_sideways, set_width
from .conftest import STYLES, TOPICS, copy_topic, pdf_text
from .cupsd import FRONT_DESK, Cups, file_system_now, files_mentioning, wait_for_pdf
from .web_helpers import Server, server_env, serving

WAIT_SECONDS = 20

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")  # Selenium's own HTTP connections


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    """The server's working folder, home and temporary folder, and the browser's download folder."""
    found = {name: tmp_path / name for name in ("work", "home", "temp", "downloads")}
    for folder in found.values():
        folder.mkdir()
    return found


@pytest.fixture(autouse=True)
def fresh(browser: Any) -> None:
    """No cookie from another test's server: cookies are per host, and every server is 127.0.0.1."""
    browser.delete_all_cookies()


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One front desk shared by the tests that only look and click (no download, no print, no
    sign-in): a desk per test cost a start-up and a cold first render each."""
    root = tmp_path_factory.mktemp("desk")
    work, home, temp = (root / name for name in ("work", "home", "temp"))
    for folder in (work, home, temp):
        folder.mkdir()
    env = server_env(home, temp, CUPS_SERVER=str(temp / "no-print-service.sock"), LC_ALL="C")
    with serving("--topics", str(TOPICS), "--styles", str(STYLES), cwd=work, env=env) as running:
        yield running


@pytest.fixture
def server(places: dict[str, Path], request: pytest.FixtureRequest) -> Iterator[Server]:
    """The front desk, printing to the test CUPS daemon when this machine can run one (only the
    tests that print ask for the daemon themselves, so the others run without root too)."""
    try:
        cups = str(request.getfixturevalue("cups_daemon").socket)
    except pytest.skip.Exception:
        cups = str(places["temp"] / "no-print-service.sock")
    env = server_env(places["home"], places["temp"], CUPS_SERVER=cups, LC_ALL="C")
    with serving("--topics", str(TOPICS), "--styles", str(STYLES), cwd=places["work"], env=env) as running:
        yield running


def wait_for(condition: Any, what: str) -> Any:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def field(driver: Any, label: str) -> Any:
    """The form field whose <label> says ``label`` (as a person finds it), once the page shows it."""
    from selenium.webdriver.common.by import By

    labels = wait_for(lambda: driver.find_elements(By.XPATH, f"//label[normalize-space()='{label}']"), label)
    return driver.find_element(By.ID, labels[0].get_attribute("for"))


def button(driver: Any, text: str) -> Any:
    from selenium.webdriver.common.by import By

    return wait_for(lambda: driver.find_elements(By.XPATH, f"//button[normalize-space()='{text}']"), text)[0]


def heading(driver: Any, text: str) -> None:
    """Wait for the page whose <h1> says ``text`` (a click that submits a form returns before it loads)."""

    def shown() -> str:
        return " / ".join(page_texts(driver, "h1"))

    try:
        wait_for(lambda: shown() == text, f"the page {text!r}")
    except AssertionError:
        raise AssertionError(
            f"waited for the page {text!r}; at {driver.current_url} the page says {shown()!r}"
        ) from None


def page_texts(driver: Any, selector: str) -> list[str]:
    """The shown text of each element ``selector`` finds, read in one script so that a page being
    replaced by the next leaves no stale element behind (and [] while there is no page)."""
    from selenium.common.exceptions import WebDriverException

    script = (
        "return Array.from(document.querySelectorAll(arguments[0]))"
        ".filter(e => e.offsetParent !== null).map(e => e.innerText.trim())"
    )
    try:
        return list(driver.execute_script(script, selector))
    except WebDriverException:
        return []


def listed(driver: Any) -> list[str]:
    return page_texts(driver, "li.topic h2")


def downloads_into(driver: Any, folder: Path) -> None:
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})


def downloaded(folder: Path) -> Path:
    """The downloaded PDF once Chromium has finished it: the file can appear under its own name,
    empty, while the data still goes to a .crdownload file beside it."""

    def finished() -> Path | None:
        pdfs = list(folder.glob("*.pdf"))
        if len(pdfs) != 1 or any(folder.glob("*.crdownload")):
            return None
        return pdfs[0] if pdfs[0].read_bytes().rstrip().endswith(b"%%EOF") else None

    return wait_for(finished, f"a finished PDF in {folder}")  # type: ignore[no-any-return]


def test_search_leaves_only_the_footwear_checklist(browser: Any, desk: Server) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get(desk.url)
    assert listed(browser) == [
        "Flat feet and back pain",
        "Footwear checklist",
        "Sciatica and your feet",
        "When to see a specialist",
    ]
    field(browser, "Search").send_keys("footwear")
    wait_for(lambda: listed(browser) == ["Footwear checklist"], "the list to filter as you type")
    field(browser, "Search").send_keys(Keys.ENTER)  # and without JavaScript: the form's own GET
    wait_for(lambda: browser.current_url.endswith("/?q=footwear"), "the search page")
    wait_for(lambda: listed(browser) == ["Footwear checklist"], "the search page's list")


def test_download_and_print_a_personalised_handout_and_leave_no_trace(
    browser: Any,
    server: Server,
    places: dict[str, Path],
    cups_daemon: Cups,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    name = f"Quill Testpatient {secrets.token_hex(3)}"
    start = file_system_now()
    downloads_into(browser, places["downloads"])
    browser.get(server.url + "topics/sciatica-and-feet")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Sciatica and your feet"
    pages = browser.find_elements(By.CSS_SELECTOR, ".sheets img")
    assert len(pages) == 2
    wait_for(lambda: all(browser.execute_script("return arguments[0].naturalWidth", p) > 0 for p in pages), "preview")

    field(browser, "Patient name").send_keys(name)
    field(browser, "Clinician").send_keys("Dr Shah")
    button(browser, "Download PDF").click()
    pdf = downloaded(places["downloads"])
    assert pdf.name == "sciatica-and-feet.pdf"
    assert f"Prepared for: {name} Clinician: Dr Shah" in pdf_text(pdf)

    Select(field(browser, "Printer")).select_by_visible_text(FRONT_DESK)
    field(browser, "Patient name").clear()
    field(browser, "Patient name").send_keys(name)
    button(browser, "Print").click()
    status = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".notice.success .sent"), "the print status")
    said = status[0].text
    assert said.startswith(f"Sent to {FRONT_DESK} as {FRONT_DESK}-"), said
    request = said.split(" as ")[1].split(":")[0]
    printed = wait_for_pdf(cups_daemon, request)
    assert name in pdf_text(printed)
    record = field(browser, "For the record").get_attribute("value")
    assert record.startswith("Handout given: Sciatica and your feet (sciatica-and-feet), version ")
    assert name not in browser.page_source  # the fields are empty again for the next patient

    # Nothing the server could have written names the patient; nor did it say the name.
    roots = [places["work"], places["temp"], places["home"], Path(tempfile.gettempdir())]
    skip = [places["downloads"], cups_daemon.root]
    found = [p for p in files_mentioning(name, roots, start, skip=cups_daemon.root) if not _under(p, skip)]
    assert found == [], found
    assert name not in server.text()
    assert "POST /topics/sciatica-and-feet/print 200" in server.text()


def _under(path: Path, folders: list[Path]) -> bool:
    return any(path.is_relative_to(folder) for folder in folders)


def test_a_packet_downloads_both_handouts(browser: Any, desk: Server, places: dict[str, Path]) -> None:
    downloads_into(browser, places["downloads"])
    browser.get(desk.url)
    for title in ("Sciatica and your feet", "Footwear checklist"):
        field(browser, f"Add to packet: {title}").click()
    button(browser, "Make a packet").click()
    heading(browser, "Packet of 2 handouts")
    field(browser, "Patient name").send_keys("Ann Example")
    button(browser, "Download PDF").click()
    pdf = downloaded(places["downloads"])
    text = pdf_text(pdf)
    assert text.count("Prepared for: Ann Example") == 2
    assert len(PdfReader(pdf).pages) >= 4


def test_a_broken_topic_is_its_error_line_and_the_others_stay(
    browser: Any,
    places: dict[str, Path],
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By

    topics = tmp_path / "topics"
    copy_topic("footwear-checklist", topics)
    broken = copy_topic("sciatica-and-feet", topics)
    broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    env = server_env(places["home"], places["temp"])
    with serving("--topics", str(topics), cwd=places["work"], env=env) as running:
        browser.get(running.url)
        assert listed(browser) == ["Flat feet and back pain", "Footwear checklist", "When to see a specialist"]
        lines = [code.text for code in browser.find_elements(By.CSS_SELECTOR, ".notice.error code")]
        assert len(lines) == 1 and lines[0].startswith(f"error: {broken}:"), lines
        browser.get(running.url + "topics/sciatica-and-feet")
        assert lines[0] in browser.find_element(By.CSS_SELECTOR, ".notice.error").text


def test_the_passphrase_is_asked_once(browser: Any, places: dict[str, Path]) -> None:

    env = server_env(places["home"], places["temp"], HANDOUTS_PASSPHRASE="front desk 2026")
    with serving("--topics", str(TOPICS), cwd=places["work"], env=env) as running:
        browser.get(running.url + "topics/footwear-checklist")
        heading(browser, "Sign in")
        field(browser, "Passphrase").send_keys("front desk 2026")
        button(browser, "Sign in").click()
        # The sign-in page's own address ends with ?next=/topics/footwear-checklist, so wait for
        # the topic page itself: leaving earlier races the form's redirect.
        heading(browser, "Footwear checklist")
        assert urlsplit(browser.current_url).path == "/topics/footwear-checklist"
        browser.get(running.url)
        heading(browser, "Handouts")
        assert "front desk 2026" not in running.text()


@pytest.mark.parametrize(
    "path", ["", "topics/sciatica-and-feet", "packet?topic=footwear-checklist", "topics/sciatica-and-feet.html?lang=es"]
)
def test_axe_finds_no_serious_problem_and_the_page_reflows(browser: Any, desk: Server, path: str) -> None:
    browser.get(desk.url + path)
    serious = [v for v in axe_violations(browser) if v["impact"] in ("serious", "critical")]
    assert serious == [], describe(serious)
    # 200% zoom on a 1280 px screen is a 640 px wide page; a tablet at the desk is 800 px wide.
    try:
        for width in (800, 640):
            set_width(browser, width)
            assert not scrolls_sideways(browser), width
    finally:
        set_width(browser, 1280)


def test_keyboard_reaches_search_and_shows_where_the_focus_is(browser: Any, desk: Server) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.get(desk.url)
    keys = ActionChains(browser)
    keys.send_keys(Keys.TAB).perform()  # the skip link first
    assert browser.switch_to.active_element.text == "Skip to main content"
    for _ in range(2):
        keys.send_keys(Keys.TAB).perform()
    focused = browser.switch_to.active_element
    assert focused.get_attribute("id") == "q"
    assert focused.value_of_css_property("outline-style") != "none"


def test_update_preview_shows_the_chosen_edition_and_keeps_the_name(browser: Any, desk: Server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(desk.url + "topics/sciatica-and-feet")
    field(browser, "Patient name").send_keys("Ann Example")
    Select(field(browser, "Language")).select_by_visible_text("Spanish")
    field(browser, "Large print").click()
    button(browser, "Update preview").click()
    heading(browser, "La ciática y sus pies")
    pages = browser.find_elements(By.CSS_SELECTOR, ".sheets img")
    assert len(pages) > 2  # large print takes more pages
    assert browser.current_url == desk.url + "topics/sciatica-and-feet"  # the name went in the POST body
    assert field(browser, "Patient name").get_attribute("value") == "Ann Example"
    assert field(browser, "Large print").is_selected()


def test_the_web_page_opens_with_its_own_style_sheet(browser: Any, desk: Server) -> None:
    from selenium.webdriver.common.by import By

    browser.get(desk.url + "topics/footwear-checklist")
    browser.find_element(By.LINK_TEXT, "Open the web page").click()
    heading(browser, "Footwear checklist")
    assert browser.current_url == desk.url + "topics/footwear-checklist.html"
    # The page's inline style sheet is applied (the desk's policy lets that one page have it).
    rules = browser.execute_script(
        "const s = document.querySelector('style'); return s.sheet && s.sheet.cssRules.length"
    )
    assert rules and rules > 10
