"""The derived fact ``visitor_countries``: where a website tag reaches people."""

from __future__ import annotations

import datetime as dt

from outreach_lint.normalize import normalise

GROUPS = {"EU": frozenset({"DE", "FR"}), "EUROPE": frozenset({"DE", "FR", "GB", "CH"})}
DAY = dt.date(2026, 11, 23)


def _facts(campaign: dict) -> dict:
    return normalise(campaign, GROUPS, DAY)["facts"]


def test_geo_fence_wins_over_the_audience() -> None:
    campaign = {"campaign": "x", "audience": {"countries": ["DE"]}, "tracking": {"visitor_identification": {"geo": ["US", "CA", "US"]}}}
    assert _facts(campaign)["visitor_countries"] == ["CA", "US"]


def test_geo_groups_are_expanded() -> None:
    campaign = {"campaign": "x", "tracking": {"visitor_identification": {"geo": ["EU"]}}}
    assert _facts(campaign)["visitor_countries"] == ["DE", "FR"]


def test_without_geo_the_audience_countries_count() -> None:
    campaign = {"campaign": "x", "audience": {"countries": ["EUROPE"]}, "tracking": {"visitor_identification": {"vendor": "rb2b"}}}
    assert _facts(campaign)["visitor_countries"] == ["CH", "DE", "FR", "GB"]


def test_nothing_declared_is_an_empty_list() -> None:
    assert _facts({"campaign": "x"})["visitor_countries"] == []
