"""Validation errors in the user's terms: each pydantic error becomes one line that points into
the user's file, names the key as they wrote it, and says what to do."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from . import models
from .errors import HandoutError, Problem, did_you_mean
from .models import BLOCK_TYPES, TAG_PREFIX
from .yamlfile import Path_, YamlDocument, quoted

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], doc: YamlDocument) -> M:
    if not isinstance(doc.data, dict):
        got = "an empty file" if doc.data is None else _kind(doc.data)
        raise HandoutError([doc.problem((), f"expected a mapping of keys such as 'title:', got {got}")])
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        errors = error.errors(include_url=False)
        # "titel: unknown key; did you mean 'title'?" already says what "title: missing" would.
        echoed = {_suggested(e) for e in errors if e["type"] == "extra_forbidden"}
        kept = [e for e in errors if not (e["type"] == "missing" and _clean(e["loc"]) in echoed)]
        raise HandoutError([_problem(doc, e) for e in kept]) from None


def _suggested(error: ErrorDetails) -> Path_:
    """The key an unknown key was probably meant to be, at the same level; () when none is close."""
    path = _clean(error["loc"])
    hint = did_you_mean(str(path[-1]), _VOCABULARY) if path else ""
    return (*path[:-1], hint.split("'")[1]) if hint else ()


_VOCABULARY = {
    name
    for model in vars(models).values()
    if isinstance(model, type) and issubclass(model, models.Model)
    for name in model.model_fields
}


def _problem(doc: YamlDocument, error: ErrorDetails) -> Problem:
    path = _without_union_tags(doc, _clean(error["loc"]))
    kind, value = error["type"], error.get("input")
    name = path[-1] if path else ""
    if kind == "extra_forbidden":
        hint = did_you_mean(str(name), _VOCABULARY)
        return doc.problem(path, f"unknown key '{name}'" + (f"; {hint}" if hint else ""), key=True)
    if kind == "missing":
        return doc.problem(path, f"required key '{name}' is missing")
    if kind == "unknown_block":
        return doc.problem(path, _unknown_block(value))
    if value is None and kind.endswith("_type"):
        if "colors" in path:
            return doc.problem(
                path, 'no colour given; put it in quotes, e.g. "#1F5A8C" (YAML reads an unquoted # as a comment)'
            )
        return doc.problem(path, "this is empty; give a value or remove the key" + _nothing_indented_under(doc, path))
    return doc.problem(path, _message(kind, value, error))


def _clean(loc: tuple[int | str, ...]) -> Path_:
    """Drop pydantic's union tags from a location, leaving the user's own keys."""
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith(TAG_PREFIX)))


def _without_union_tags(doc: YamlDocument, path: Path_) -> Path_:
    """Drop the ``text``/``mapping`` tags of text-or-mapping unions (a source, the disclaimer):
    a part that is not in the file while the part before it is was added by pydantic."""
    kept: Path_ = ()
    for part in path:
        spot = (*kept, part)
        if part in ("text", "mapping") and spot not in doc.values and spot not in doc.keys and kept in doc.values:
            continue
        kept = spot
    return kept


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"the text '{value}'"


def _unknown_block(value: Any) -> str:
    types = ", ".join(BLOCK_TYPES)
    if isinstance(value, dict) and len(value) == 1:
        (key,) = value
        if " " in str(key).strip() and value[key] is None:
            # "- See your doctor if:" is a sentence, but YAML reads the colon as key and value.
            return "this text ends with ':' so YAML reads it as a key; put the whole text in quotes"
        hint = did_you_mean(str(key), list(BLOCK_TYPES))
        if not hint and (sentence := _colon_sentence(value, list_item=True)):
            return sentence
        return f"unknown block type '{key}'; " + (hint or f"use one of: {types}")
    if isinstance(value, dict):
        keys = ", ".join(f"'{k}'" for k in value) or "none"
        return f"a block needs exactly one type key ({types}); found {keys}: start each block with its own '- '"
    return f"expected a paragraph of text or a block ({types}), got {_kind(value)}"


def _nothing_indented_under(doc: YamlDocument, path: Path_) -> str:
    """For ``bullets:`` with its items not indented under it: YAML reads it as empty."""
    if not path or path not in doc.keys:
        return ""
    line, column = doc.keys[path]
    lines = doc.text.splitlines()
    following = next((text for text in lines[line:] if text.strip() and not text.lstrip().startswith("#")), "")
    if following.lstrip().startswith("- ") and len(following) - len(following.lstrip()) < column:
        return f" (if the lines below belong to '{path[-1]}:', indent them further than '{path[-1]}')"
    return ""


def _colon_sentence(value: Any, *, list_item: bool) -> str:
    """For ``- Important: keep your feet dry.``: a sentence YAML split at its colon into a name and a value."""
    if not (isinstance(value, dict) and len(value) == 1):
        return ""
    ((key, rest),) = value.items()
    if not isinstance(key, str) or not isinstance(rest, str):
        return ""
    return (
        f'the colon after "{key}" makes this line read as a "name: value" pair; put the whole sentence in quotes: '
        + ("- " if list_item else "")
        + quoted(f"{key}: {rest}")
    )


def _message(kind: str, value: Any, error: ErrorDetails) -> str:
    ctx = error.get("ctx", {})
    if kind == "string_type":
        item = bool(error["loc"]) and isinstance(error["loc"][-1], int)
        return _colon_sentence(value, list_item=item) or f"expected text, got {_kind(value)}"
    if kind == "list_type":
        if isinstance(value, str) and value.startswith("-") and value[1:2] not in ("", " "):
            return f"put a space after the '-' that starts a list item: - {value[1:]}"
        return f"expected a list (lines starting with '- '), got {_kind(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping (key: value lines), got {_kind(value)}"
    if kind == "too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern.startswith("^#"):
            return f"expected a colour as \"#RRGGBB\" (six hex digits, in quotes), got '{value}'"
        if pattern.startswith("^https"):
            return f"expected an address starting with https://, got '{value}'"
        if pattern.startswith("^[a-z]"):
            return f"expected a language code such as 'en' or 'es', got '{value}'"
    if kind.startswith("date"):
        return f"expected a date as YYYY-MM-DD (e.g. 2026-11-01), got '{value}'"
    if kind in ("int_parsing", "int_from_float"):
        return f"expected a whole number, got '{value}'"
    if kind == "float_parsing":
        return f"expected a number, got '{value}'"
    if kind == "bool_parsing":
        return f"expected yes or no (true or false), got '{value}'"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        choices = [c.strip() for c in expected.replace(" or ", ",").split(",") if c.strip()]
        hint = did_you_mean(str(value), choices)
        return f"expected one of {', '.join(choices)}, got '{value}'" + (f"; {hint}" if hint else "")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{error['msg'].lower()}, got {value}"
    return error["msg"]
