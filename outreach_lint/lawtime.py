"""Law in time: periods of validity and named sets whose members change on known dates.

A rule, a case, a check, a table row or a set member may carry ``from`` (the first day it
applies) and ``until`` (the day it stops applying: exclusive). A :class:`SetTimeline` holds every
named set of a pack with the periods of each member, answers "which members on this day"
(computed once per distinct day and kept on the pack, not in a module global), and knows the days
on which a set changes.

Compiled conditions read the sets of the day being judged through :attr:`SetTimeline.current`,
which the engine moves with :meth:`SetTimeline.use` before it judges a rule on a day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Period:
    """``[start, end)``; None on either side is open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def holds(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    @property
    def always(self) -> bool:
        return self.start is None and self.end is None

    def dates(self) -> tuple[dt.date, ...]:
        return tuple(d for d in (self.start, self.end) if d is not None)

    def narrowed(self, other: Period) -> Period:
        """Both at once (a check inside a dated rule applies only while both do)."""
        starts = [d for d in (self.start, other.start) if d is not None]
        ends = [d for d in (self.end, other.end) if d is not None]
        return Period(max(starts) if starts else None, min(ends) if ends else None)

    def describe(self) -> str:
        """``from 11 Aug 2026``, ``until 10 Aug 2026`` (the last day), both, or ``always``."""
        parts = []
        if self.start is not None:
            parts.append(f"from {format_day(self.start)}")
        if self.end is not None:
            parts.append(f"until {format_day(self.end - dt.timedelta(days=1))}")
        return " ".join(parts) or "always"

    def as_dict(self) -> dict[str, str]:
        out = {}
        if self.start is not None:
            out["from"] = self.start.isoformat()
        if self.end is not None:
            out["until"] = self.end.isoformat()
        return out


ALWAYS = Period()


def format_day(day: dt.date) -> str:
    """``11 Aug 2026``: unambiguous in every locale the messages are read in."""
    return f"{day.day} {day.strftime('%b')} {day.year}"


class PeriodError(ValueError):
    """``from``/``until`` that is not a date, or ``until`` not after ``from``."""


def parse_day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PeriodError(f"{value!r} is not a date (YYYY-MM-DD)")


def period_of(node: Mapping[str, Any]) -> Period:
    """The ``from``/``until`` of a rule, case, check or data row (absent: always)."""
    start = parse_day(node["from"]) if node.get("from") is not None else None
    end = parse_day(node["until"]) if node.get("until") is not None else None
    if start is not None and end is not None and end <= start:
        raise PeriodError(f"`until` ({end}) must be after `from` ({start})")
    return Period(start, end)


#: member -> the periods in which it belongs to the set
Spans = dict[str, tuple[Period, ...]]


def join(spans: Spans, member: str, periods: Iterable[Period]) -> None:
    """Add ``periods`` to ``member`` (a member is in when any of its periods holds)."""
    known = spans.get(member, ())
    if any(p.always for p in known):
        return
    new = tuple(periods)
    spans[member] = (ALWAYS,) if any(p.always for p in new) else known + tuple(p for p in new if p not in known)


class SetTimeline:
    """Every named set of a pack, by day. Static sets (no dated member) are one frozenset."""

    def __init__(self, spans: Mapping[str, Spans], today: dt.date | None = None) -> None:
        self.spans = {name: dict(members) for name, members in spans.items()}
        self.dated = frozenset(name for name, members in self.spans.items() if any(not p.always for ps in members.values() for p in ps))
        self._static = {name: frozenset(members) for name, members in self.spans.items() if name not in self.dated}
        self._by_day: dict[dt.date, dict[str, frozenset[str]]] = {}
        self._changes: dict[str, tuple[dt.date, ...]] = {}
        self.day = today or dt.date.today()
        #: the sets on :attr:`day`; compiled conditions and messages read them
        self.current: dict[str, frozenset[str]] = self.on(self.day)

    def on(self, day: dt.date) -> dict[str, frozenset[str]]:
        """Every set as it stands on ``day`` (cached per day)."""
        known = self._by_day.get(day)
        if known is None:
            known = dict(self._static)
            for name in self.dated:
                known[name] = frozenset(m for m, periods in self.spans[name].items() if any(p.holds(day) for p in periods))
            if len(self._by_day) >= 256:
                self._by_day.clear()
            self._by_day[day] = known
        return known

    def use(self, day: dt.date) -> dict[str, frozenset[str]]:
        """Judge on ``day`` from now on; returns its sets."""
        if day != self.day:
            self.day = day
            self.current = self.on(day)
        return self.current

    def ever(self, name: str) -> frozenset[str]:
        """Every member the set has on any day."""
        return frozenset(self.spans[name])

    def changes(self, name: str) -> tuple[dt.date, ...]:
        """The days on which the set gains or loses a member, sorted."""
        known = self._changes.get(name)
        if known is None:
            days = {d for periods in self.spans.get(name, {}).values() for p in periods for d in p.dates()}
            known = self._changes[name] = tuple(sorted(days))
        return known

    def history(self, name: str) -> list[tuple[str, Period]]:
        """(member, period) for the dated members of a set."""
        # a member may have several periods (a row with dated versions): order them by date
        return sorted(
            ((m, p) for m, periods in self.spans.get(name, {}).items() for p in periods if not p.always),
            key=lambda mp: (mp[0], mp[1].start or dt.date.min, mp[1].end or dt.date.max),
        )

    def as_json(self) -> dict[str, dict[str, list[list[str | None]]]]:
        return {name: {m: [[_iso(p.start), _iso(p.end)] for p in ps] for m, ps in members.items()} for name, members in self.spans.items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Mapping[str, list[list[str | None]]]]) -> SetTimeline:
        return cls({name: {m: tuple(Period(_day(a), _day(b)) for a, b in ps) for m, ps in members.items()} for name, members in data.items()})


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text is not None else None
