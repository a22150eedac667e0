"""Text and JSON for ``outreach-lint rules`` and ``outreach-lint explain``."""

from __future__ import annotations

import json
from typing import Any

import yaml

from .describe import describe_rule
from .fields import fields_read
from .rulepack import Rule, RulePack


def _jurisdictions(rule: Rule) -> str:
    return ",".join(rule.jurisdiction_names) if rule.jurisdiction_names else "ALL"


def _severities(rule: Rule) -> list[str]:
    """Every severity the rule can report (its checks', when it has checks)."""
    parts = rule.checks or (rule,)
    return sorted({p.severity.label for p in parts} | {c.severity.label for p in parts for c in p.cases})


def rule_summary(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "title": rule.title,
        "severity": rule.severity.label,
        "severities": _severities(rule),
        "confidence": rule.confidence,
        "jurisdictions": list(rule.jurisdiction_names) or ["ALL"],
        "channels": sorted(rule.channels) if rule.channels else [],
        "suppressible": rule.suppressible,
        "citations": [c.as_dict() for c in rule.citations],
    }


def rules_as_text(pack: RulePack) -> str:
    lines = []
    for rule in pack.rules:
        severities = "/".join(rule_summary(rule)["severities"][::-1])
        citation = str(rule.citations[0]) if rule.citations else "(engine)"
        lines.append(f"{rule.code}  {rule.name:<42} {severities:<15} {_jurisdictions(rule):<18} {citation}")
    return "\n".join(lines) + "\n"


def rules_as_json(pack: RulePack) -> str:
    return json.dumps({"rule_pack": pack.version, "rules": [rule_summary(r) for r in pack.rules]}, indent=2, ensure_ascii=False) + "\n"


def history(rule: Rule, pack: RulePack) -> list[dict[str, Any]]:
    """When the rule, its checks and cases, and the dated data rows it reads apply (17.4):
    ``[{what, from?, until?, text}]``, the rule first; nothing for a rule that never changes."""
    import re

    from .countryview import sensitivity

    out: list[dict[str, Any]] = []

    def add(what: str, period: Any) -> None:
        if not period.always:
            out.append({"what": what, **period.as_dict(), "text": f"{what}: {period.describe()}"})

    add("the rule", rule.period)
    names: set[str] = set(rule.jurisdiction_names) | set(rule.sender_jurisdiction_names)
    for index, leaf in enumerate(rule.checks or (rule,)):
        label = f"check {index + 1} ({leaf.title})" if rule.checks and leaf.title != rule.title else "the rule"
        if rule.checks:
            add(label, leaf.period)
        for number, case in enumerate(leaf.cases, 1):
            add(f"{label if rule.checks else 'the rule'}, case {number} ({case.severity.label})", case.period)
        names |= set(sensitivity(leaf).sets) | set(leaf.jurisdiction_names)
        names |= set(re.findall(r"\|(?:in|notin):([A-Za-z0-9_]+)", leaf.message + leaf.missing_message + "".join(c.note for c in leaf.cases)))
    for name in sorted(names & pack.timeline.dated):
        for member, period in pack.timeline.history(name):
            add(f"{member} in {name}", period)
    return out


def explain_data(rule: Rule, pack: RulePack) -> dict[str, Any]:
    data = rule_summary(rule)
    data.update(
        history=history(rule, pack),
        description=rule.description,
        when_it_fires=describe_rule(rule.raw, pack.sets) if not rule.engine else [rule.description],
        fields=[{"field": path, "description": text} for path, text in fields_read(rule)],
        message=rule.message,
        fix=rule.fix,
        examples=rule.examples,
    )
    return data


def explain_json(rule: Rule, pack: RulePack) -> str:
    return json.dumps(explain_data(rule, pack), indent=2, ensure_ascii=False) + "\n"


def explain_text(rule: Rule, pack: RulePack) -> str:
    data = explain_data(rule, pack)
    out = [f"{rule.code} {rule.name} — {rule.title}", ""]
    out.append(
        f"Severity: {'/'.join(data['severities'][::-1])}   Confidence: {rule.confidence}   "
        f"Jurisdictions: {', '.join(data['jurisdictions'])}" + (f"   Channels: {', '.join(data['channels'])}" if data["channels"] else "")
    )
    if not rule.suppressible:
        out.append("Cannot be suppressed inline.")
    if rule.description:
        out += ["", rule.description.strip()]
    if rule.citations:
        out += ["", "Law:"]
        out += [f"  - {c.law}, {c.article}" + (f"\n    {c.url}" if c.url else "") for c in rule.citations]
    if data["history"]:
        out += ["", "History (the law in time; a campaign is judged on its schedule's start, or --as-of):"]
        out += [f"  - {entry['text']}" for entry in data["history"]]
    out += ["", "When it fires:"] + [f"  {line}" for line in data["when_it_fires"]]
    if data["fields"]:
        out += ["", "Campaign fields it reads:"] + [f"  - {f['field']}: {f['description']}" for f in data["fields"]]
    out += ["", "How to fix:", f"  {rule.fix}"]
    for label in ("bad", "good"):
        for example in rule.examples.get(label, []):
            title = f" — {example['title']}" if example.get("title") else ""
            out += ["", f"Example ({'trips the rule' if label == 'bad' else 'passes'}){title}:"]
            body = yaml.safe_dump(example["campaign"], sort_keys=False, allow_unicode=True).rstrip()
            out += [f"    {line}" for line in body.splitlines()]
    return "\n".join(out) + "\n"
