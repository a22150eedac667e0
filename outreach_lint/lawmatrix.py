"""The law matrix: rule x regime (EEA, GB, CH, US, CA, AU), generated from the rule files.

Each cell says in words what the rule checks under that regime (the titles of its checks that
apply there), how severe a finding is, and since or until when, so a reviewer can read the
pack's position per regime without reading YAML. A check applies in a regime when its
``jurisdictions`` meet the regime's countries; a check that applies everywhere but is scoped in
its conditions (where a website tag fires, who exports the data) is placed by the sets and
country codes its conditions test on the country facts. Dated data (registers, adequacy
decisions, Table A rows) is listed after the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .rulepack import Rule, RulePack

#: the regimes of legal-notes §0.2, in column order
REGIMES = ("EEA", "GB", "CH", "US", "CA", "AU")
#: facts whose conditions place a check in a regime (the countries a rule is judged for)
_COUNTRY_FACTS = frozenset({"countries", "all_countries", "visitor_countries"})
#: facts.sender_regime values and the regime they name
_SENDER_REGIMES = {"EEA": "EEA", "GB": "GB", "CH": "CH"}


def regime_members(pack: RulePack) -> dict[str, frozenset[str]]:
    return {name: (pack.sets["EEA"] if name == "EEA" else frozenset({name})) for name in REGIMES}


def _country_scope(node: Any, sets: dict[str, frozenset[str]]) -> set[str]:
    """Countries named (by set or code) in conditions on the country facts or the sender's regime."""
    found: set[str] = set()

    def names(value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                if key == "$ref" and isinstance(sub, str) and sub.startswith("set:"):
                    found.update(sets.get(sub[4:], ()))
                elif key == "const" and isinstance(sub, str) and len(sub) == 2 and sub.isupper():
                    found.add(sub)
                elif key != "not":  # a negated set does not place the check there
                    names(sub)
        elif isinstance(value, list):
            for item in value:
                names(item)

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                if key == "properties" and isinstance(sub, dict):
                    for name, cond in sub.items():
                        if name in _COUNTRY_FACTS:
                            names(cond)
                        elif name == "sender_regime":
                            regime = cond.get("const") if isinstance(cond, dict) else None
                            if regime in _SENDER_REGIMES:
                                found.update(sets["EEA"] if regime == "EEA" else {regime})
                        else:
                            walk(cond)
                elif key != "not":
                    walk(sub)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(node)
    return found


def leaf_scope(leaf: Rule, pack: RulePack) -> frozenset[str] | None:
    """The countries a check can judge; None when it applies everywhere."""
    if leaf.jurisdictions is not None:
        return leaf.jurisdictions
    placed = _country_scope(leaf.raw.get("when"), pack.sets)
    return frozenset(placed) if placed else None


def _when(leaf: Rule) -> str:
    """``from 11 Aug 2026`` / ``until 10 Aug 2026`` for a dated check or rule, else ''."""
    return "" if leaf.period.always else leaf.period.describe()


def _severities(leaf: Rule) -> str:
    levels = {leaf.severity.label} | {case.severity.label for case in leaf.cases}
    if leaf.missing_severity is not None:
        levels.add(leaf.missing_severity.label)
    order = ("error", "warning", "info")
    return "/".join(level for level in order if level in levels)


def cell(rule: Rule, regime: str, pack: RulePack) -> str:
    """What ``rule`` checks under ``regime``, in words; '—' where it does not apply."""
    members = regime_members(pack)[regime]
    parts = []
    for leaf in rule.checks or (rule,):
        scope = leaf_scope(leaf, pack)
        where = members if scope is None else members & scope
        if not where:
            continue
        title = leaf.raw.get("title") if leaf is not rule else rule.title
        text = str(title or rule.title).rstrip(".")
        head = text.split(":", 1)[0] if ":" in text else ""
        named = bool(head) and all(part.strip().isupper() and len(part.strip()) == 2 for part in head.split(","))
        if regime == "EEA" and scope is not None and where != members and not named:
            text = f"{', '.join(sorted(where))}: {text}"
        when = _when(leaf)
        parts.append(f"{text} ({_severities(leaf)}{', ' + when if when else ''})")
    return "; ".join(parts) if parts else "—"


def dated_data(pack: RulePack) -> list[str]:
    """One line per dated member of a named set: which law changed for whom, and when."""
    lines = []
    for name in sorted(pack.timeline.dated):
        for member, period in pack.timeline.history(name):
            lines.append(f"- `{name}`: {member} {period.describe()}")
    return lines


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def law_matrix(pack: RulePack, rules: Iterable[Rule] | None = None) -> str:
    rules = [r for r in (rules if rules is not None else pack.rules) if not r.engine]
    out = [
        "# Law matrix: what each rule requires, by regime",
        "",
        "Generated from the rule files by `python -m outreach_lint.docsgen`; do not edit. Each cell lists the",
        "checks of the rule that apply under the regime (legal-notes §0.2), with the severity of a finding",
        "and the day the law changed where it did. EEA cells name the member states a check is limited to.",
        "'—' means the rule does not judge recipients under that regime. A campaign is judged per recipient",
        "country, on its schedule's start (or `--as-of`, or today).",
        "",
        "| rule | " + " | ".join(REGIMES) + " |",
        "|---|" + "---|" * len(REGIMES),
    ]
    for rule in rules:
        cells = [_escape(cell(rule, regime, pack)) for regime in REGIMES]
        out.append(f"| [{rule.code}](rules/{rule.name}.md) {rule.name} | " + " | ".join(cells) + " |")
    dated = dated_data(pack)
    if dated:
        intro = "Members of the country and data sets that joined or left on a known day (legal-notes §0.3); the day shown is the first or the last day."
        out += ["", "## Dated data", "", intro, ""] + dated
    return "\n".join(out) + "\n"
