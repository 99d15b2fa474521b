"""The fast build: the stages of builder/pipeline.py, giving the same bytes, made cheap to repeat.

Four things make it fast. Markdown, VEVENTs and the like are made once per change of their
inputs, kept in the build cache (builder/engine/cache.py). Each output job (a page, a feed, a
calendar) carries a fingerprint of its inputs; a job whose files were built from the same
fingerprint and are still as written is skipped. When only event files were edited, the last
build's model is patched instead of made from every file (builder/engine/incremental.py). And
the work is spread over the cores (builder/engine/parallel.py). When nothing in the content,
theme or builder changed at all, the build stops after looking at the files.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from builder import output
from builder.content import markup, model, moments, sources, validation
from builder.engine import cache as cache_module
from builder.engine import incremental, inputs, memory, parallel, search_index
from builder.engine import templates as templates_module
from builder.engine.cache import Cache, Written, file_stamp, pack, unpack
from builder.engine.fingerprint import Fingerprints, code_version, digest
from builder.engine.memo import CachedMemo
from builder.outputs import ics, render, search, theme
from builder.outputs.credentials import BadgeKey
from builder.pipeline import badge_key, shown, source_date_epoch
from builder.problems import Problem

Progress = Callable[[str, int, int], None]  # (stage, done, total); called often, must be cheap
PATCHED = "edited event files"  # the progress stage of a build that patched the last build's model
# Renders listing fewer events than this in all (Job.weight) are made in this process: forking the
# workers costs more than a few light pages take (a small site, or an edit that redoes a few pages).
PARALLEL_WEIGHT = 2000
# A job weighing this share of all or more is long (the PDF, a page or feed listing many of the
# events): a worker takes it alone, never in a batch of such jobs that would keep it busy after the
# other cores are done.
LONG_SHARE = 200


@dataclass(frozen=True)
class Options:
    jobs: int = 0  # worker processes; 0 means one per core
    cache: Path | None = None  # the cache folder; None means no cache
    progress: Progress | None = None


def default_cache(content: Path) -> Path:
    """`.cache/` beside the content folder: outside the output, ignored by git."""
    return content.resolve().parent / ".cache"


def build(content: Path, out: Path, options: Options | None = None) -> list[Problem]:
    """Build the site into `out`; the previous `out` is left as it was if anything fails. A cache
    that cannot be read (garbled, or not written by this builder) is emptied, with a warning, and
    the site built afresh: a cache may only ever save time."""
    options = options or Options(cache=default_cache(content))
    jobs = options.jobs or parallel.default_jobs()
    memory.tune_heap()
    output.check_destination(out, content)
    output.recover(out)  # after a killed build: before the cache's record of the output is trusted
    try:
        return _build_cached(content, out, options, jobs)
    except (cache_module.Damaged, sqlite3.DatabaseError) as error:
        if options.cache is None:
            raise
        cache_module.clear(options.cache)
        damaged = Problem(str(options.cache / "cache.sqlite"), 1, "the build cache could not be read "
                          f"({_one_line(error)}); it was emptied and everything built afresh", "warning")
        return [damaged, *_build_cached(content, out, options, jobs)]


def _are_problems(value: Any) -> bool:
    fields = {"path": str, "line": int, "message": str, "severity": str}
    return isinstance(value, list) and all(
        isinstance(p, dict) and p.keys() == fields.keys() and all(isinstance(p[k], t) for k, t in fields.items())
        for p in value)


def _is_text_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def _one_line(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 100 else text[:97] + "..."


def _build_cached(content: Path, out: Path, options: Options, jobs: int) -> list[Problem]:
    """Build with the cache as it is; a damaged one raises Damaged or sqlite3.DatabaseError."""
    key = badge_key()  # before the cache is opened: a wrong key is a usage error, and nothing is touched
    cache = Cache(options.cache)
    full = False
    try:
        known = cache.json_state("inputs", inputs.is_stamps) or {}
        files, stamps = inputs.scan([content, *theme.override_folders(content), theme.BUILTIN], known)
        if stamps != known:
            cache.set_state("inputs", json.dumps(stamps))
        settings = _settings(content, out, key)
        everything = digest(settings, *(part for item in files.items() for part in item))
        recorded = _trusted_outputs(cache, out)
        if cache.state("input") == everything and recorded and _unchanged(out, recorded):
            return [Problem(**p) for p in cache.json_state("warnings", _are_problems) or []]
        warnings, full = _build(content, out, cache, recorded, jobs, options.progress, files, settings, key)
        cache.set_state("input", everything)
        cache.set_state("warnings", json.dumps([p.__dict__ for p in warnings]))
        return warnings
    finally:
        cache.close(prune=full)  # after a full build only: a patched one reads only what it changes


def _build(content: Path, out: Path, cache: Cache, recorded: dict[str, Written], jobs: int,
           progress: Progress | None, files: dict[str, str], settings: str,
           key: BadgeKey | None) -> tuple[list[Problem], bool]:
    """Build; return the warnings, and whether the model was made in full rather than patched."""
    with memory.collections(memory.RARE_COLLECTIONS):
        made = _site(content, cache, jobs, progress, files, settings)
        warnings, full = made.warnings, made.full
        # The pages and their search index go into one new tree, put in place at the end: the output
        # changes once, from the whole previous site to the whole new one (builder/output.py).
        with output.Writer(out, whole=not recorded) as writer:
            pages, records, rendered = _write(content, out, cache, recorded, made.site, jobs, progress,
                                              made.fingerprints, writer, key)
            save = partial(incremental.save, cache.folder, made.snapshot, made.fingerprints)
            del made  # the search stage's forked processes need little of the model (it has few cycles: no
            memory.trim()  # collection first, which finds next to nothing)
            bundles = {p: w for p, w in recorded.items() if p.startswith(search.OUTPUT + "/")}  # _write leaves them be
            indexed = _search(cache, out, bundles, pages, records, jobs, progress, save, writer)  # saved while indexing
            writer.commit(rendered.gone + indexed.gone, known=recorded)
        for stage in (rendered, indexed):  # recorded once in place: a failed build records nothing
            _record(cache, out, stage.written, stage.gone)
            for name, value in stage.states.items():
                cache.set_state(name, value)
    return warnings, full


@dataclass(frozen=True)
class _Staged:
    """What a stage gave the writer, for the cache once the new output is in place."""

    written: dict[str, Written]
    gone: list[str]
    states: dict[str, str]  # the cache's state values to set then


def _write(content: Path, out: Path, cache: Cache, recorded: dict[str, Written], site: model.Site, jobs: int,
           progress: Progress | None, fingerprints: Fingerprints,
           writer: output.Writer, key: BadgeKey | None) -> tuple[dict[str, str], dict[str, bytes], _Staged]:
    """Render the jobs whose inputs changed and stage their files; return the searchable pages
    (path -> digest of bytes), the search records of those rendered (path -> record, pickled) and
    what was staged. `fingerprints` is shared, so each event is digested once."""
    site_theme = theme.load_theme(content, templates_module.compiled(cache.folder / "templates" if cache.folder else None))
    pieces: dict[str, render.Pieces] = {}  # filled below; jobs read them only as they run
    zones: ics.Zones = {}
    planned: list[tuple[list[render.Job], list[tuple[str, str]]]] = []

    def make_plan() -> None:
        """The jobs and their fingerprints, made while the other cores make the pieces."""
        made = render.plan(site, site_theme, pieces, zones, key, CachedMemo(cache, fingerprints, _cache_version()))
        planned.append((made, _job_keys(site, site_theme, made, fingerprints)))

    pieces.update(_item_pieces(site, fingerprints, cache, jobs, progress, make_plan))
    zones.update(_zones(site, pieces, cache))
    plan, keys = planned[0]
    whole = not recorded  # nothing in `out` is known to be ours: write all of it
    wanted: dict[str, str] = {}  # path -> the fingerprint its file is (or will be) made from
    wide: dict[str, str] = {}  # path -> its job's fingerprint if the render reaches the whole site
    todo = []
    for job, (narrow, whole_site) in zip(plan, keys, strict=True):
        intact = None if whole else next((key for key in (narrow, whole_site)
                                          if _intact(out, recorded, dict.fromkeys(job.paths, key))), None)
        wanted.update(dict.fromkeys(job.paths, intact or narrow))
        if intact is None:
            todo.append(job)
            wide.update(dict.fromkeys(job.paths, whole_site))

    todo.sort(key=lambda job: -job.weight)  # the longest first, so no core waits for one at the end
    searchable: dict[str, str] = {} if whole else (cache.json_state("searchable", _is_text_map) or {})
    records: dict[str, bytes] = {}
    written: dict[str, Written] = {}

    def note(path: str, content_digest: str, stamp: tuple[int, int] | None) -> None:
        """Record a file's fingerprint, and its size and time: as staged (`stamp`), else as it was."""
        size, mtime = stamp or (recorded[path].size, recorded[path].mtime)
        written[path] = Written(wanted[path], size, mtime, content_digest)

    def put(path: str, data: bytes | Path) -> None:
        """Stage a file made here unless the output already holds these bytes. A media file (a Path)
        is known by its fingerprint, which is its size and time in content/."""
        content_digest = digest(data) if isinstance(data, bytes) else wanted[path]
        if _on_disk(out, recorded, whole, path, content_digest):
            note(path, content_digest, None)
        elif isinstance(data, bytes):
            note(path, content_digest, writer.add(path, data))
        else:
            writer.copy(path, data)
            note(path, content_digest, (0, 0))  # its size and time are taken once in place

    # One process writes every file: on this kind of machine two processes creating files at
    # once each take five times as long per file (the file system serializes them, and badly).
    tasks = [partial(_made, job, out, recorded, whole) for job in todo]
    total = sum(job.weight for job in todo)
    cores = jobs if total >= PARALLEL_WEIGHT else 1
    long = sum(1 for job in todo if job.weight * LONG_SHARE >= total)  # handed out one by one
    results = parallel.run(tasks, cores, names=[job.paths[0] for job in todo], min_parallel=2, long=long)
    with memory.collections(memory.USUAL_COLLECTIONS):  # the workers, forked within, inherit it
        for _, (made, whole_site) in _counted(results, len(todo), "render", progress):
            for path, content_digest, data, record in made:
                if whole_site:
                    wanted[path] = wide[path]
                note(path, content_digest, writer.add(path, data) if data is not None else None)
                if record is not None:
                    searchable[path] = content_digest
                    records[path] = record
                else:
                    searchable.pop(path, None)
    for path, data in render.crawler_files(site, wanted).items():
        wanted[path] = digest(data)
        put(path, data)
    for path in site.media:
        wanted[path] = digest(path, repr(file_stamp(content / path)))
        put(path, content / path)
    gone = [path for path in recorded if path not in wanted and not path.startswith(search.OUTPUT + "/")]
    pages = {path: searchable[path] for path in sorted(searchable) if path in wanted}
    return pages, records, _Staged(written, gone, {"searchable": json.dumps(pages)})


