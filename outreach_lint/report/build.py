"""Assemble the view-model from a :class:`Report`: one :class:`CampaignView` per campaign file.

When the check kept what it judged (``keep_documents``, as ``report`` asks), the campaign's text
(for source context and suppressions), its data and the evaluation document with the facts
readers derived from templates and sites are used as the check left them. Otherwise (a result
built elsewhere, a file that did not load) the campaign is read again here and normalised, so
the facts at a glance are still shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .. import suppressions as inline
from ..findings import FileResult, Finding, Report, Severity
from ..loader import LoadError, load_bytes
from ..normalize import normalise
from .coverage import build_coverage
from .glance import build_glance
from .grouping import finding_view, group_by_law
from .inputs import inputs_of
from .model import CampaignView, Catalogue, ReportView, SignOff, SuppressionView, Verdict
from .privacy import Masker

if TYPE_CHECKING:
    from ..campaign_types import Campaign
from .scans import scan_views

#: which rules were selected and ignored for a campaign file (config and command line merged)
Selection = Callable[[str], tuple[Sequence[str], Sequence[str]]]


def catalogue_from_pack(pack: Any, rules_used: Iterable[Any] = ()) -> Catalogue:
    """The report's view of a :class:`~outreach_lint.rulepack.RulePack`, plus rules from other configured packs."""
    rules = {r.code: r for r in (*pack.rules, *rules_used)}
    sets = pack.sets
    return Catalogue(rules, sets.get("EEA", frozenset()), sets.get("EUROPE", sets.get("EEA", frozenset())), pack.version, dict(pack.country_groups))


def build_view(
    report: Report,
    catalogue: Catalogue,
    *,
    tool_version: str,
    generated_at: dt.datetime,
    fail_on: Severity = Severity.ERROR,
    sign_off: SignOff | None = None,
    today: dt.date | None = None,
    selection: Selection | None = None,
) -> ReportView:
    today = today or generated_at.date()
    campaigns = tuple(
        campaign_view(result, catalogue, fail_on, today, *(selection(result.file) if selection else ((), ())))
        for result in report.results
        if result.is_campaign
    )
    return ReportView(
        verdict=verdict_of([f for c in campaigns for f in _all(c)], report.suppressed, catalogue, fail_on),
        campaigns=campaigns,
        tool_version=tool_version,
        rule_pack_version=report.rule_pack_version or catalogue.version,
        generated_at=generated_at,
        fail_on=fail_on,
        sign_off=sign_off,
        released=report.released,
    )


def _all(view: CampaignView) -> list[Finding]:
    return [v.finding for g in view.groups for a in g.articles for v in a.findings]


def campaign_view(
    result: FileResult, catalogue: Catalogue, fail_on: Severity, today: dt.date, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> CampaignView:
    text, campaign = _source_of(result)
    document = result.facts.get("document") if isinstance(result.facts.get("document"), dict) else None
    if document is None and isinstance(campaign, dict):
        document = normalise(cast("Campaign", campaign), catalogue.groups, today)
    mask = Masker.for_campaign(text)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline does not start another line
    active = sorted(f for f in result.findings if not f.suppressed)
    suppressed = sorted(f for f in result.findings if f.suppressed)
    views = [finding_view(f, catalogue, lines, mask) for f in active]
    assert document is None or isinstance(document, dict)
    return CampaignView(
        file=result.file,
        name=str(campaign.get("campaign")) if isinstance(campaign, dict) and campaign.get("campaign") is not None else result.file,
        description=str(campaign.get("description") or "") if isinstance(campaign, dict) else "",
        owner=str(campaign.get("owner") or "") if isinstance(campaign, dict) else "",
        verdict=verdict_of(active, suppressed, catalogue, fail_on),
        glance=build_glance(document, active, catalogue, mask) if document is not None else None,
        groups=group_by_law(views),
        suppressions=tuple(_suppression_views(suppressed, text, catalogue)),
        coverage=build_coverage(document, active, catalogue, select, ignore, mask),
        inputs=tuple(inputs_of(result.file, campaign, _bounds(result))),
        scans=scan_views(document, result.file),
    )


def _bounds(result: FileResult) -> tuple[Path, ...] | None:
    """The folders the check let this campaign's references lead into (None: not recorded)."""
    bounds = result.facts.get("reference_bounds")
    return tuple(b for b in bounds if isinstance(b, Path)) if isinstance(bounds, tuple) else None


def _source_of(result: FileResult) -> tuple[str, Any]:
    """(text, parsed campaign) as the check read them, else as :func:`_read_campaign` reads them."""
    text = result.facts.get("text")
    if isinstance(text, str) and "campaign" in result.facts:
        return text, result.facts["campaign"]
    return _read_campaign(result.file)


def _read_campaign(file: str) -> tuple[str, Any]:
    """(text, parsed campaign or None). A file that cannot be read or parsed yields what it can."""
    from ..check.load import read_campaign_bytes  # a FIFO or /dev/zero must not hang the report

    try:
        raw = read_campaign_bytes(Path(file))
    except LoadError:
        return "", None
    try:
        loaded = load_bytes(raw, file)
    except LoadError:
        return raw.decode("utf-8", "replace"), None
    return loaded.text, loaded.data


def _suppression_views(findings: list[Finding], text: str, catalogue: Catalogue) -> list[SuppressionView]:
    """Pair each suppressed finding with its comment, for the ``until`` date the Finding does not carry."""
    comments = inline.parse(text) if "outreach-lint" in text else []
    views = []
    for finding in findings:
        comment = next((s for s in comments if s.applies_to == finding.line and s.matches(finding)), None)
        meta = catalogue.rules.get(finding.code)
        views.append(SuppressionView(finding, meta.title if meta else finding.rule, finding.suppression_reason, comment.until if comment else ""))
    return views


def verdict_of(findings: Sequence[Finding], suppressed: Sequence[Finding], catalogue: Catalogue, fail_on: Severity) -> Verdict:
    """READY when nothing reaches the fail threshold; the reasons are rule titles, in plain words."""
    blocking = [f for f in findings if f.severity >= fail_on]
    counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    titles: dict[str, int] = {}
    for finding in sorted(blocking, key=lambda f: (-f.severity, f.code)):
        meta = catalogue.rules.get(finding.code)
        title = meta.title if meta else finding.rule
        titles[title] = titles.get(title, 0) + 1
    reasons = tuple(f"{title} (×{n})" if n > 1 else title for title, n in titles.items())
    review = sum(1 for f in findings if f.severity < fail_on)
    if blocking:
        noun = "problem" if len(blocking) == 1 else "problems"
        headline = f"Do not launch: {len(blocking)} {noun} must be fixed first."
    elif review:
        headline = f"No blocking problems. {review} point{'s' if review != 1 else ''} to review before launch."
    else:
        headline = "No problems found by the rules that apply. Check the limits listed under “What was checked”."
    return Verdict(
        ready=not blocking,
        label="READY" if not blocking else "BLOCKED",
        headline=headline,
        reasons=reasons,
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        suppressed=len(suppressed),
    )
