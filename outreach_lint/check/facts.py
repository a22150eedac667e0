"""The collect-facts stage: readers for the files a campaign references, into its document.

Templates, contact lists, sites, LIAs and DPIAs are read by :func:`outreach_lint.facts.collect.collect`
(memoised per file and stat); problems with them become OL003 (missing, unreadable, outside the
repository) or OL008 (undecodable) findings. File-level facts are derived afterwards
(:func:`outreach_lint.normalize.derive_file_facts`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..condition import to_pointer
from ..facts.collect import FactOptions, collect
from ..findings import Finding
from ..normalize import derive_file_facts
from .context import CheckContext
from .options import CheckOptions

if TYPE_CHECKING:
    from ..campaign_types import Campaign
    from ..document_types import Document


def reference_bounds(options: CheckOptions, file: str) -> tuple[Path, ...]:
    """The folders the references of ``file`` may lead into (the report hashes only those too)."""
    from ..facts.references import repository_bounds

    return repository_bounds(Path(file), options.allowed_reference_roots, options.fallback_root)


def collect_facts(
    ctx: CheckContext, file: str, campaign: dict[str, Any], document: Document, at: Callable[[Sequence[str | int]], tuple[int, int]]
) -> tuple[list[Finding], list[list[Any]]]:
    """Read the referenced files into ``document``: the findings about them, and (when the result
    may be cached) each referenced path with its signature, taken before reading it: an edit
    during the check makes the cache entry stale, not wrong."""
    path = Path(file)
    signatures: list[list[Any]] = []
    if ctx.use_cache:
        from ..cache import file_signature
        from ..facts.references import iter_references

        signatures = [[str(r.path), file_signature(r.path)] for r in iter_references(campaign, path.parent)]
    options = ctx.options
    bounds = reference_bounds(options, file)
    # options.jobs (--jobs) is the contact-list reader's thread budget too (issue 18: it must obey --jobs)
    fact_options = FactOptions(
        pack=ctx.pack, show_pii=options.show_pii, progress_stream=sys.stderr if options.progress else None, bounds=bounds, threads=options.jobs
    )
    collected = collect(cast("Campaign", campaign), document, path.parent, fact_options)
    collected.apply_to(document)  # the one place the readers' facts enter the document
    findings = [ctx.finding(code, file, at(parts), message, to_pointer(parts)) for parts, message, code in collected.problems]
    derive_file_facts(document)
    return findings, signatures