def _made(job: render.Job, out: Path, recorded: dict[str, Written],
          whole: bool) -> tuple[list[tuple[str, str, bytes | None, bytes | None]], bool]:
    """Make a job's files; report each as (path, digest of its bytes, the bytes unless the output
    already holds them, its search record if it is a searchable page), and whether making them
    read the whole site. Runs in any process: the digests and the search records are made in
    parallel with the pages, from the bytes in hand, rather than by reading every page back
    afterwards."""
    made = []
    result = job.make()
    for path, data in result.files.items():
        content_digest = digest(data)
        kept = _on_disk(out, recorded, whole, path, content_digest)
        record = search_index.record(path, data) if search.searchable(path, data) else None
        made.append((path, content_digest, None if kept else data, record))
    return made, result.whole_site


def _on_disk(out: Path, recorded: dict[str, Written], whole: bool, path: str, content_digest: str) -> bool:
    """The output already holds these bytes at `path`, as this cache wrote them."""
    old = recorded.get(path)
    return (not whole and old is not None and old.content == content_digest
            and file_stamp(out / path) == (old.size, old.mtime))


@dataclass(frozen=True)
class _Made:
    """The model, and what the build keeps of it for the next one."""

    site: model.Site
    warnings: list[Problem]
    fingerprints: Fingerprints
    snapshot: incremental.Snapshot
    full: bool  # made from every file, not patched


