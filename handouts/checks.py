"""Checks beyond the schema: readability, sentence length, review dates, stale translations,
glyphs the font lacks, and the page budget (which needs the real layout, so it builds in memory).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from . import clock, library, locales, readability
from .batch import Job, load
from .errors import HandoutError, Problem, problems_for
from .glyphs import missing_fixed_glyphs, missing_glyphs
from .labels import labels_for
from .loading import LoadedTopic, all_texts, load_topic, typed_path, with_placeholders
from .models import Style, text_for
from .slips import check_slips
from .urgency import check_tiers
from .yamlfile import Path_

DEFAULT_GRADE_ERROR = 8.0  # NIH: below grade 8
GRADE_WARNING = 6.0  # AMA: grade 6
SPANISH_EASE_ERROR = 60.0  # Fernández-Huerta below 60 is "difficult"
SPANISH_EASE_WARNING = 70.0  # 70 and above is "fairly easy"
LONG_SENTENCE = 25


@dataclass
class Report:
    """What check found for one handout: a summary line and its problems."""

    name: str
    facts: list[str]
    problems: list[Problem]

    def line(self) -> str:
        worst = "ok" if not self.problems else ("errors" if self.has_errors() else "warnings")
        return f"{self.name}: {worst}" + (f" ({'; '.join(self.facts)})" if self.facts else "")

    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def check_jobs(
    jobs: list[Job],
    style: Style,
    papers: list[str],
    today: dt.date | None = None,
    *,
    allow_outside_paths: bool = False,
) -> Iterator[Report]:
    for job in jobs:
        try:
            loaded = load(job, allow_outside_paths=allow_outside_paths)
        except Exception as error:  # one topic's failure, whatever it is, never stops the check
            yield Report(job.name, [], problems_for(error, job.file))
            continue
        report = Report(job.name, [], [])
        for check in (check_reading, check_sentences, check_translation, check_slips):
            report.problems += check(loaded, report)
        report.problems += check_review(loaded, today or clock.today())
        report.problems += check_tiers(loaded)
        report.problems += check_foreign_words(loaded, style)
        try:
            # A character the font lacks stops the build, so the page budget cannot be measured.
            topic = with_placeholders(loaded, style)
            missing = missing_glyphs(topic, loaded, style) + missing_fixed_glyphs(style, labels_for(topic.language))
            report.problems += missing or check_pages(loaded, style, papers, job.large_print, report)
        except Exception as error:
            report.problems += problems_for(error, job.file)
        report.problems = [_not_to_edit(p) for p in report.problems]
        yield report


def _not_to_edit(problem: Problem) -> Problem:
    """A problem in a topic inside the installed tool, said so: edits there are lost on the next install."""
    if problem.file is None or not library.is_installed(problem.file):
        return problem
    return replace(
        problem,
        file=Path("bundled") / problem.file.name,
        message=f"{problem.message} (a topic that comes with handouts: to change it, copy {problem.file} into your "
        "topics folder and edit the copy, which is then used instead)",
    )


def check_reading(loaded: LoadedTopic, report: Report) -> list[Problem]:
    reading = readability.score(loaded.topic)
    report.facts.append(reading.summary())
    hardest = "; hardest sentences: " + " | ".join(
        f'line {loaded.doc.where(s.path)[0]}: "{s.text}"' for s, _ in reading.hardest
    )
    if reading.language == "es":
        ease = reading.scores["Fernández-Huerta"]
        if ease < SPANISH_EASE_ERROR:
            return [
                _whole(loaded, f"Fernández-Huerta reading ease {ease:.0f} is below {SPANISH_EASE_ERROR:.0f}" + hardest)
            ]
        if ease < SPANISH_EASE_WARNING:
            return [
                _whole(
                    loaded,
                    f"Fernández-Huerta reading ease {ease:.0f} is below {SPANISH_EASE_WARNING:.0f}" + hardest,
                    "warning",
                )
            ]
        return []
    grade = reading.scores["grade"]
    limit = loaded.topic.reading_grade_max
    if (limit is not None and grade > limit) or (limit is None and grade >= DEFAULT_GRADE_ERROR):
        most = f"at most {limit:g}" if limit is not None else f"below {DEFAULT_GRADE_ERROR:g}"
        return [_whole(loaded, f"reading grade {grade:.1f} (Flesch-Kincaid) is too hard; aim for {most}" + hardest)]
    if grade > GRADE_WARNING and (limit is None or limit <= GRADE_WARNING or grade > limit):
        return [
            _whole(
                loaded, f"reading grade {grade:.1f} (Flesch-Kincaid) is above {GRADE_WARNING:g}" + hardest, "warning"
            )
        ]
    return []


def _whole(loaded: LoadedTopic, message: str, severity: str = "error", path: Path_ = ()) -> Problem:
    return loaded.doc.problem(path, message, severity=severity)


def check_sentences(loaded: LoadedTopic, report: Report) -> list[Problem]:
    return [
        loaded.doc.problem(
            s.path, f'a sentence of {s.words} words (over {LONG_SENTENCE}): split it: "{s.text}"', severity="warning"
        )
        for s in readability.sentences(loaded.topic)
        if s.words > LONG_SENTENCE
    ]


def check_review(loaded: LoadedTopic, today: dt.date) -> list[Problem]:
    due = loaded.topic.review_due_date
    if due >= today:
        return []
    path: Path_ = ("review_due",) if loaded.topic.review_due else ("reviewed",)
    return [
        loaded.doc.problem(
            path, f"review was due on {due.isoformat()}; review the text and update the dates", severity="warning"
        )
    ]


def check_translation(loaded: LoadedTopic, report: Report) -> list[Problem]:
    topic = loaded.topic
    if library.yaml_stem(loaded.file.name) == loaded.id:
        return []  # the source itself
    if topic.translation_of is None:
        return [
            loaded.doc.problem(
                ("translation_of",),
                'a translation should say which version it follows: translation_of: "..."',
                severity="warning",
            )
        ]
    source_file = library.scan_topics(loaded.file.parent)[loaded.id].source
    if source_file is None:
        return []
    try:
        # Pictures are not opened: only the version matters here.
        source = load_topic(source_file, check_pictures=False).topic
    except HandoutError:
        # The source's own problems are reported when it is checked; here, once, what that means.
        return [
            loaded.doc.problem(
                ("translation_of",),
                f"cannot compare with {source_file.name}, which has errors; fix it (handouts check {loaded.id}) "
                "and check again",
                severity="warning",
            )
        ]
    if source.version != topic.translation_of:
        return [
            loaded.doc.problem(
                ("translation_of",),
                f"this translation follows version {topic.translation_of}, but {source_file.name} is version "
                f"{source.version}: update the translation",
                severity="warning",
            )
        ]
    return []


# Wording of the English locales that must never print in another language's handout.
_ENGLISH_LOCALE_WORDS = ("emergency_department", "family_doctor", "therapist")
_ENGLISH_ROUTE_WORDS = ("urgent care", "same-day visit", "urgent GP appointment", "NHS 111")


def english_fixed_words(style: Style) -> list[str]:
    """The English words the layout, the locales and the clinic's style print: labels, emergency
    and same-day wording, the clinic's English tagline and disclaimer."""
    labels = labels_for("en").words
    words: list[str] = []
    for value in labels.values():
        for part in value if isinstance(value, list) else [value]:
            words += [chunk.strip(" :.") for chunk in re.split(r"\{[^}]*\}", str(part))]
    for locale in locales.KNOWN:
        if locale.startswith("en-"):
            words += [locales.words(locale)[name] for name in _ENGLISH_LOCALE_WORDS]
    words += _ENGLISH_ROUTE_WORDS
    for own in (style.emergency_department, style.same_day_route):
        if own is not None and locales.main_language(style) == "en":
            words.append(text_for(own, "en"))
    # Short pieces ("of", "May") are words of other languages too; keep what is surely English.
    return sorted({w for w in words if len(w) >= 4 or w.isupper()}, key=len, reverse=True)


