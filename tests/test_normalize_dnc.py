"""The derived do-not-call facts the OL134 checks read."""

from __future__ import annotations

import datetime as dt

from outreach_lint.normalize import normalise

TODAY = dt.date(2026, 11, 23)
DNC = frozenset({"GB", "US", "FR"})


def _facts(screened: object, countries: list[str]) -> dict:
    campaign = {"campaign": "c", "channel": "phone", "audience": {"countries": countries, "dnc_screened": screened}}
    return normalise(campaign, {}, TODAY, DNC)["facts"]


def test_latest_dated_screening_per_target_country() -> None:
    screened = [
        {"register": "TPS", "country": "GB", "date": "2026-10-01"},
        {"register": "CTPS", "country": "GB", "date": "2026-11-20"},
        {"register": "National DNC", "country": "US", "date": dt.date(2026, 10, 1)},
        {"register": "Bloctel", "country": "FR", "date": "2026-11-01"},  # FR is not a target
        {"register": "National DNC", "country": "US"},  # undated: left to the rules
        {"register": "National DNC", "country": "US", "date": "not a date"},
    ]
    facts = _facts(screened, ["GB", "US", "DE"])
    assert facts["dnc_screening_age_days"] == [{"country": "GB", "age_days": 3}, {"country": "US", "age_days": 53}]
    assert facts["dnc_unscreened"] == []


def test_no_screening_gives_an_empty_list_and_every_register_country_unscreened() -> None:
    facts = _facts(None, ["US", "FR", "DE"])
    assert facts["dnc_screening_age_days"] == []
    assert facts["dnc_unscreened"] == ["FR", "US"]


def test_wrongly_typed_entries_are_ignored_not_a_crash() -> None:
    """The schema reports the types (OL001); the facts must still be computable."""
    screened = [{"country": ["US"], "date": "2026-11-01"}, 5, {"country": "US", "date": "2026-13-45"}, {"country": "US", "date": 20261101}]
    facts = _facts(screened, ["US"])
    assert facts["dnc_screening_age_days"] == []
    assert facts["dnc_unscreened"] == []  # an entry names US, undated or not
