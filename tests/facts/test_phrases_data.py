"""The phrase lists and the ESP placeholder table are data with a source per row (issue 15 items 1, 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from outreach_lint.facts.phrases import KINDS, LANGUAGES, Phrases, fold, token_key
from outreach_lint.rulepack import load_pack


def load() -> Phrases:
    return load_pack().phrases


DATA = Path(__file__).resolve().parents[2] / "rules" / "data"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_opt_out_source_and_objection_phrases_with_sources(lang: str) -> None:
    tables = yaml.safe_load((DATA / "phrases" / f"{lang}.yaml").read_text("utf-8"))["tables"]
    for kind in KINDS:
        rows = tables[f"phrases_{kind}_{lang}"]["rows"]
        assert rows, f"{lang} has no {kind} phrases"
        for phrase, row in rows.items():
            assert phrase == fold(phrase), f"{phrase!r} is matched on folded text and must be written folded"
            assert str(row.get("source", "")).strip(), f"{lang} {kind} {phrase!r} has no source"


def test_placeholder_rows_name_the_esp_what_they_render_and_a_source() -> None:
    rows = yaml.safe_load((DATA / "esp-placeholders.yaml").read_text("utf-8"))["tables"]["esp_placeholders"]["rows"]
    for key, row in rows.items():
        assert row["esp"] and row["placeholder"], key
        assert set(row["means"]) <= {"opt_out", "address", "pixel"} and row["means"], key
        assert row["source"].startswith("http"), key
        assert row["checked"] in ("search", "knowledge"), key
    esps = {row["esp"] for row in rows.values()}
    assert {
        "Mailchimp",
        "HubSpot",
        "SendGrid",
        "Mailjet",
        "Mautic",
        "listmonk",
        "Brevo",
        "Klaviyo",
        "Customer.io",
        "Campaign Monitor",
        "ActiveCampaign",
        "Postmark",
        "Constant Contact",
        "Ghost",
        "Substack",
    } <= esps


@pytest.mark.parametrize("tag", ["*|REWARDS|*", "{{ mirror }}", "*|MC_PREVIEW_TEXT|*", "{{ unsubscribe_count }}"])
def test_tags_that_are_neither_opt_out_nor_address_are_not_in_the_table(tag: str) -> None:
    assert token_key(tag) not in load().placeholders


def test_only_documented_footer_tags_count_as_both_opt_out_and_address() -> None:
    both = [row.placeholder for rows in load().placeholders.values() for row in rows if {"opt_out", "address"} <= set(row.means)]
    assert both == []  # none found documented so: each tag counts for what its page says it renders