def _site(content: Path, cache: Cache, jobs: int, progress: Progress | None, files: dict[str, str],
          settings: str) -> _Made:
    """Load, validate and model: by patching the last build's model when only event files were
    edited, else in full. What only these stages needed (the sources, the rendered Markdown by
    text) is released on return, before rendering, since every worker would otherwise copy it."""
    previous = incremental.load(cache.folder, settings)
    edited = incremental.edited_events(previous, files, content)
    if previous and edited is not None:
        markdown, synthesize = _Markdown({}, cache), _Moments({}, cache)
        patch = incremental.patched(previous, content, shown(content), edited, markdown, synthesize)
        if patch:
            markdown.store()
            synthesize.store()
            parts, snapshot = patch
            if progress:
                progress(PATCHED, len(edited), len(edited))
            return _Made(model.assemble(parts), snapshot.warnings, incremental.known_fingerprints(previous, parts),
                         replace(snapshot, inputs=files), full=False)
    del previous
    headers = _remembered(cache, "headers")
    earlier = set(headers)
    loaded, problems = sources.load(content, shown(content), headers, partial(parallel.run, jobs=jobs))
    checked: list[validation.Content] = []

    def meanwhile() -> None:
        """The parent's work while the other cores render the bodies' Markdown."""
        if set(headers) != earlier:  # the same texts parse the same: the stored copy is still right
            _remember(cache, "headers", headers)
        checked.append(validation.validate(loaded, problems))

    markdown = _Markdown(_markdown(_bodies(loaded), cache, jobs, progress, meanwhile), cache)
    validated = checked[0]
    synthesize = _Moments(_moments(validated, cache, jobs, progress), cache)
    parts = model.entities(validated, source_date_epoch(), markdown, synthesize)
    markdown.store()
    synthesize.store()
    return _Made(model.assemble(parts), validated.warnings, Fingerprints(),
                 incremental.taken(validated, parts, files, settings), full=True)


