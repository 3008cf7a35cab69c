"""PDF renderers of the block types, model -> ReportLab flowables.

Each block type's definition (``models.BLOCK_TYPES``) names its renderer; the names are resolved
here once, on import, so a missing or mistyped renderer fails at once rather than mid-build.
"""

from __future__ import annotations

import importlib
import typing
from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable

from .. import models
from .common import (
    BlockError,
    Context,
    Icon,
    Para,
    SectionHeading,
    box_padding,
    boxed,
    item_list,
    para,
    table_style,
    unbreakable,
)

Renderer = Callable[[Any, Context], list[Flowable]]


def resolve_renderer(package: str, name: str, model: type[models.BlockModel]) -> Callable[..., Any]:
    """The function ``module.function`` names in ``package``, checked to render ``model``
    (its first parameter is annotated with it); a TypeError naming the block type if not."""
    module, _, function = name.rpartition(".")
    try:
        found = getattr(importlib.import_module(f"{package}.{module}"), function)
    except (ImportError, AttributeError) as error:
        raise TypeError(f"block type '{model.key}': no renderer {name} in {package} ({error})") from None
    first = next(iter(typing.get_type_hints(found).values()), None)
    if first is not model:
        raise TypeError(f"block type '{model.key}': {package}.{name} renders {first}, not {model.__name__}")
    return typing.cast(Callable[..., Any], found)


RENDERERS: dict[type[models.BlockModel], Renderer] = {
    model: resolve_renderer(__name__, model.pdf, model) for model in models.BLOCK_TYPES.values()
}


def render_block(block: models.BlockModel, ctx: Context) -> list[Flowable]:
    return RENDERERS[type(block)](block, ctx)


__all__ = [
    "RENDERERS",
    "BlockError",
    "Context",
    "Icon",
    "Para",
    "SectionHeading",
    "box_padding",
    "boxed",
    "item_list",
    "para",
    "render_block",
    "resolve_renderer",
    "table_style",
    "unbreakable",
]
