"""The front desk (``handouts serve``) through Flask's test client and a real server process.

The real-browser tests are in test_web_browser.py.
"""

from __future__ import annotations

import concurrent.futures
import io
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from flask.testing import FlaskClient
from pypdf import PdfReader

from handouts import clock
from handouts.loading import LoadedTopic, load_topic
from handouts.story import Personal
from handouts.web.desk import Choice

from .conftest import STYLES, TOPICS, copy_topic, pdf_text
from .cupsd import FRONT_DESK, Cups, file_system_now, files_mentioning, opened_for_writing, wait_for_pdf
from .web_helpers import csrf_token, desk_app, server_env, serving

Runner = Callable[..., Result]
TOPIC_IDS = ["flat-feet-back-pain", "footwear-checklist", "sciatica-and-feet", "when-to-see-a-specialist"]


@pytest.fixture
def client() -> FlaskClient:
    return desk_app().test_client()


def listed(page: str) -> list[str]:
    return re.findall(r'<li class="card topic" data-id="([^"]+)"', page)


# ----- the list and search -----


def test_the_list_shows_every_topic_with_its_languages(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert listed(page) == TOPIC_IDS
    assert page.count("English, Spanish") == 4
    assert '<label for="q">Search</label>' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("footwear", ["footwear-checklist"]),
        ("FOOTWEAR checklist", ["footwear-checklist"]),
        ("zapatos", ["footwear-checklist"]),  # the Spanish title
        ("ciatica", ["sciatica-and-feet"]),  # accents ignored: "ciática"
        ("no such words here", []),
    ],
)
def test_search_without_javascript(client: FlaskClient, query: str, expected: list[str]) -> None:
    page = client.get("/", query_string={"q": query}).get_data(as_text=True)
    assert listed(page) == expected
    assert f"{len(expected)} of 4 handouts match" in page
    assert client.get("/search.json", query_string={"q": query}).get_json() == {"ids": expected}


def test_an_overdue_topic_has_a_badge(tmp_path: Path) -> None:
    topics = tmp_path / "topics"
    copy_topic("footwear-checklist", topics)
    text = (topics / "footwear-checklist.yaml").read_text(encoding="utf-8")
    (topics / "footwear-checklist.yaml").write_text(
        re.sub(r"(?m)^review_due: .*$", "review_due: 2022-01-15", text), encoding="utf-8"
    )
    page = desk_app(topics).test_client().get("/").get_data(as_text=True)
    assert "Overdue review (was due 2022-01-15)" in page
    assert page.count("Your clinic's own") == 1  # the other three are the bundled ones


# ----- the topic page -----


def test_the_topic_page_has_its_choices_preview_and_buttons(client: FlaskClient) -> None:
    response = client.get("/topics/sciatica-and-feet")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Sciatica and your feet</h1>" in page
    for label in ("Language", "Paper", "Patient name", "Clinician", "Note", "Printer", "Copies"):
        assert re.search(rf'<label for="\w+">{label}</label>', page), label
    for legend in ("Handout", "Edition", "Prepared for", "Printing", "Sides"):
        assert f"<legend>{legend}</legend>" in page
    assert re.search(r"<button[^>]*>\s*(<svg.*?</svg>\s*)?Print\s*</button>", page, re.DOTALL)
    assert re.search(r"<button[^>]*>\s*(<svg.*?</svg>\s*)?Download PDF\s*</button>", page, re.DOTALL)
    assert "Clinic style" not in page  # only one style is offered
    pictures = re.findall(r'<img src="([^"]+)" alt="Page (\d) of 2 of the handout"', page)
    assert [number for _, number in pictures] == ["1", "2"]
    picture = client.get(pictures[0][0].replace("&amp;", "&"))
    assert picture.mimetype == "image/jpeg"
    assert picture.data.startswith(b"\xff\xd8\xff")


def test_a_spanish_large_print_choice_changes_the_page(client: FlaskClient) -> None:
    page = client.get("/topics/sciatica-and-feet?lang=es&edition=large").get_data(as_text=True)
    assert "<h1>La ciática y sus pies</h1>" in page
    assert '<option value="es" selected>Spanish</option>' in page
    assert re.search(r'id="edition-large"[^>]*checked', page)
    assert "/topics/sciatica-and-feet.pdf?lang=es&amp;edition=large" in page