def _bodies(loaded: sources.Sources) -> list[markup.Request]:
    """A guess at most of the Markdown the model will render, to make it ahead on every core while
    this process validates: each file's body, at the top heading level, under the site's root. A
    wrong guess costs only time: the model asks for what it needs (_Markdown) either way."""
    base_url = loaded.site.fields.get("base_url") if loaded.site else None
    if base_url is None or not isinstance(base_url.value, str):
        return []
    root = model.markdown_root(base_url.value.strip())
    documents = [*loaded.partners, *loaded.events, *loaded.forums, *loaded.pages]
    return [(document.body, root, 2) for document in documents if document.body.strip()]


class _Markdown:
    """render_markdown for the model, answering from the texts made ahead (`known`), else from the
    cache, else rendering here; what it rendered goes into the cache with store()."""

    def __init__(self, known: dict[markup.Request, str], cache: Cache) -> None:
        self.known, self.cache = known, cache
        self.version = _cache_version()
        self.fresh: dict[str, str] = {}

    def __call__(self, text: str, site_root: str = "/", top: int = 2) -> str:
        found = self.known.get((text, site_root, top))
        if found is not None or not text.strip():
            return found or ""
        key = _markdown_key(self.version, (text, site_root, top))
        kept = self.cache.fragments([key]).get(key)
        found = unpack(kept) if kept is not None else self.fresh.get(key)
        if found is None:
            found = self.fresh[key] = markup.render_markdown(text, site_root, top)
        return found

    def store(self) -> None:
        self.cache.store_fragments((key, pack(html)) for key, html in self.fresh.items())


class _Moments:
    """highlights (key moments and passages) for the model, answering from those chosen ahead
    (`known`, by the transcript object they were chosen from: the model asks with the same cues, and
    digesting each again would cost time for nothing), else from the cache, else choosing them here;
    what it chose goes into the cache with store()."""

    def __init__(self, known: dict[int, tuple[moments.Transcript, moments.Highlights]], cache: Cache) -> None:
        self.known, self.cache = known, cache
        self.version = _cache_version()
        self.fresh: dict[str, moments.Highlights] = {}

    def __call__(self, segments: moments.Transcript) -> moments.Highlights:
        ahead = self.known.get(id(segments))
        if ahead is not None and ahead[0] is segments:  # held in `known`, so no other object has its id
            return ahead[1]
        key = _moments_key(self.version, segments)
        kept = self.cache.fragments([key]).get(key)
        found = unpack(kept) if kept is not None else self.fresh.get(key)
        if found is None:
            found = self.fresh[key] = moments.highlights(segments)
        return found

    def store(self) -> None:
        self.cache.store_fragments((key, pack(found)) for key, found in self.fresh.items())


