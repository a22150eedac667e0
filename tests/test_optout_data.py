"""The day limits in rules/data agree with the numbers the rules check against.

Sets such as OPT_OUT_WITHIN_10_DAYS are derived from a table column; a rule then says
"if a country is in OPT_OUT_WITHIN_10_DAYS then honored_within_days is at most 10". These
tests fail when a table row, a set name and a rule threshold stop agreeing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from outreach_lint.rulepack import load_pack

PACK = load_pack()
_DAYS_SET = re.compile(r"^(OPT_OUT_\w+|DNC_REFRESH)_(\d+)_DAYS$")
_TABLE_OF = {"OPT_OUT_WITHIN_": "opt_out_deadlines", "OPT_OUT_MECHANISM_": "opt_out_mechanism_validity", "DNC_REFRESH_": "dnc_registers"}
_COLUMN = {"opt_out_deadlines": "days", "opt_out_mechanism_validity": "days", "dnc_registers": "refresh_days"}


def _conditional_limits(node: Any) -> Iterator[tuple[str, int]]:
    """(set name, limit) for every `if countries contain set:X then <field> minimum/maximum N`."""
    if isinstance(node, dict):
        if "if" in node and "then" in node:
            refs = re.findall(r"set:(\w+)", repr(node["if"]))
            limits = re.findall(r"'(?:minimum|maximum)': (\d+)", repr(node["then"]))
            for name in refs:
                for limit in limits:
                    yield name, int(limit)
        props = node.get("properties", {})
        if isinstance(props, dict) and "age_days" in props and "country" in props:
            for name in re.findall(r"set:(\w+)", repr(props["country"])):
                yield name, int(props["age_days"]["exclusiveMinimum"])
        for value in node.values():
            yield from _conditional_limits(value)
    elif isinstance(node, list):
        for value in node:
            yield from _conditional_limits(value)


def test_day_sets_hold_exactly_the_rows_with_their_limit() -> None:
    checked = []
    for name, members in PACK.sets.items():
        match = _DAYS_SET.match(name)
        if not match or name == "OPT_OUT_BEST_PRACTICE_2_DAYS":
            continue
        table = _TABLE_OF[next(prefix for prefix in _TABLE_OF if name.startswith(prefix))]
        column = _COLUMN[table]
        rows = PACK.tables[table]
        with_limit = {key for key, row in rows.items() if row.get(column) == int(match.group(2)) and row.get("kind", "statutory") == "statutory"}
        assert members == with_limit, (name, table)
        checked.append(name)
    assert len(checked) == 6, checked


def test_rule_thresholds_match_the_set_names() -> None:
    seen = []
    for rule in PACK.rules:
        for name, limit in _conditional_limits(rule.raw):
            match = _DAYS_SET.match(name)
            if match:
                assert int(match.group(2)) == limit, f"{rule.code}: {name} used with {limit}"
                seen.append((rule.code, name))
    assert {code for code, _ in seen} >= {"OL130", "OL131", "OL134"}


def test_best_practice_row_documents_the_europe_set() -> None:
    row = PACK.tables["opt_out_deadlines"]["EUROPE"]
    assert (row["days"], row["confidence"], row["kind"]) == (2, "unverified", "best_practice")
    assert PACK.sets["OPT_OUT_BEST_PRACTICE_2_DAYS"] == PACK.sets["EUROPE"]


def test_rule_scopes_cover_their_data_tables() -> None:
    """Scopes are written as readable country lists; they must still cover every table row."""
    rules = PACK.by_code()
    deadlines = PACK.sets["OPT_OUT_WITHIN_10_DAYS"] | PACK.sets["OPT_OUT_WITHIN_5_DAYS"] | PACK.sets["OPT_OUT_BEST_PRACTICE_2_DAYS"]
    assert rules["OL131"].jurisdictions == deadlines
    assert rules["OL163"].jurisdictions == PACK.timeline.ever("CALL_CONSENT_COUNTRIES")
    assert rules["OL134"].jurisdictions == PACK.sets["DNC_COUNTRIES"] == PACK.timeline.ever("DNC_IN_FORCE")
