"""Scenarios from enforcement cases (legal-notes section 3).

Each campaign re-creates what a regulator sanctioned; the findings must carry
the regulator's reasoning. ``must`` lists (code, severity) pairs that have to
be there; ``never`` lists codes that would be wrong for that case.
"""

from __future__ import annotations

import pytest

from .conftest import FIXTURES, check_json

SCENARIOS = {
    # CNIL KASPR: scraped LinkedIn contacts, legitimate interest without an assessment, no Art. 14 notice,
    # data kept for years. B2B in France is an opt-out country, so no consent error.
    "kaspr-scraped-linkedin.yaml": {
        "must": {("OL190", "error"), ("OL121", "warning"), ("OL195", "warning"), ("OL122", "error"), ("OL144", "warning")},
        "never": {"OL101", "OL103"},
    },
    # ICO HelloFresh: texts on an e-mail-only, bundled opt-in; opt-outs slow; no shared suppression.
    "hellofresh-sms.yaml": {
        "must": {("OL113", "error"), ("OL114", "error"), ("OL131", "warning"), ("OL132", "error")},
        "never": {"OL101"},  # consent is claimed: the problem is its quality and scope
    },
    # FTC Verkada: US B2B e-mail without unsubscribe or postal address. CAN-SPAM is opt-out: no consent finding.
    "verkada-us-no-unsubscribe.yaml": {
        "must": {("OL130", "error"), ("OL141", "error")},
        "never": {"OL101", "OL103", "OL120", "OL190", "OL192"},
    },
    # CRTC Compu-Finder: scraped Canadian B2B addresses without consent; an opt-out behind a login, too slow.
    "compu-finder-canada.yaml": {
        "must": {("OL200", "error"), ("OL121", "error"), ("OL130", "error"), ("OL131", "error")},
        "never": {"OL101", "OL103"},
    },
    # CNIL Hubside: SMS to bought lists whose consent never named the buyer.
    "hubside-bought-list.yaml": {
        "must": {("OL120", "error"), ("OL110", "error"), ("OL122", "warning")},
        "never": set(),
    },
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_enforcement_scenario(name: str) -> None:
    code, report = check_json("--no-cache", str(FIXTURES / "scenarios" / name))
    found = {(f["code"], f["severity"]) for f in report["findings"]}
    codes = {c for c, _ in found}
    expected = SCENARIOS[name]
    assert expected["must"] <= found, sorted(expected["must"] - found)
    assert not (expected["never"] & codes), sorted(expected["never"] & codes)
    assert code == 1