def _moments(validated: validation.Content, cache: Cache, jobs: int,
             progress: Progress | None) -> dict[int, tuple[moments.Transcript, moments.Highlights]]:
    """The highlights (key moments, passages) of every timed transcript, by its cues' id (with the
    cues): from the cache, else chosen on every core, where the model would choose them one after the
    other. (A Markdown transcript's are chosen by the model, from its HTML: they are few.)"""
    version = _cache_version()
    timed = [cues for record in validated.events if isinstance(record.values.get("archive"), dict)
             for cues in [model.archive_cues(record.values["archive"])] if cues]
    keys = [_moments_key(version, cues) for cues in timed]
    made = _made_once({key: partial(moments.highlights, cues) for key, cues in zip(keys, timed, strict=True)},
                      cache, jobs, "key moments", progress)
    return {id(cues): (cues, made[key]) for key, cues in zip(keys, timed, strict=True)}


def _moments_key(version: str, segments: moments.Transcript) -> str:
    return digest(version, "moments", "\x1e".join(f"{s.start}\x1f{s.anchor}\x1f{s.speaker}\x1f{s.text}"
                                                  for s in segments))


def _remembered(cache: Cache, name: str) -> dict[str, Any]:
    """What the last build kept under `name` with this builder, else nothing."""
    data = cache.fragments([_kept(name)]).get(_kept(name))
    return unpack(data) if data else {}


def _remember(cache: Cache, name: str, value: dict[str, Any]) -> None:
    cache.store_fragments([(_kept(name), pack(value))])


def _kept(name: str) -> str:
    return digest(name, _cache_version())


def _markdown(requests: list[markup.Request], cache: Cache, jobs: int, progress: Progress | None,
              meanwhile: Callable[[], None] | None = None) -> dict[markup.Request, str]:
    """Every Markdown text rendered: from the cache, else in parallel, then stored for next time.
    `meanwhile` is the parent's own work, done while the other cores render."""
    version = _cache_version()
    keyed = {_markdown_key(version, request): request for request in requests}
    made = _made_once({key: partial(markup.render_markdown, *request) for key, request in keyed.items()},
                      cache, jobs, "markdown", progress, meanwhile)
    return {request: made[key] for key, request in keyed.items()}


def _markdown_key(version: str, request: markup.Request) -> str:
    text, root, top = request
    return digest(version, text, root, str(top))


def _item_pieces(site: model.Site, fingerprints: Fingerprints, cache: Cache, jobs: int,
                 progress: Progress | None, meanwhile: Callable[[], None]) -> dict[str, render.Pieces]:
    """Every event's and forum's VEVENT and line of events.json, made once per change: the files
    that list many events are joined from them. (List items are made once per process instead, by
    the `event_item` global: kept here for a large site, they would be copied into every worker
    and cost more memory than time.) `meanwhile` is the parent's own work while the other cores make
    them. A first build (this cache never finished one) can find none: it makes them all at once,
    and digests the events meanwhile, for the pieces' keys and the jobs'."""
    info = digest(_cache_version(), fingerprints.of(site.info))
    items = {ics.piece_id(item): item for item in [*site.forums, *site.events]}
    if cache.state("input") is None:
        def digest_meanwhile() -> None:
            for item in items.values():
                fingerprints.of(item)
            meanwhile()

        names = list(items)
        results = parallel.run([partial(render.item_pieces, site, items[name]) for name in names], jobs,
                               meanwhile=digest_meanwhile)
        made = {names[index]: value for index, value in _counted(results, len(names), "calendars", progress)}
        cache.store_fragments((digest(info, fingerprints.of(items[name])), pack(value))
                              for name, value in made.items())
        return made
    fingerprints.digest_all(site.events, jobs)
    keyed = {digest(info, fingerprints.of(item)): name for name, item in items.items()}
    made = _made_once({key: partial(render.item_pieces, site, items[name]) for key, name in keyed.items()},
                      cache, jobs, "calendars", progress, meanwhile)
    return {name: made[key] for key, name in keyed.items()}


