"""The adequacy table behind OL192: every row sourced, unverified rows marked, sets derived from it."""

from __future__ import annotations

from outreach_lint.rulepack import load_pack

PACK = load_pack()
ROWS = PACK.tables["adequacy"]


def test_every_row_has_a_source_confidence_and_known_adequacy() -> None:
    for code, row in ROWS.items():
        assert row.get("source"), code
        assert row.get("confidence") in ("verified", "standard", "unverified"), code
        assert row.get("adequacy") in ("full", "commercial", "dpf_only", "full?"), code


def test_unverified_rows_are_exactly_the_question_marked_ones() -> None:
    marked = {code for code, row in ROWS.items() if str(row["adequacy"]).endswith("?")}
    unverified = {code for code, row in ROWS.items() if row["confidence"] == "unverified"}
    assert marked == unverified == {"BR"}


def test_adequacy_sets_follow_legal_notes() -> None:
    # legal-notes 1.10: AD, AR, CA (commercial), FO, GG, IL, IM, JP, JE, NZ, KR, CH, GB, UY, US (DPF only)
    assert PACK.sets["ADEQUATE"] == frozenset({"AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY"})
    assert PACK.sets["ADEQUATE_DPF_ONLY"] == frozenset({"US"})
    assert PACK.sets["ADEQUATE_UNVERIFIED"] == frozenset({"BR"})
    assert ROWS["CA"]["scope"].startswith("commercial")


def test_no_eea_country_is_listed_as_a_third_country() -> None:
    assert not set(ROWS) & PACK.sets["EEA"]
