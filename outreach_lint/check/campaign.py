"""Check one campaign, stage by stage: load, validate, normalise, collect facts, evaluate, suppress.

:func:`check_campaign` is a function of the file's bytes, the :class:`~.context.CheckContext`
(rule pack and options) and the files the campaign references; it keeps nothing between files.
:func:`check_file` reads the bytes first and never raises (one bad file must not end a run);
:func:`check_text` checks an editor's unsaved buffer the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..condition import to_pointer
from ..discovery import may_hold_campaign
from ..evidence import with_evidence
from ..findings import FileResult, Finding
from ..loader import Loaded, LoadError
from ..rulepack import Rule
from ..schema_findings import drop_shadowed
from . import document as stage
from .context import Applicable, CheckContext
from .facts import collect_facts, reference_bounds
from .load import load_campaign, read_campaign
from .plan import judge_rule, plan_for, start_judging
from .suppress import apply_suppressions
from .validate import validate

if TYPE_CHECKING:
    from ..document_types import Document

#: engine checks that run on every campaign that loads (OL004-OL006 judge inline suppressions,
#: so they count as checked only where they report something)
ALWAYS_CHECKED = ("OL001", "OL002", "OL003", "OL007", "OL008")


@dataclass(frozen=True)
class CampaignResult:
    """One file's result, and what the result cache needs to know whether it is still valid."""

    result: FileResult
    #: the campaign file's signature (:func:`outreach_lint.cache.signature_of`), when it may be cached
    signature: list[int] | None = None
    #: each referenced file with its signature, taken before it was read (empty unless cacheable)
    references: tuple[list[Any], ...] = ()

    @property
    def cache_info(self) -> tuple[list[int], list[list[Any]]] | None:
        """(signature, references) when the result may be cached, else None."""
        return (self.signature, list(self.references)) if self.signature is not None else None


def check_file(ctx: CheckContext, file: str, explicit: bool = True) -> CampaignResult:
    """Read and check one file (``explicit``: named on the command line, not found in a folder). Never raises."""
    try:
        try:
            raw, info = read_campaign(Path(file), ctx.options.limits)
        except LoadError as exc:
            if not explicit and not may_hold_campaign(Path(file)):
                return CampaignResult(FileResult(file, (), is_campaign=False))  # found in a folder or staged: an empty or huge non-campaign file
            return CampaignResult(FileResult(file, ctx.only("OL001", file, (exc.line, exc.column), str(exc)), checked=ctx.checked_only("OL001")))
        checked = check_campaign(ctx, file, raw, explicit)
        if not ctx.use_cache:
            return checked
        from ..cache import signature_of

        return CampaignResult(checked.result, signature_of(info), checked.references)
    except Exception as exc:  # noqa: BLE001 - one bad file must not end the run
        message = f"internal error while checking this file ({type(exc).__name__}: {exc}); please report it with the file if you can share it"
        return CampaignResult(FileResult(file, (ctx.internal_error(file, message),)))


def check_text(ctx: CheckContext, file: str, text: str) -> FileResult:
    """Check an in-memory campaign (an editor's unsaved buffer) as if it were ``file``.

    The same stages as :func:`check_campaign`; referenced files are read from disk relative to
    ``file``. Never raises; nothing is cached.
    """
    try:
        return check_campaign(ctx, file, text.encode("utf-8", "surrogatepass")).result
    except Exception as exc:  # noqa: BLE001 - the editor must keep its diagnostics
        message = f"internal error while checking this file ({type(exc).__name__}: {exc}); please report it"
        return FileResult(file, (ctx.internal_error(file, message),))


