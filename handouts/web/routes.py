"""The front desk's pages. Each route reads the request, asks the ``Desk``, renders a template."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue

from ..errors import HandoutError, Problem
from ..story import Personal
from .catalogue import language_name
from .desk import PAPERS, Choice, Desk

blueprint = Blueprint("desk", __name__)
LONGEST_DETAIL = 200  # characters in a Prepared-for field: a name or a short note, not a letter
EDITIONS = {"standard": False, "large": True}


def desk() -> Desk:
    found: Desk = current_app.extensions["handouts_desk"]
    return found


@dataclass
class Outcome:
    """What happened when the desk printed: one line to show, lines for the record, or problems."""

    message: str = ""
    record: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# ----- reading the request -----


def choices_from(values: Mapping[str, str], topic: str) -> Choice:
    edition = values.get("edition", "") or "standard"
    if edition not in EDITIONS:
        raise HandoutError([Problem(f"unknown edition '{edition}'; editions: standard, large")])
    return Choice(topic, values.get("lang", ""), EDITIONS[edition], values.get("style", ""), values.get("paper", ""))


def personal_from(values: Mapping[str, str]) -> Personal:
    fields = {"patient": "Patient name", "clinician": "Clinician", "note": "Note"}
    details: dict[str, str | None] = {}
    for key, label in fields.items():
        text = " ".join(values.get(key, "").split())
        if len(text) > LONGEST_DETAIL:
            raise HandoutError([Problem(f"{label} is too long ({len(text)} characters); keep it to {LONGEST_DETAIL}")])
        details[key] = text or None
    return Personal(**details)


def print_settings(values: Mapping[str, str]) -> tuple[str, int, bool]:
    copies = values.get("copies", "1").strip() or "1"
    if not copies.isdigit() or not 1 <= int(copies) <= 99:
        raise HandoutError([Problem(f"copies must be a whole number from 1 to 99, not '{copies}'")])
    return values.get("printer", ""), int(copies), values.get("sides", "two-sided") == "one-sided"


# ----- pages -----


@blueprint.route("/")
def index() -> str:
    catalogue = desk().catalogue()
    query = request.args.get("q", "").strip()
    found = catalogue.search(query) if query else catalogue.topics
    return render_template(
        "index.html", query=query, topics=found, total=len(catalogue.topics), problems=catalogue.problems
    )


@blueprint.route("/search.json")
def search() -> Response:
    """The ids matching ``q``, for the search field's filter-as-you-type (the page works without it)."""
    catalogue = desk().catalogue()
    return jsonify(ids=[topic.id for topic in catalogue.search(request.args.get("q", ""))])


@blueprint.route("/topics/<topic_id>", methods=["GET", "POST"])
def topic(topic_id: str) -> ResponseReturnValue:
    values = request.form if request.method == "POST" else request.args
    personal = personal_from(request.form) if request.method == "POST" else Personal()
    return topic_page(choices_from(values, topic_id), personal)


@blueprint.route("/topics/<topic_id>.pdf")
def topic_pdf(topic_id: str) -> Response:
    """The non-personal handout, byte for byte what ``handouts build`` writes with the same options."""
    _, handover = desk().handout(choices_from(request.args, topic_id))
    return _pdf(handover.data, handover.file_name, attachment=False)


# The HTML edition is one self-contained page: its style sheet, fonts and pictures are inside it.
WEB_PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@blueprint.route("/topics/<topic_id>.html")
def topic_html(topic_id: str) -> Response:
    """The HTML edition, byte for byte what ``handouts build --format html`` writes."""
    handover = desk().web_page(choices_from(request.args, topic_id))
    response = current_app.response_class(handover.data, mimetype="text/html")
    response.headers["Content-Security-Policy"] = WEB_PAGE_POLICY
    return response


@blueprint.route("/topics/<topic_id>/pages/<int:page>.jpg")
def preview(topic_id: str, page: int) -> Response:
    picture = desk().preview(choices_from(request.args, topic_id), page)
    response = current_app.response_class(picture, mimetype="image/jpeg")
    return response


@blueprint.route("/topics/<topic_id>/download", methods=["POST"])
def download(topic_id: str) -> ResponseReturnValue:
    choice = choices_from(request.form, topic_id)
    try:
        handover = desk().personal([choice], personal_from(request.form))
    except HandoutError as error:
        return topic_page(choice, Personal(), Outcome(problems=_lines(error)), status=422)
    return _pdf(handover.data, handover.file_name, attachment=True)


@blueprint.route("/topics/<topic_id>/print", methods=["POST"])
def print_topic(topic_id: str) -> ResponseReturnValue:
    choice = choices_from(request.form, topic_id)
    outcome = send_to_printer([choice])
    return topic_page(choice, Personal(), outcome, status=422 if outcome.problems else 200)


@blueprint.route("/packet")
def packet() -> ResponseReturnValue:
    return packet_page(request.args.getlist("topic"), request.args, Outcome())


@blueprint.route("/packet/download", methods=["POST"])
def packet_download() -> ResponseReturnValue:
    ids = request.form.getlist("topic")
    try:
        choices = [choices_from(request.form, topic_id) for topic_id in ids]
        if not choices:
            raise HandoutError([Problem("tick at least one topic for the packet")])
        handover = desk().personal(choices, personal_from(request.form))
    except HandoutError as error:
        return packet_page(ids, request.form, Outcome(problems=_lines(error)), status=422)
    return _pdf(handover.data, handover.file_name, attachment=True)


@blueprint.route("/packet/print", methods=["POST"])
def packet_print() -> ResponseReturnValue:
    ids = request.form.getlist("topic")
    try:
        choices = [choices_from(request.form, topic_id) for topic_id in ids]
    except HandoutError as error:
        return packet_page(ids, request.form, Outcome(problems=_lines(error)), status=422)
    outcome = send_to_printer(choices)
    return packet_page(ids, request.form, outcome, status=422 if outcome.problems else 200)