def _zones(site: model.Site, pieces: dict[str, render.Pieces], cache: Cache) -> ics.Zones:
    """The VTIMEZONE of every zone the site's events use, for the years of the whole month's calendar
    (most calendars cover the same years): made once per change of the tz database, not once per
    process that writes a calendar."""
    years = ics.years_of(site, site.events, site.forums)
    tzids = sorted(set().union(*(used for (_, used), _ in pieces.values())))
    keyed = {digest(_cache_version(), tzid, repr(years), ics.zone_source(tzid)): (tzid, *years) for tzid in tzids}
    made = _made_once({key: partial(ics.vtimezone, *zone) for key, zone in keyed.items()}, cache, 1, "calendars", None)
    return {zone: made[key] for key, zone in keyed.items()}


def _made_once(tasks: dict[str, Callable[[], Any]], cache: Cache, jobs: int, stage: str,
               progress: Progress | None, meanwhile: Callable[[], None] | None = None) -> dict[str, Any]:
    """Each task's result by its key: from the cache, else made in parallel and stored."""
    found = {key: unpack(data) for key, data in cache.fragments(tasks).items()}
    missing = [key for key in tasks if key not in found]
    results = parallel.run([tasks[key] for key in missing], jobs, meanwhile=meanwhile)
    fresh = {missing[index]: value for index, value in _counted(results, len(missing), stage, progress)}
    cache.store_fragments((key, pack(value)) for key, value in fresh.items())
    return found | fresh


def _job_keys(site: model.Site, site_theme: theme.Theme, plan: list[render.Job],
              fingerprints: Fingerprints) -> list[tuple[str, str]]:
    """Each job's two fingerprints: of the builder, the site-wide values, its own inputs and its
    templates; and that with every event too, for a page whose render reached the whole site
    (render.SiteView). A job is intact if its files were last made from either."""
    site_wide = digest(_cache_version(), fingerprints.of(tuple(getattr(site, name) for name in render.SITE_WIDE)))
    whole_site = fingerprints.of((site.events, site.media))
    templates: dict[str, str] = {}
    keys = []
    for job in plan:
        parts = [site_wide, *job.paths, fingerprints.of(job.inputs)]
        if job.template:
            if job.template not in templates:
                templates[job.template] = templates_module.template_digest(site_theme.env, job.template)
            parts.append(templates[job.template])
        narrow = digest(*parts)
        keys.append((narrow, digest(narrow, whole_site)))
    return keys