def check_campaign(ctx: CheckContext, file: str, raw: bytes, explicit: bool = True) -> CampaignResult:
    """The findings of one campaign file whose bytes are ``raw`` (see the module docstring)."""
    sha = hashlib.sha256(raw).hexdigest()
    loaded = load_campaign(ctx, file, raw, explicit, sha)
    if isinstance(loaded, FileResult):
        return CampaignResult(loaded)
    findings, checked, document, references = _judge(ctx, file, loaded)
    findings = apply_suppressions(ctx, file, loaded, findings)
    kept: dict[str, object] = {}
    if ctx.options.keep_documents:  # for the review report: what was judged, and the text it was read from
        # the folders references may lead into: the report hashes only the inputs the check could read
        kept = {"document": document, "text": loaded.text, "campaign": loaded.data, "reference_bounds": reference_bounds(ctx.options, file)}
    return CampaignResult(FileResult(file, tuple(sorted(findings)), sha256=sha, checked=checked, facts=kept), None, tuple(references))


def _judge(ctx: CheckContext, file: str, loaded: Loaded) -> tuple[list[Finding], tuple[str, ...], Document, list[list[Any]]]:
    """Validate, normalise, collect facts and evaluate: the findings, the codes of the rules
    checked, the evaluation document and the referenced files' signatures."""
    campaign, smap = loaded.data, loaded.source_map

    def at(parts: Sequence[str | int]) -> tuple[int, int]:
        return smap.locate(campaign, list(parts))[0]

    validation = validate(ctx, file, campaign, loaded.duplicate_keys, at)
    findings = validation.findings
    days = stage.judge_days(campaign, ctx.options.as_of, ctx.today, ctx.judge)
    document = stage.evaluation_document(ctx.pack, validation.judged, days[0])
    about_files, references = collect_facts(ctx, file, campaign, document, at)
    findings.extend(about_files)
    plan, unscoped = plan_for(ctx, document.get("facts", {}))
    findings.extend(_evaluate(ctx, file, document, days, plan, at))
    if unscoped and ctx.selected("OL007"):
        findings.append(_scope_finding(ctx, file, campaign, document, at, unscoped))
    checked = tuple(sorted({code for code in ALWAYS_CHECKED if ctx.selected(code)} | {rule.code for rule, _ in plan}))
    findings = drop_shadowed(findings, validation.refused, ctx.engine_codes)
    return [f for f in findings if ctx.selected(f.code)], checked, document, references


def _evaluate(ctx: CheckContext, file: str, document: Document, days: list[Any], applicable: Applicable, at: Any) -> list[Finding]:
    """The findings of the ``applicable`` rules; a rule that fails is an OL000 about that rule only."""
    findings: list[Finding] = []
    judging = start_judging(ctx, document, days)
    folder = Path(file).parent
    for rule, leaves in applicable:
        try:
            for leaf, v in judge_rule(ctx, judging, leaves):
                found = ctx.finding(rule.code, file, at(v.parts), v.message, to_pointer(v.parts), v.severity, v.countries, v.law_countries)
                findings.append(with_evidence(found, v.evidence, folder) if leaf.evidence and v.evidence is not None else found)
        except Exception as exc:  # noqa: BLE001 - a broken rule must not end the run
            message = f"internal error in rule {rule.code} {rule.name} ({type(exc).__name__}: {exc}); please report it"
            findings.append(ctx.internal_error(file, message))
    return findings


def _scope_finding(ctx: CheckContext, file: str, campaign: dict[str, Any], document: Document, at: Any, unscoped: Sequence[Rule]) -> Finding:
    """OL007: rules that could not be checked because the campaign does not say where or how."""
    facts = document.get("facts", {})
    missing = []
    if not facts.get("countries"):
        missing.append("where the recipients are (audience.countries)")
    if not facts.get("channels"):
        missing.append("which channel the messages use (channel)")
    parts: tuple[str, ...] = ("audience",) if isinstance(campaign.get("audience"), dict) else ()
    codes = sorted({r.code for r in unscoped})
    message = (
        f"the campaign does not say {' or '.join(missing)}, so {len(codes)} rule{'s' if len(codes) != 1 else ''} could not be checked ({', '.join(codes)})"
    )
    return ctx.finding("OL007", file, at(parts), message, to_pointer(parts))
