"""Check a group of files with one set of options: from the cache, here, or in the worker pool.

Files whose cached result is still valid are not read at all. The rest are checked in this
process (their findings are used as the check made them) or, when there are many and ``--jobs``
allows, in the pool (:mod:`.pool`), whose workers send back compact tuples (:mod:`.compact`).
Results come back in the given order, the same whatever the number of workers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from ..check.campaign import CampaignResult, check_file
from ..check.context import CheckContext
from ..check.options import CheckOptions
from ..discovery import discover
from ..findings import FileResult, Report
from ..rulepack import RulePack, load_pack
from . import pool
from .compact import CompactResult, ResultCodec

#: what a worker sends back: the compact result; (file signature, referenced files with their
#: signatures) when it may be cached, else None; what the check kept (options.keep_documents)
Compact = tuple[CompactResult, "tuple[list[int], list[list[Any]]] | None", "dict[str, object] | None"]


def check_paths(paths: Sequence[str], options: CheckOptions = CheckOptions(), pack: RulePack | None = None) -> Report:
    """Check every campaign under ``paths`` with one set of options; results in discovery order."""
    pack = pack or load_pack(options.rules_dirs)
    return Report(tuple(check_files(list(discover(paths)), options, pack)), pack.version)


def run_key(ctx: CheckContext) -> str:
    """What the result cache keys a run by: every option that can change findings (all but the
    progress display and the number of workers), the run date and the folder relative paths start from."""
    options = replace(ctx.options, today=None, use_cache=True, progress=False, jobs=None)
    return repr((ctx.pack.version, repr(options), ctx.today.isoformat(), os.getcwd()))


def check_files(files: Sequence[tuple[str, bool]], options: CheckOptions, pack: RulePack) -> list[FileResult]:
    """Check (path, named_explicitly) pairs with one set of options; results in the given order."""
    ctx = CheckContext(pack, options)
    codec = ResultCodec(ctx.rules)
    store = None
    if ctx.use_cache:
        from ..cache import ResultStore

        store = ResultStore(run_key(ctx))
    results: list[FileResult | None] = [None] * len(files)
    todo: list[int] = []
    for index, (path, explicit) in enumerate(files):
        cached = store.lookup(path, explicit, options.limits.max_file_bytes) if store is not None else None
        if cached is not None:
            results[index] = codec.expand(path, cached)
        else:
            todo.append(index)
    for index, (result, compact, cache_info) in zip(todo, _check(ctx, codec, [files[index] for index in todo])):
        results[index] = result
        if store is not None and cache_info is not None:
            path, explicit = files[index]
            store.put(path, explicit, cache_info[0], result.sha256, cache_info[1], compact or codec.compact(result))
    if store is not None:
        store.save()
    return results  # type: ignore[return-value]


def _check(ctx: CheckContext, codec: ResultCodec, files: list[tuple[str, bool]]) -> Iterator[tuple[FileResult, CompactResult | None, Any]]:
    """(result, its compact form when a worker sent it, cache info) per file, in order."""
    processes = pool.pool_size(ctx.options.jobs, len(files))
    if not processes:
        for path, explicit in files:
            checked = check_file(ctx, path, explicit)
            yield checked.result, None, checked.cache_info
        return
    from ..rulepack import compile_all

    compile_all(ctx.pack)  # once, before forking: the workers share the compiled conditions
    # workers would each draw their own progress line over the others': none in a pool
    in_workers = CheckContext(ctx.pack, replace(ctx.options, progress=False))
    for (path, _), (compact, cache_info, kept) in zip(files, pool.imap(_check_in_worker, (in_workers, codec), files, processes)):
        yield codec.expand(path, compact, kept), compact, cache_info


def _check_in_worker(state: tuple[CheckContext, ResultCodec], item: tuple[str, bool]) -> Compact:
    ctx, codec = state
    checked: CampaignResult = check_file(ctx, *item)
    result = checked.result
    return codec.compact(result), checked.cache_info, result.facts or None
