"""Small campaign files for config and baseline tests."""

from __future__ import annotations

from pathlib import Path

#: OL191 (processor without a DPA) fires at line 9, column 5 (`dpa`); nothing else is needed to trip it.
#: The recipients are in DE: processor contracts are a GDPR duty (legal-notes §0.1), not a US one.
CAMPAIGN = """\
campaign: {name}
channel: email
audience:
  type: b2b
  countries: [DE]
processors:
  - name: Slack
    role: processor
    dpa: false
    data: [email]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def campaign(path: Path, name: str = "c", prefix: str = "") -> Path:
    return write(path, prefix + CAMPAIGN.format(name=name))
