"""The code stays lint-clean, formatted and type-checked (mypy --strict), as part of the suite."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO

# New releases of ruff and mypy bring new rules: these hold for the pinned versions only.
pytestmark = pytest.mark.pinned


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True)


def test_ruff_lint() -> None:
    result = run_tool("ruff", "check", "handouts", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = run_tool("ruff", "format", "--check", "handouts", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = run_tool("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