def test_several_styles_offer_a_clinic_style_choice() -> None:
    client = desk_app(style_names=("default", "northside-uk")).test_client()
    page = client.get("/topics/footwear-checklist?style=northside-uk").get_data(as_text=True)
    assert '<label for="style">Clinic style</label>' in page
    assert re.search(r'<option value="northside-uk" selected>[^<]+\(northside-uk\)</option>', page)
    response = client.get("/topics/footwear-checklist.pdf?style=riverside-us")
    assert response.status_code == 422
    assert "error: unknown style &#39;riverside-us&#39;; styles: default, northside-uk" in response.get_data(
        as_text=True
    )


def test_an_unknown_topic_is_a_page_with_a_suggestion(client: FlaskClient) -> None:
    response = client.get("/topics/footwear-checklst")
    assert response.status_code == 404
    assert "did you mean &#39;footwear-checklist&#39;?" in response.get_data(as_text=True)


# ----- the PDF: the same bytes as handouts build -----


def test_the_pdf_is_byte_identical_to_handouts_build(client: FlaskClient, run: Runner, tmp_path: Path) -> None:
    result: Result = run("build", "sciatica-and-feet", "--lang", "es", "--large-print", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    built = Path(result.stdout.strip()).read_bytes()
    response = client.get("/topics/sciatica-and-feet.pdf?lang=es&edition=large")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data == built
    assert "filename=sciatica-and-feet.es.large.pdf" in response.headers["Content-Disposition"]


def test_the_web_page_is_byte_identical_to_the_html_edition(client: FlaskClient, run: Runner, tmp_path: Path) -> None:
    result: Result = run("build", "footwear-checklist", "--lang", "es", "--format", "html", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    response = client.get("/topics/footwear-checklist.html?lang=es")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.data == (tmp_path / "footwear-checklist.es.html").read_bytes()
    # It is one self-contained page: its own style sheet is allowed, nothing from elsewhere.
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'; style-src 'unsafe-inline'")
    page = client.get("/topics/footwear-checklist?lang=es").get_data(as_text=True)
    assert '<a href="/topics/footwear-checklist.html?lang=es">Open the web page</a>' in page


def test_paper_and_style_choices_match_the_build_options(run: Runner, tmp_path: Path) -> None:
    result: Result = run("build", "footwear-checklist", "--style", "northside-uk", "--paper", "letter", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    client = desk_app(style_names=("default", "northside-uk")).test_client()
    response = client.get("/topics/footwear-checklist.pdf?style=northside-uk&paper=letter")
    assert response.data == (tmp_path / "footwear-checklist.pdf").read_bytes()


# ----- personalised: POST only, never cached -----


def test_download_puts_the_name_in_the_prepared_for_box_and_nowhere_else(client: FlaskClient) -> None:
    token = csrf_token(client)
    form = {"csrf_token": token, "patient": "Ann Example", "clinician": "Dr Shah", "note": "Walk daily", "lang": "es"}
    response = client.post("/topics/footwear-checklist/download", data=form)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == "attachment; filename=footwear-checklist.es.pdf"
    text = pdf_text(response.data)
    assert "Preparado para: Ann Example Profesional: Dr Shah Nota: Walk daily" in text
    assert b"Ann Example" not in response.data.split(b"stream", 1)[0]  # not in the metadata at the top


def test_a_form_without_its_token_is_refused(client: FlaskClient) -> None:
    response = client.post("/topics/footwear-checklist/download", data={"patient": "Ann Example"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "error: this form is out of date or came from another site; reload the page and try again" in page
    assert "Ann Example" not in page


def test_update_preview_keeps_the_details_on_a_page_that_is_not_cached(client: FlaskClient) -> None:
    form = {"csrf_token": csrf_token(client), "patient": "Ann Example", "edition": "large"}
    response = client.post("/topics/footwear-checklist", data=form)
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert 'value="Ann Example"' in page
    assert "Ann Example" not in "".join(re.findall(r'(?:src|href)="([^"]*)"', page))  # never in a URL
    assert "/topics/footwear-checklist.pdf?edition=large" in page


def test_too_long_a_detail_is_an_error_line(client: FlaskClient) -> None:
    form = {"csrf_token": csrf_token(client), "note": "x" * 201}
    response = client.post("/topics/footwear-checklist/download", data=form)
    assert response.status_code == 422
    assert "error: Note is too long (201 characters); keep it to 200" in response.get_data(as_text=True)


def test_a_packet_downloads_as_one_pdf_with_a_box_in_each_handout(client: FlaskClient) -> None:
    page = client.get("/packet?topic=sciatica-and-feet&topic=footwear-checklist").get_data(as_text=True)
    assert "<h1>Packet of 2 handouts</h1>" in page
    form = {
        "csrf_token": csrf_token(client, "/packet?topic=sciatica-and-feet"),
        "topic": ["sciatica-and-feet", "footwear-checklist"],
        "patient": "Ann Example",
    }
    response = client.post("/packet/download", data=form)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Disposition"] == "attachment; filename=packet.pdf"
    text = pdf_text(response.data)
    assert text.count("Prepared for: Ann Example") == 2
    assert text.index("Sciatica and your feet") < text.index("Footwear checklist")


# ----- files edited or broken while the desk runs -----


def test_an_edit_shows_on_the_next_load_and_a_broken_file_is_its_error_line(tmp_path: Path) -> None:
    topics = tmp_path / "topics"
    for topic in ("footwear-checklist", "sciatica-and-feet"):
        copy_topic(topic, topics)
    client = desk_app(topics).test_client()
    assert listed(client.get("/").get_data(as_text=True)) == TOPIC_IDS  # the folder's own, then the bundled
    file = topics / "sciatica-and-feet.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("title: Sciatica and your feet", "title: Sciatica, edited"), encoding="utf-8")
    assert "Sciatica, edited" in client.get("/").get_data(as_text=True)

    file.write_text(text.replace("reviewed: ", "reviewd: ", 1), encoding="utf-8")
    page = client.get("/").get_data(as_text=True)
    assert listed(page) == ["flat-feet-back-pain", "footwear-checklist", "when-to-see-a-specialist"]
    line = re.search(rf"<code>(error: {re.escape(str(file))}:\d+:\d+: [^<]+)</code>", page)
    assert line, page
    for path in ("/topics/sciatica-and-feet", "/topics/sciatica-and-feet.pdf"):
        response = client.get(path)
        assert response.status_code == 422
        assert line.group(1) in response.get_data(as_text=True)
        assert "Traceback" not in response.get_data(as_text=True)


def test_a_bug_while_reading_one_topic_is_its_line_and_the_others_stay_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handouts.web import catalogue

    topics = tmp_path / "topics"
    copy_topic("sciatica-and-feet", topics)
    broken = topics / "sciatica-and-feet.yaml"
    real = catalogue.read_topic

    def read(file: Path) -> LoadedTopic:
        if file == broken:
            raise RuntimeError("a bug")
        return real(file)

    monkeypatch.setattr(catalogue, "read_topic", read)
    response = desk_app(topics).test_client().get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert listed(page) == ["flat-feet-back-pain", "footwear-checklist", "when-to-see-a-specialist"]
    assert f"error: {broken}: internal error (RuntimeError), a bug in handouts" in page
    assert "a bug<" not in page and "Traceback" not in page


# ----- the passphrase -----


def test_a_passphrase_is_asked_once_per_browser(tmp_path: Path) -> None:
    client = desk_app(passphrase="correct horse battery").test_client()
    response = client.get("/topics/footwear-checklist?lang=es")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/topics/footwear-checklist?lang%3Des"
    assert client.get("/topics/footwear-checklist.pdf").status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<label for="passphrase">Passphrase</label>' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    wrong = client.post("/sign-in", data={"csrf_token": token.group(1), "passphrase": "wrong one", "next": "/"})
    assert wrong.status_code == 403
    assert "error: that passphrase is not right; try again" in wrong.get_data(as_text=True)
    form = {"csrf_token": token.group(1), "passphrase": "correct horse battery", "next": "/topics/footwear-checklist"}
    signed = client.post("/sign-in", data=form)
    assert signed.status_code == 302
    assert signed.headers["Location"] == "/topics/footwear-checklist"
    cookie = signed.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Expires=" in cookie
    assert client.get("/topics/footwear-checklist.pdf").status_code == 200
    # Another browser (no cookie) is still asked; a sign-in page never sends anyone off the site.
    other = desk_app(passphrase="correct horse battery").test_client()
    assert other.get("/").status_code == 302
    assert other.get("/sign-in?next=//elsewhere.example/").status_code == 200
    assert 'name="next" value="/"' in other.get("/sign-in?next=https://elsewhere.example/").get_data(as_text=True)


def test_serving_the_network_needs_a_passphrase(run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDOUTS_PASSPHRASE", raising=False)
    result: Result = run("serve", "--host", "0.0.0.0")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: --host 0.0.0.0 lets other computers reach the front desk, so it needs a passphrase: "
        "use --passphrase-file FILE or set HANDOUTS_PASSPHRASE\n"
    )
    short = tmp_path / "phrase.txt"
    short.write_text("abc\n", encoding="utf-8")
    result = run("serve", "--host", "0.0.0.0", "--passphrase-file", short)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: the passphrase in the passphrase file {short} is too short; use at least 8 characters\n"
    )


def test_an_unknown_style_stops_the_desk_from_starting(run: Runner) -> None:
    result = run("serve", "--style", "northside", "--port", "0")
    assert result.exit_code == 3
    assert result.stderr == (
        "error: unknown style 'northside'; did you mean 'northside-uk'?\n"
        "error: the front desk was not started because the style cannot be used\n"
    )


def test_a_port_in_use_is_one_error_line(run: Runner) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", port)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"error: cannot listen on 127.0.0.1 port {port}: Address already in use; "
        "is the front desk already running? Use it, or choose another --port\n"
    )


def test_the_sign_in_page_has_its_style_and_font() -> None:
    client = desk_app(passphrase="correct horse battery").test_client()
    for path in ("/static/desk.css", "/fonts/regular.ttf", "/fonts/bold.ttf"):
        with client.get(path) as response:
            assert response.status_code == 200, path


def test_a_request_for_another_host_name_is_refused_on_loopback(client: FlaskClient) -> None:
    assert client.get("/", headers={"Host": "rebound.example"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1:8800"}).status_code == 200


# ----- the real server -----


def test_serve_prints_the_url_serves_in_parallel_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    # What `handouts build` writes for every topic, language and edition, built in its own process
    # (so nothing this test process did before can change the bytes).
    out = tmp_path / "out"
    command = [sys.executable, "-m", "handouts", "build", "--all", "--lang", "all", "--edition", "all", "-j", "1"]
    subprocess.run([*command, "-o", str(out), "--topics", str(TOPICS), "--styles", str(STYLES)], check=True)
    wanted: dict[str, bytes] = {}
    for topic in TOPIC_IDS:
        for language in ("en", "es"):
            for large in (False, True):
                path = f"topics/{topic}.pdf?lang={language}" + ("&edition=large" if large else "")
                name = topic + ("" if language == "en" else f".{language}") + (".large" if large else "") + ".pdf"
                wanted[path] = (out / name).read_bytes()
    (tmp_path / "home").mkdir()
    (tmp_path / "temp").mkdir()
    env = server_env(tmp_path / "home", tmp_path / "temp")
    with serving("--topics", str(TOPICS), "--styles", str(STYLES), cwd=tmp_path, env=env) as server:

        def fetch(path: str) -> tuple[str, bytes, float]:
            start = time.perf_counter()
            with urllib.request.urlopen(server.url + path, timeout=60) as response:
                return path, response.read(), time.perf_counter() - start

        paths = list(wanted)  # 16 handouts, 10 at a time
        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            for path, data, _ in pool.map(fetch, paths):
                assert data == wanted[path], path
        # Made before, a preview is served from memory (its speed is measured by tests/bench.py).
        preview = "topics/sciatica-and-feet/pages/1.jpg?lang=es"
        assert fetch(preview)[1] == fetch(preview)[1]
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(30) == 0
    output = server.text()
    assert "Traceback" not in output
    assert "GET /topics/footwear-checklist.pdf 200\n" in output  # method, path and status: no query string
    assert "lang=" not in output


# ----- printing through a real CUPS daemon (tests/cupsd.py) -----


def print_form(client: FlaskClient, **fields: str | list[str]) -> dict[str, str | list[str]]:
    return {"csrf_token": csrf_token(client), "printer": FRONT_DESK, "copies": "1", "sides": "two-sided", **fields}


def test_print_sends_the_handout_to_cups_and_says_where_it_went(client: FlaskClient, cups: Cups) -> None:
    form = print_form(client, patient="Ann Example", clinician="Dr Shah", copies="2")
    response = client.post("/topics/footwear-checklist/print", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert response.headers["Cache-Control"] == "no-store"
    sent = re.search(rf"Sent to {FRONT_DESK} as ({FRONT_DESK}-\d+): (\d) pages, double-sided, 2 copies\.", page)
    assert sent, page
    today = clock.today().isoformat()
    topic = load_topic(TOPICS / "footwear-checklist.yaml").topic
    assert (
        f"Handout given: Footwear checklist (footwear-checklist), version {topic.version}, English, standard print, "
        f"reviewed {topic.reviewed.isoformat()}, given {today}"
    ) in page
    assert "Ann Example" not in page and "Dr Shah" not in page  # the fields are emptied for the next patient
    printed = wait_for_pdf(cups, sent.group(1))
    assert "Prepared for: Ann Example Clinician: Dr Shah" in pdf_text(printed)
    assert len(PdfReader(printed).pages) == int(sent.group(2))


def test_a_packet_prints_as_one_job(client: FlaskClient, cups: Cups) -> None:
    form = print_form(client, topic=["sciatica-and-feet", "footwear-checklist"], patient="Ann Example", lang="es")
    response = client.post("/packet/print", data=form)
    page = response.get_data(as_text=True)
    sent = re.search(
        rf"Sent to {FRONT_DESK} as ({FRONT_DESK}-\d+): 2 handouts, (\d+) pages, double-sided, 1 copy\.", page
    )
    assert sent, page
    assert page.count("Handout given: ") == 2
    printed = wait_for_pdf(cups, sent.group(1))
    # Each handout starts on a sheet of its own: a blank page follows the first when it has an odd count.
    personal = desk_app().extensions["handouts_desk"]
    first = personal.personal([Choice("sciatica-and-feet", "es")], Personal("Ann Example"))
    first_pages = len(PdfReader(io.BytesIO(first.data)).pages)
    assert len(PdfReader(printed).pages) == int(sent.group(2)) + first_pages % 2
    text = pdf_text(printed)
    assert text.count("Preparado para: Ann Example") == 2
    assert "y sus pies" in text and "Lista para elegir zapatos" in text  # (CUPS-PDF loses the accents)


def test_printing_problems_are_error_lines_on_the_page(client: FlaskClient, cups: Cups) -> None:
    response = client.post("/topics/footwear-checklist/print", data=print_form(client, printer="FrontDsk"))
    assert response.status_code == 422
    assert (
        "error: no printer named &#34;FrontDsk&#34;; printers: FrontDesk, Office (did you mean &#39;FrontDesk&#39;?)"
    ) in response.get_data(as_text=True)


def test_without_a_print_service_the_page_says_so(
    client: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("lpstat") is None:
        pytest.skip("lpstat not installed (Debian's cups-client)")
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-such.sock"))
    line = "error: the print service (CUPS) is not running, so nothing can be printed"
    assert line in client.get("/topics/footwear-checklist").get_data(as_text=True)
    response = client.post("/topics/footwear-checklist/print", data=print_form(client, printer=""))
    assert response.status_code == 422
    assert line in response.get_data(as_text=True)


def test_the_desk_writes_no_file_while_downloading_and_printing(
    client: FlaskClient, cups: Cups, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = f"Quill Testpatient {secrets.token_hex(3)}"
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    client.get("/topics/sciatica-and-feet")  # warm: fonts and pictures are read before watching
    writes: list[str] = []
    watching = False

    def audit(event: str, args: tuple[object, ...]) -> None:
        if watching and event == "open" and not isinstance(args[0], int) and opened_for_writing(args):
            if "__pycache__" not in str(args[0]):
                writes.append(str(args[0]))
        elif watching and event in ("os.rename", "os.replace", "os.link", "os.symlink", "os.truncate"):
            writes.append(f"{event} {args}")

    sys.addaudithook(audit)
    start = file_system_now()
    watching = True
    try:
        download = client.post("/topics/sciatica-and-feet/download", data=print_form(client, patient=name))
        printed = client.post("/topics/sciatica-and-feet/print", data=print_form(client, patient=name))
    finally:
        watching = False
    assert writes == []
    assert name in pdf_text(download.data)
    sent = re.search(rf"as ({FRONT_DESK}-\d+):", printed.get_data(as_text=True))
    assert sent
    wait_for_pdf(cups, sent.group(1))
    roots = [work, Path(tempfile.gettempdir()), Path.home() / ".cache"]
    assert files_mentioning(name, [root for root in roots if root.exists()], start, skip=cups.root) == []
