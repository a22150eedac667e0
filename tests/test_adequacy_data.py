"""The adequacy table behind OL192: every row sourced, unverified rows marked, sets derived from it."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach_lint.rulepack import load_pack

PACK = load_pack()
TABLES = ("adequacy", "adequacy_uk", "adequacy_ch")
ROWS = PACK.tables["adequacy"]


def _versions(row: object) -> list[dict]:
    """A row, or its dated versions."""
    return row if isinstance(row, list) else [row]  # type: ignore[return-value]


def _on(table: str, code: str, day: str) -> dict | None:
    for version in _versions(PACK.tables[table][code]):
        if version.get("from", "0000") <= day < version.get("until", "9999"):
            return version
    return None


@pytest.mark.parametrize("table", TABLES)
def test_every_row_has_a_source_confidence_and_known_adequacy(table: str) -> None:
    for code, row in PACK.tables[table].items():
        for version in _versions(row):
            assert version.get("source"), code
            assert version.get("confidence") in ("verified", "standard", "unverified"), code
            assert version.get("adequacy") in ("full", "commercial", "dpf_only", "full?", "dpf_only?"), code


@pytest.mark.parametrize("table", TABLES)
def test_unverified_rows_are_exactly_the_question_marked_ones(table: str) -> None:
    versions = [(code, v) for code, row in PACK.tables[table].items() for v in _versions(row)]
    marked = {code for code, v in versions if str(v["adequacy"]).endswith("?")}
    unverified = {code for code, v in versions if v["confidence"] == "unverified"}
    assert marked == unverified


def test_adequacy_sets_follow_legal_notes() -> None:
    # legal-notes 1.10: AD, AR, CA (commercial), FO, GG, IL, IM, JP, JE, NZ, KR, CH, GB, UY, US (DPF only),
    # Brazil since 26 Jan 2026 (2026/179) [V]
    timeline = PACK.timeline
    on = timeline.on(dt.date(2026, 11, 23))
    assert on["ADEQUATE"] == frozenset({"AD", "AR", "BR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY"})
    assert on["ADEQUATE_DPF_ONLY"] == frozenset({"US"})
    assert on["ADEQUATE_UNVERIFIED"] == frozenset()
    assert ROWS["CA"]["scope"].startswith("commercial")


def test_dates_of_legal_notes_0_3() -> None:
    on = PACK.timeline.on
    # Brazil adequate from 26 Jan 2026
    assert "BR" not in on(dt.date(2026, 1, 25))["ADEQUATE"] and "BR" in on(dt.date(2026, 1, 26))["ADEQUATE"]
    # EU-US DPF from 10 Jul 2023
    assert "US" not in on(dt.date(2023, 7, 9))["ADEQUATE_DPF_ONLY"] and "US" in on(dt.date(2023, 7, 10))["ADEQUATE_DPF_ONLY"]
    # UK decision renewed 19 Dec 2025, valid to 27 Dec 2031
    assert "renewed" in _on("adequacy", "GB", "2026-01-01")["decision"]
    assert "GB" in on(dt.date(2031, 12, 27))["ADEQUATE"] and "GB" not in on(dt.date(2031, 12, 28))["ADEQUATE"]


def test_the_exporter_lists_are_apart() -> None:
    sets = PACK.timeline.on(dt.date(2026, 11, 23))
    # a GB exporter: the EEA is adequate, the US only with the UK Extension
    assert sets["EEA"] <= sets["UK_ADEQUATE"] and sets["UK_ADEQUATE_DPF_ONLY"] == frozenset({"US"})
    assert PACK.tables["adequacy_uk"]["US"]["dpf_programme"] == "uk_extension"
    # a Swiss exporter: the EEA is on the Federal Council's list
    assert sets["EEA"] <= sets["CH_ADEQUATE"] and PACK.tables["adequacy_ch"]["US"]["dpf_programme"] == "swiss_us"


@pytest.mark.parametrize("table", TABLES)
def test_no_own_regime_country_is_listed_as_a_third_country(table: str) -> None:
    own = {"adequacy": PACK.sets["EEA"], "adequacy_uk": PACK.sets["EEA"] | {"GB"}, "adequacy_ch": PACK.sets["EEA"] | {"CH"}}[table]
    assert not set(PACK.tables[table]) & own
