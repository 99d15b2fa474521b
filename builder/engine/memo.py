"""The build cache as render's Memo (builder/outputs/memo.py): a result is kept under the digest of
the builder, its kind and the fingerprint of its inputs, so it is reused exactly when it would be
made again from the same inputs by the same code."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from builder.engine.cache import Cache, pack, unpack
from builder.engine.fingerprint import Fingerprints, digest

Item = TypeVar("Item")
Value = TypeVar("Value")


class CachedMemo:
    def __init__(self, cache: Cache, fingerprints: Fingerprints, version: str) -> None:
        self.cache, self.fingerprints, self.version = cache, fingerprints, version

    def each(self, kind: str, items: Sequence[Item], make: Callable[[Item], Value]) -> list[Value]:
        keys = [digest(self.version, kind, self.fingerprints.of(item)) for item in items]
        found = self.cache.fragments(keys)  # one query per batch of keys, not one per item
        made: list[Value] = []
        fresh = []
        for key, item in zip(keys, items, strict=True):
            if key in found:
                made.append(unpack(found[key]))
            else:
                made.append(make(item))
                fresh.append((key, pack(made[-1])))
        self.cache.store_fragments(fresh)
        return made

    def one(self, kind: str, inputs: Any, make: Callable[[], Value]) -> Value:
        key = digest(self.version, kind, self.fingerprints.of(inputs))
        found = self.cache.fragments([key]).get(key)
        if found is not None:
            return unpack(found)
        value = make()
        self.cache.store_fragments([(key, pack(value))])
        return value
