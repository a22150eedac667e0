"""Judge an in-memory campaign exactly as ``check`` does: the examples inside rule files.

The meta-tests and ``explain`` judge each rule's ``examples`` through the stages a campaign file
goes through after validation: the days and the evaluation document (:mod:`.document`), facts
(given here instead of read from files), the plan and the per-country, per-day judging
(:mod:`.plan`). Every rule of the pack is selected; nothing is located in a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..condition import to_pointer
from ..findings import Citation, Severity
from ..normalize import derive_file_facts
from ..rulepack import RulePack
from .context import CheckContext
from .document import evaluation_document, judge_days
from .options import CheckOptions
from .plan import judge_rule, plan_for, start_judging


@dataclass(frozen=True)
class ExampleFinding:
    code: str
    severity: Severity
    message: str
    pointer: str
    countries: tuple[str, ...]
    citations: tuple[Citation, ...]


def judge_campaign(
    campaign: dict[str, Any], pack: RulePack, facts: dict[str, Any] | None = None, today: dt.date | None = None, as_of: dt.date | None = None
) -> list[ExampleFinding]:
    """Evaluate every rule on an in-memory campaign, exactly as ``check`` does (per country, per day).

    ``facts`` stands in for what readers would derive from files: it is merged into ``/facts``,
    and its ``steps`` list into each step's ``facts``.
    """
    ctx = CheckContext(pack, CheckOptions(today=today, as_of=as_of, use_cache=False))
    days = judge_days(campaign, as_of, ctx.today, ctx.judge)
    document = evaluation_document(pack, campaign, days[0])
    _give_facts(document, facts or {})
    plan, _ = plan_for(ctx, document["facts"])
    judging = start_judging(ctx, document, days)
    out: list[ExampleFinding] = []
    for rule, leaves in plan:
        for _, v in judge_rule(ctx, judging, leaves):
            out.append(ExampleFinding(rule.code, v.severity, v.message, to_pointer(v.parts), v.countries, ctx.citations(rule, v.law_countries)))
    return out


def _give_facts(document: dict[str, Any], facts: dict[str, Any]) -> None:
    """The collect-facts stage for an example: its ``facts`` instead of readers' results."""
    extra = dict(facts)
    step_facts = extra.pop("steps", [])
    document["facts"].update(extra)
    for step, values in zip(document.get("steps") or [], step_facts):
        if isinstance(step, dict):
            step.setdefault("facts", {}).update(values)
    derive_file_facts(document)


def judge_example(
    campaign: dict[str, Any], pack: RulePack, facts: dict[str, Any] | None = None, today: dt.date | None = None
) -> list[tuple[str, Severity, str, str]]:
    """:func:`judge_campaign` as (code, severity, message, pointer)."""
    return [(f.code, f.severity, f.message, f.pointer) for f in judge_campaign(campaign, pack, facts, today)]
