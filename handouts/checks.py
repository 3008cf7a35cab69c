"""Checks beyond the schema. The page budget needs the real layout, so it builds in memory."""

from __future__ import annotations

from collections.abc import Iterator

from .batch import Job, load
from .errors import HandoutError, Problem
from .models import Style


def check_jobs(jobs: list[Job], style: Style, papers: list[str]) -> Iterator[tuple[str, list[Problem]]]:
    """For each job: a one-line summary (empty when it failed) and its problems."""
    from .build import Options, build_handout

    for job in jobs:
        try:
            loaded = load(job)
            problems: list[Problem] = []
            pages: list[str] = []
            budget = loaded.topic.max_pages
            for paper in papers:
                built = build_handout(loaded, style, Options(paper=paper, large_print=job.large_print))
                pages.append(f"{paper} {built.pages} {'page' if built.pages == 1 else 'pages'}")
                if built.pages > budget:
                    problems.append(
                        loaded.doc.problem(
                            ("max_pages",),
                            f"needs {built.pages} pages on {paper} paper; the page budget is {budget} "
                            "(shorten the text, or raise max_pages)",
                        )
                    )
        except HandoutError as error:
            yield "", error.problems
            continue
        summary = f"{job.name}: " + ("ok" if not problems else "over budget") + f" ({', '.join(pages)})"
        yield summary, problems
