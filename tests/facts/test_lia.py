from __future__ import annotations

from pathlib import Path

import pytest

from outreach_lint.facts.lia import read_lia

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lia"
ALL = {"purpose": True, "necessity": True, "balancing": True, "retention": True, "objection": True}
NONE = dict.fromkeys(ALL, False)


@pytest.mark.parametrize("name, expected", [("full-en.md", ALL), ("full-de.md", ALL), ("thin.md", NONE)])
def test_fixtures(name: str, expected: dict[str, bool]) -> None:
    assert read_lia((FIXTURES / name).read_text("utf-8")) == expected


@pytest.mark.parametrize(
    "text, fact",
    [
        ("## Purpose test\nWe invite customers.", "purpose"),
        ("## Zweck\nEinladung.", "purpose"),
        ("## Necessity\nE-mail is the least intrusive channel.", "necessity"),
        ("## Erforderlichkeit\n...", "necessity"),
        ("## Balancing test\n...", "balancing"),
        ("Recipients can reasonably expect this.", "balancing"),
        ("## Interessenabwägung\n...", "balancing"),
        ("## Retention\nDeleted after 12 months.", "retention"),
        ("## Speicherdauer\nDie Daten werden nach 12 Monaten gelöscht.", "retention"),
        ("## Right to object\nEvery message has an unsubscribe link.", "objection"),
        ("## Widerspruchsrecht\n...", "objection"),
    ],
)
def test_each_part_alone(text: str, fact: str) -> None:
    result = read_lia(text)
    assert [key for key, value in result.items() if value] == [fact]
