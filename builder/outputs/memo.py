"""Memo: work that render may be handed from an earlier build, without knowing where it was kept.

Some of what the pages need is made from many events at once (related sessions, the proceedings'
themes) and costs more than one edit should pay again. render asks a Memo for it, naming the
inputs the result is made from and only from; the plain pipeline's Memo makes it every time, the
build engine's (builder/engine/memo.py) answers from its cache when those inputs are unchanged.
Either way the result is the one `make` gives, so the engine changes only how fast a build is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

Item = TypeVar("Item")
Value = TypeVar("Value")


class Memo(Protocol):
    def each(self, kind: str, items: Sequence[Item], make: Callable[[Item], Value]) -> list[Value]:
        """`make(item)` for each item: a pure function of the item (a model entity) alone."""
        ...

    def one(self, kind: str, inputs: Any, make: Callable[[], Value]) -> Value:
        """`make()`, a pure function of `inputs` (model entities and containers of them) alone."""
        ...


class Fresh:
    """The Memo that keeps nothing: everything is made when asked for."""

    def each(self, kind: str, items: Sequence[Item], make: Callable[[Item], Value]) -> list[Value]:
        return [make(item) for item in items]

    def one(self, kind: str, inputs: Any, make: Callable[[], Value]) -> Value:
        return make()


FRESH = Fresh()
