"""Rendered messages read as sentences even when the campaign leaves a fact out.

A placeholder over an empty list used to leave a gap ("contacts them by ."). Every rule's bad
examples are checked twice, as written and with every channel removed, and no message may
contain a space before punctuation or an empty placeholder.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import yaml

from outreach_lint.rulepack import load_pack

from .conftest import TODAY, run_cli

GAP = re.compile(r"\s[.,;:)]|\(\s*\)|\bby\s*$")


def _without_channels(campaign: dict[str, Any]) -> dict[str, Any]:
    stripped = copy.deepcopy(campaign)
    stripped.pop("channel", None)
    for step in stripped.get("steps") or []:
        if isinstance(step, dict):
            step.pop("channel", None)
    return stripped


def _write_examples(folder: Path) -> int:
    written = 0
    for rule in load_pack().rules:
        for number, example in enumerate(rule.examples.get("bad", [])):
            campaign = example.get("campaign")
            if not isinstance(campaign, dict):
                continue
            for variant, data in (("as-written", campaign), ("no-channel", _without_channels(campaign))):
                (folder / f"{rule.code}-{number}-{variant}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
                written += 1
    return written


def test_no_message_has_a_gap_where_a_fact_is_missing(tmp_path: Path) -> None:
    assert _write_examples(tmp_path) > 100
    code, out, err = run_cli("check", str(tmp_path), "--format", "json", "--no-cache", "--today", TODAY)
    assert code == 1, err
    findings = json.loads(out)["findings"]
    assert len(findings) > 100
    gaps = sorted({f"{f['code']}: {f['message']}" for f in findings if GAP.search(f["message"])})
    assert not gaps, "\n".join(gaps[:20])


def test_sender_identity_without_a_channel_says_the_channel_is_not_stated(tmp_path: Path) -> None:
    campaign = tmp_path / "no-channel.yaml"
    campaign.write_text("campaign: x\naudience: {type: b2b, countries: [US]}\nsteps: [{subject: hi}]\n", "utf-8")
    code, out, _ = run_cli("check", str(campaign), "--format", "json", "--no-cache", "--today", TODAY)
    assert code == 1
    (ol140,) = [f for f in json.loads(out)["findings"] if f["code"] == "OL140"]
    assert ol140["line"] == 1
    assert ol140["countries"] == ["US"]
    assert ol140["message"].endswith("contacts them by a channel the campaign does not state.")