@blueprint.route("/fonts/<name>")
def font(name: str) -> Response:
    """The handouts' own typeface (Atkinson Hyperlegible), served from its Python package."""
    import fontpkg_atkinson_hyperlegible as atkinson

    faces = {"regular.ttf": "AtkinsonHyperlegible-Regular.ttf", "bold.ttf": "AtkinsonHyperlegible-Bold.ttf"}
    if name not in faces:
        abort(404)
    return send_file(atkinson.ROOT / "files" / faces[name], mimetype="font/ttf", max_age=86400)


# ----- building the pages -----


def send_to_printer(choices: list[Choice]) -> Outcome:
    try:
        if not choices:
            raise HandoutError([Problem("tick at least one topic for the packet")])
        printer, copies, one_sided = print_settings(request.form)
        results = desk().print(
            choices, personal_from(request.form), printer=printer, copies=copies, one_sided=one_sided
        )
    except HandoutError as error:
        return Outcome(problems=_lines(error))
    problems = [str(problem) for result in results for problem in result.problems]
    if problems or not results:
        return Outcome(problems=[*problems, "error: nothing was printed"])
    first = results[0]
    if len(results) == 1:
        what = first.summary(copies)
    else:
        pages = sum(result.pages for result in results)
        sides = "one-sided" if first.sides == "one-sided" else "double-sided"
        what = f"{len(results)} handouts, {pages} pages, {sides}, {copies} cop" + ("y" if copies == 1 else "ies")
    return Outcome(
        message=f"Sent to {first.printer} as {first.request}: {what}.",
        record=[desk().record(choice) for choice in choices],
    )


def printing_context(choice: Choice) -> dict[str, Any]:
    """The printers for the Print group, or the line saying why there are none."""
    try:
        printers = desk().printers()
    except HandoutError as error:
        return {"printers": [], "preferred": None, "printer_problem": _lines(error)[0]}
    problem = "" if printers.names else "error: no printers are set up in the print service (CUPS)"
    return {
        "printers": printers.names,
        "preferred": desk().preferred_printer(choice, printers),
        "printer_problem": problem,
    }


def style_options() -> list[tuple[str, str]]:
    """(name, what to show) for each style the desk offers."""
    options = []
    for name in desk().config.style_names:
        try:
            options.append((name, f"{desk().style(name).clinic.name} ({name})"))
        except HandoutError:
            options.append((name, name))
    return options


def topic_page(
    choice: Choice, personal: Personal, outcome: Outcome | None = None, status: int = 200
) -> tuple[str, int]:
    the_desk = desk()
    try:
        languages = the_desk.languages(choice.topic)
    except HandoutError as error:
        unknown = not any(p.file for p in error.problems)
        return problem_page("This handout cannot be shown", _lines(error), 404 if unknown else 422)
    try:
        loaded = the_desk.loaded(choice)
    except HandoutError as error:
        return problem_page("This handout cannot be shown", _lines(error), 422)
    preview_problems: list[str] = []
    pages = 0
    try:
        built, _ = the_desk.handout(choice)
        pages = built.pages
    except HandoutError as error:
        preview_problems = _lines(error)
    query: dict[str, Any] = {"topic_id": choice.topic, **choice.query()}
    context = {
        "choice": choice,
        "topic": loaded.topic,
        "topic_id": choice.topic,
        "languages": [(code, language_name(code)) for code in languages],
        "styles": style_options(),
        "papers": PAPERS,
        "personal": personal,
        "outcome": outcome or Outcome(),
        "pages": pages,
        "preview_problems": preview_problems,
        "pdf_url": url_for("desk.topic_pdf", **query),
        "html_url": url_for("desk.topic_html", **query),
        "preview_urls": [url_for("desk.preview", page=n, **query) for n in range(1, pages + 1)],
        "overdue": loaded.topic.review_due_date < the_desk.today(),
        **printing_context(choice),
    }
    return render_template("topic.html", **context), status


def packet_page(ids: list[str], values: Mapping[str, str], outcome: Outcome, status: int = 200) -> tuple[str, int]:
    the_desk = desk()
    catalogue = the_desk.catalogue()
    chosen = [topic for topic in catalogue.topics if topic.id in ids]
    missing = [topic_id for topic_id in ids if topic_id not in {topic.id for topic in chosen}]
    problems = [f"error: unknown topic '{topic_id}'" for topic_id in missing] + outcome.problems
    if not chosen:
        problems = problems or ["error: tick at least one topic for the packet"]
    shared = set.intersection(*(set(topic.languages) for topic in chosen)) if chosen else set()
    try:
        choice = choices_from(values, chosen[0].id if chosen else "")
    except HandoutError as error:
        choice, problems = Choice(""), problems + _lines(error)
    context = {
        "chosen": chosen,
        "choice": choice,
        "languages": [("", "Each handout's own language")] + [(c, language_name(c)) for c in sorted(shared)],
        "styles": style_options(),
        "papers": PAPERS,
        "personal": Personal(),
        "outcome": Outcome(outcome.message, outcome.record, problems),
        **printing_context(choice),
    }
    return render_template("packet.html", **context), status


def problem_page(heading: str, lines: list[str], status: int) -> tuple[str, int]:
    return render_template("problem.html", heading=heading, lines=lines), status


def _lines(error: HandoutError) -> list[str]:
    return [str(problem) for problem in error.problems]


def _pdf(data: bytes, file_name: str, *, attachment: bool) -> Response:
    import io

    return send_file(
        io.BytesIO(data), mimetype="application/pdf", as_attachment=attachment, download_name=file_name, etag=False
    )
