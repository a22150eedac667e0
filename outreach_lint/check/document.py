"""The day(s) a campaign is judged on and its evaluation document (the normalise stage).

The document is what rules read: the campaign with groups of countries expanded, step channels
and derived facts (:func:`outreach_lint.normalize.normalise`); readers add the facts of
referenced files to it later (:mod:`.facts`). A campaign whose schedule spans a change in the law
is judged on each day the law changes; the document is redone for each of those days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..jurisdiction import Judge
from ..normalize import normalise, redate
from ..rulepack import RulePack


def evaluation_document(pack: RulePack, campaign: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """The campaign normalised for judging on ``day`` (a new document; ``campaign`` is not changed)."""
    return normalise(campaign, pack.country_groups, day, pack.sets.get("DNC_COUNTRIES", frozenset()), pack.places)


def judge_days(campaign: Any, as_of: dt.date | None, run_date: dt.date, judge: Judge) -> list[dt.date]:
    """The day a campaign is judged on, then each day within its schedule on which the law changes.

    ``--as-of`` decides alone; otherwise ``schedule.start`` (else the run date), and the days in
    (start, end] on which a rule, case or data row of the pack starts or stops applying."""
    if as_of is not None:
        return [as_of]
    schedule = campaign.get("schedule") if isinstance(campaign, dict) else None
    if not isinstance(schedule, dict):
        return [run_date]
    start, end = _date(schedule.get("start")), _date(schedule.get("end"))
    if start is None:
        return [run_date]
    if end is None or end <= start:
        return [start]
    return [start] + [d for d in judge.all_change_days() if start < d <= end]


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def documents_by_day(document: dict[str, Any], first: dt.date) -> Callable[[dt.date], dict[str, Any]]:
    """The evaluation document as it reads on each day (its date facts redone), made once per day."""
    made = {first: document}

    def on(day: dt.date) -> dict[str, Any]:
        known = made.get(day)
        if known is None:
            known = made[day] = redate(document, day)
        return known

    return on