def _search(cache: Cache, out: Path, recorded: dict[str, Written], pages: dict[str, str],
            records: dict[str, bytes], jobs: int, progress: Progress | None, meanwhile: Callable[[], None],
            writer: output.Writer) -> _Staged:
    """Re-index the shards whose pages changed (`pages`: path -> digest of bytes; `recorded`: the
    search files as the cache knows them; `records`: the pages rendered by this build, already
    read). A page neither rendered now nor in the cache is read from the output (which still holds
    it as it is: this build stages only pages that changed, and their records are in hand); each
    new shard replaces its old files. `meanwhile` is done in this process while the other cores
    index. Return what was staged."""
    shards = search.shards(sorted(pages))
    version = _cache_version()  # a new builder may write the index differently
    keys = {folder: digest(version, folder, *members, *(pages[p] for p in members)) for folder, members in shards.items()}
    previous = cache.json_state("search", _is_text_map) or {}
    held: dict[str, dict[str, Written]] = {}
    for path, written in recorded.items():
        held.setdefault(search.folder_of(path), {})[path] = written
    stale = [folder for folder in shards
             if previous.get(folder) != keys[folder] or not held.get(folder) or not _unchanged(out, held[folder])]
    if not stale and set(previous) == set(shards) and search.MANIFEST in recorded:
        meanwhile()
        return _Staged({}, [], {})
    if progress:
        progress("search", 0, len(stale))
    page_keys = {page: digest(version, page, pages[page]) for page in pages}
    to_read = [page for folder in stale for page in shards[folder]]
    rereading = set(to_read)
    cache.keep(key for page, key in page_keys.items() if page not in rereading)  # for the next edit
    found = cache.fragments(page_keys[page] for page in to_read if page not in records)
    known = {page: found[page_keys[page]] for page in to_read if page_keys[page] in found} | records

    def store_meanwhile() -> None:
        meanwhile()
        cache.store_fragments((page_keys[page], record) for page, record in records.items() if page in page_keys)

    made = search_index.index(out, {folder: shards[folder] for folder in stale}, jobs, known, store_meanwhile)
    del found, known
    bundles = {folder: bundle for folder, (bundle, _) in made.items()}
    cache.store_fragments((page_keys[page], record) for _, read in made.values() for page, record in read.items())
    files = {path: data for bundle in bundles.values() for path, data in bundle.items()}
    shard_files = {folder: list(held.get(folder, {})) for folder in shards if folder not in stale}
    shard_files |= {folder: list(bundle) for folder, bundle in bundles.items()}
    files[search.MANIFEST] = search.manifest(shard_files, {folder: len(members) for folder, members in shards.items()})
    fresh = {path: digest(data) for path, data in files.items()}
    changed = [path for path in files if not _intact(out, recorded, {path: fresh[path]})]
    gone = [path for path in recorded if path not in files and (
        search.folder_of(path) in stale or search.folder_of(path) not in shards)]
    stamps = {path: writer.add(path, files[path]) for path in changed}
    if progress:
        progress("search", len(stale), len(stale))
    return _Staged({path: Written(fresh[path], *stamps[path], fresh[path]) for path in changed}, gone,
                   {"search": json.dumps(keys)})


def _record(cache: Cache, out: Path, written: dict[str, Written], gone: list[str]) -> None:
    """Remember each file as it now is on disk: its fingerprint, its bytes' digest, its size and time
    (as its writer reported them; a time of 0 means unknown, and the file is looked at)."""
    stamps = {path: (w.size, w.mtime) if w.mtime else file_stamp(out / path) for path, w in written.items()}
    cache.record_outputs({path: Written(w.key, *stamps[path], w.content)  # type: ignore[misc]
                          for path, w in written.items() if stamps[path]}, gone)
    cache.set_state("out", str(out.resolve()))


def _trusted_outputs(cache: Cache, out: Path) -> dict[str, Written]:
    """What the cache recorded of `out`, if `out` is the folder it recorded; else nothing."""
    if cache.state("out") != str(out.resolve()) or not out.is_dir():
        cache.forget_outputs()
        return {}
    return cache.outputs()


def _intact(out: Path, recorded: dict[str, Written], wanted: dict[str, str]) -> bool:
    """Every wanted file is on disk as this cache wrote it, from the same fingerprint."""
    folder = f"{out}/"  # joined as text: a Path object per file is a good part of a one-event edit
    for path, key in wanted.items():
        known = recorded.get(path)
        if known is None or known.key != key or file_stamp(folder + path) != (known.size, known.mtime):
            return False
    return True


def _unchanged(out: Path, recorded: dict[str, Written]) -> bool:
    return _intact(out, recorded, {path: written.key for path, written in recorded.items()})


def _cache_version() -> str:
    """What every cache key and the settings start with: the builder's code (a new builder makes
    its entries anew) and this user's cache secret, so entries planted in the cache never match."""
    return digest(code_version(), cache_module.secret())


def _settings(content: Path, out: Path, key: BadgeKey | None) -> str:
    """Everything besides the input files that a build's output depends on: the builder, where it
    writes, how messages name the content folder, and the settings it reads from the environment
    (of the badge signing key, its public half only: the private key is never digested or kept)."""
    values = [os.environ.get(name, "") for name in ("SOURCE_DATE_EPOCH", "CEM_SEARCH_SHARD_PAGES")]
    values.append(key.public if key else "")
    return digest(_cache_version(), str(out.resolve()), shown(content), *values)


def _counted(results: Iterator, total: int, stage: str, progress: Progress | None) -> Iterator:  # type: ignore[type-arg]
    for done, result in enumerate(results, 1):
        if progress:
            progress(stage, done, total)
        yield result
