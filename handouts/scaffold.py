"""A new clinic style with every key explained, and the JSON Schemas editors use to help."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import library
from .errors import HandoutError, Problem
from .loading import load_style
from .models import Model, Style, Topic, describe_fields

SCHEMAS = Path(__file__).resolve().parent / "schemas"
MODELS: dict[str, type[Model]] = {"topic": Topic, "style": Style}


def schema_text(kind: str) -> str:
    """The JSON Schema of a file format, as the text kept in handouts/schemas/."""
    describe_fields()
    schema = MODELS[kind].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"handouts {kind} file"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


_STYLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", re.ASCII)


def new_style(name: str, folder: Path) -> Path:
    """Write ``folder/<name>.yaml``: every key, each with a comment, extending the default style."""
    if not _STYLE_NAME.fullmatch(name):
        # The name is not repeated: it may not even be printable (bytes that are not UTF-8).
        raise HandoutError(
            [Problem("that is not a usable style name: use 1 to 64 letters, digits, dashes and underscores")]
        )
    target = folder / f"{name}.yaml"
    if target.exists():
        raise HandoutError([Problem(f"{target} already exists; choose another name or edit that file")])
    default = load_style(library.BUNDLED / "styles" / "default.yaml")
    describe_fields()
    lines = [
        f"# yaml-language-server: $schema={SCHEMAS / 'style.schema.json'}",
        f"# Style '{name}': change what you need, delete what you do not. Colours need quotes.",
        "extends: default",
    ]
    values = default.model_dump(exclude={"extends"})
    lines += _yaml_lines(Style, values, 0)
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as stream:  # "x": never overwrite a file that appeared meanwhile
        stream.write("\n".join(lines) + "\n")
    return target


def _yaml_lines(model: type[BaseModel], values: dict[str, Any], depth: int) -> list[str]:
    pad = "  " * depth
    out: list[str] = []
    for key, field in model.model_fields.items():
        if key == "extends":
            continue
        comment = " ".join((field.description or "").split())
        value = values.get(key)
        nested = _model_of(field.annotation)
        if nested is not None and isinstance(value, dict):
            out.append(f"{pad}{key}:{'  # ' + comment if comment else ''}")
            out += _yaml_lines(nested, value, depth + 1)
            continue
        out.append(f"{pad}{key}: {_scalar(value)}" + (f"  # {comment}" if comment else ""))
    return out


def _model_of(annotation: Any) -> type[BaseModel] | None:
    candidates = [annotation, *getattr(annotation, "__args__", ())]
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)  # always quoted: "#1F5A8C", "911", "No" stay text
