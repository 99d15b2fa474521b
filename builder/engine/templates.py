"""The theme, made fast: templates kept compiled between builds, and each template's digest
(its text and every template it extends, includes or imports), so a changed template rebuilds
only the pages that use it."""

from __future__ import annotations

import functools
import io
import os
from contextlib import suppress
from pathlib import Path

import jinja2
from jinja2 import meta

from builder.engine import cache
from builder.engine.fingerprint import digest
from builder.outputs.theme import ITEM_TEMPLATE


def compiled(folder: Path | None) -> jinja2.BytecodeCache | None:
    """A store of compiled templates in `folder` (of the build cache), if it can be made."""
    if folder is None:
        return None
    with suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        return _Compiled(str(folder))
    return None


class _Compiled(jinja2.FileSystemBytecodeCache):
    """Templates as an earlier build compiled them (Jinja checks each against its source and its own
    version): compiling them again is a good part of a one-event edit. Compiled Python runs when
    loaded, and the cache sits where a pull request can place files, so each is kept sealed with the
    user's secret (cache.seal) and one whose seal does not hold is compiled afresh. A cache that
    cannot be written only costs that time."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            with open(self._get_cache_filename(bucket), "rb") as file:
                data = cache.unseal(file.read())
        except OSError:
            return
        if data is not None:
            bucket.load_bytecode(io.BytesIO(data))

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        written = io.BytesIO()
        bucket.write_bytecode(written)
        path = self._get_cache_filename(bucket)
        temporary = f"{path}.{os.getpid()}"
        try:
            with open(temporary, "wb") as file:
                file.write(cache.seal(written.getvalue()))
            os.replace(temporary, path)
        except OSError:
            with suppress(OSError):
                os.unlink(temporary)


def template_digest(env: jinja2.Environment, name: str) -> str:
    """The digest of a template with all it extends, includes and imports, and the template of the
    `event_item` global, which any template may call. A name computed as it renders could be any
    template: then it is the digest of them all."""
    sources: dict[str, str] = {}
    waiting = [name, ITEM_TEMPLATE]
    while waiting:
        current = waiting.pop()
        if current in sources:
            continue
        sources[current] = env.loader.get_source(env, current)[0]  # type: ignore[union-attr]
        for referenced in _referenced(sources[current]):
            if referenced is None:
                every = sorted(env.list_templates())
                return digest(*every, *(env.loader.get_source(env, n)[0] for n in every))  # type: ignore[union-attr]
            waiting.append(referenced)
    return digest(*(part for key in sorted(sources) for part in (key, sources[key])))


_SYNTAX = jinja2.Environment()


@functools.lru_cache(maxsize=256)
def _referenced(source: str) -> tuple[str | None, ...]:
    """The templates a template's text names (each text parsed once: every page's fingerprint
    asks). Parsing needs only Jinja's syntax, so a plain environment does it and no build's
    environment is kept."""
    return tuple(meta.find_referenced_templates(_SYNTAX.parse(source)))