def check_foreign_words(loaded: LoadedTopic, style: Style) -> list[Problem]:
    """A handout in another language than English prints no English fixed words: no English
    tagline or disclaimer from the clinic's style, and no English wording in its text."""
    language = loaded.topic.language
    base = language.split("-")[0]
    if base == "en":
        return []
    problems = []
    if labels_for(language).language != base:
        problems.append(
            loaded.doc.problem(
                ("language",),
                f"handouts has no fixed words (labels) for '{language}', so this handout would print them in "
                f"English; add handouts/labels/{base}.yaml",
            )
        )
    printed = [("disclaimer", style.disclaimer, style.disclaimer_for("en"))]
    if style.clinic.tagline is not None and style.header.show_tagline:
        printed.append(("clinic.tagline", style.clinic.tagline, style.clinic.tagline_for("en") or ""))
    if style.footer.extra_line is not None:
        printed.append(("footer.extra_line", style.footer.extra_line, style.footer.extra_line_for("en") or ""))
    for key, value, english in printed:
        if _untranslated(value, base):
            problems.append(
                loaded.doc.problem(
                    ("language",),
                    f"the clinic style's {key} has no '{base}' text, so this handout would print it in English "
                    f"('{english}'); give {key} per language, e.g. {base}: ...",
                )
            )
    try:
        topic = with_placeholders(loaded, style)
    except HandoutError:
        return problems  # the build reports these
    words = english_fixed_words(style)
    for path, text in all_texts(topic.model_dump(exclude={"sources", "words"}), ()):
        for word in words:
            if re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text):
                problems.append(
                    loaded.doc.problem(
                        typed_path(loaded.doc, path), f"'{word}' is English, in a handout in '{language}'; translate it"
                    )
                )
                break
    return problems


def _untranslated(value: str | dict[str, str], base: str) -> bool:
    return isinstance(value, str) or not any(key.split("-")[0] == base for key in value)


def check_pages(
    loaded: LoadedTopic, style: Style, papers: list[str], large_print: bool, report: Report
) -> list[Problem]:
    from .build import Options, measure_handout

    budget = loaded.topic.max_pages_large if large_print else loaded.topic.max_pages
    key = "max_pages_large" if large_print else "max_pages"
    problems: list[Problem] = []
    pages = []
    for paper in papers:
        built = measure_handout(loaded, style, Options(paper=paper, large_print=large_print))
        pages.append(f"{paper} {built.pages} {'page' if built.pages == 1 else 'pages'}")
        edition = " in large print" if large_print else ""
        problems += [
            loaded.doc.problem(path, f"on {paper} paper{edition}, {why}", severity="warning")
            for path, why in built.fill_problems
        ]
        if built.pages > budget:
            problems.append(
                loaded.doc.problem(
                    (key,),
                    f"needs {built.pages} pages on {paper} paper{' in large print' if large_print else ''}; "
                    f"the page budget is {budget} (shorten the text, or raise {key})",
                )
            )
    report.facts.append(", ".join(pages))
    return problems
