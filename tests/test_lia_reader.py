from __future__ import annotations

from outreach_lint.facts.lia import read_lia

COMPLETE_EN = """# LIA
## Purpose test
## Necessity test
## Balancing test
## Retention: deleted after 12 months
## Right to object: every message has an unsubscribe link
"""

COMPLETE_DE = """# Interessenabwägung
Zweck: Einladung zu Fachveranstaltungen. Die Verarbeitung ist erforderlich, weil ...
Speicherdauer: 12 Monate. Widerspruch jederzeit möglich.
"""


def test_complete_assessments() -> None:
    assert read_lia(COMPLETE_EN) == dict.fromkeys(("purpose", "necessity", "balancing", "retention", "objection"), True)
    assert read_lia(COMPLETE_DE) == dict.fromkeys(("purpose", "necessity", "balancing", "retention", "objection"), True)


def test_thin_assessment() -> None:
    facts = read_lia("We have a legitimate interest pursued in selling software.\n")
    assert facts == {"purpose": True, "necessity": False, "balancing": False, "retention": False, "objection": False}
