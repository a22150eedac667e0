"""SARIF output: valid against the official 2.1.0 schema, with rules, locations and suppressions."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from outreach_lint.findings import FileResult, Report
from outreach_lint.formats import sarif

from ..conftest import SHARED
from .sample import CONSENT, CONTEXT, REPORT, shifted

HERE = Path(__file__).resolve().parent
#: a copy of /work/shared/schemas/sarif-schema-2.1.0.json, so a clean clone can run the test alone
VENDORED_SCHEMA = HERE / "sarif-schema-2.1.0.json"


def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(VENDORED_SCHEMA.read_text("utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def render(report: Report = REPORT) -> dict[str, Any]:
    return json.loads(sarif.render(report, CONTEXT))


def test_vendored_schema_is_the_official_one() -> None:
    official = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if not official.exists():
        pytest.skip("the shared folder is not next to this clone")
    assert VENDORED_SCHEMA.read_bytes() == official.read_bytes()


def test_validates_against_the_official_schema() -> None:
    errors = sorted(sarif_validator().iter_errors(render()), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_empty_report_validates() -> None:
    document = render(Report(()))
    sarif_validator().validate(document)
    assert document["runs"][0]["results"] == []


def test_driver_and_rule_descriptors() -> None:
    run = render()["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("outreach-lint", "9.9.9")
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["OL002", "OL101", "OL191"]
    ol101 = driver["rules"][1]
    assert ol101["name"] == "cold-email-needs-consent"
    assert ol101["shortDescription"] == {"text": "Cold e-mail needs consent"}
    assert ol101["fullDescription"] == {"text": "Marketing e-mail to people needs consent."}
    assert ol101["helpUri"] == "https://example.test/rules/cold-email-needs-consent"
    assert ol101["defaultConfiguration"] == {"level": "error"}
    assert "Fix: Get opt-in consent." in ol101["help"]["text"]
    assert "Directive 2002/58/EC Art. 13(1) <https://eur-lex.europa.eu/eli/dir/2002/58/oj>" in ol101["help"]["text"]
    assert "- [Directive 2002/58/EC Art. 13(1)](https://eur-lex.europa.eu/eli/dir/2002/58/oj)" in ol101["help"]["markdown"]
    assert driver["rules"][0]["defaultConfiguration"] == {"level": "warning"}
    assert "helpUri" not in driver["rules"][2]  # no URI known: left out rather than empty


def test_results_point_at_file_line_and_column() -> None:
    results = render()["runs"][0]["results"]
    consent = next(r for r in results if r["ruleId"] == "OL101")
    assert consent["ruleIndex"] == 1
    assert consent["level"] == "error"
    assert consent["message"] == {"text": "email marketing to consumers needs consent"}
    assert consent["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "campaigns/q4.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 9, "startColumn": 5},
            }
        }
    ]
    assert consent["properties"] == {"jsonPointer": "/audience/consent/basis"}
    assert re.fullmatch(r"[0-9a-f]{64}", consent["partialFingerprints"]["outreachLint/v1"])


def test_levels_map_info_to_note_and_uris_are_escaped() -> None:
    nasty = next(r for r in render()["runs"][0]["results"] if r["level"] == "note")
    assert nasty["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "odd%20dir/a%2Cb%3Ac%25.yaml"
    assert nasty["message"]["text"].startswith("line one\r\nline two")


def test_suppressed_findings_carry_an_in_source_suppression_with_the_reason() -> None:
    results = render()["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert len(suppressed) == 1
    assert suppressed[0]["suppressions"] == [{"kind": "inSource", "justification": "DPA filed as DPO-77"}]
    assert suppressed[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "campaigns/old.yaml"
    assert len(results) == 6


def test_absolute_path_outside_the_folder_is_a_file_uri(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inside, outside = tmp_path / "repo", tmp_path / "elsewhere"
    inside.mkdir()
    monkeypatch.chdir(inside)
    report = Report((FileResult("x", (replace(CONSENT, file=str(inside / "a" / "q.yaml")), replace(CONSENT, file=str(outside / "q.yaml")))),))
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in render(report)["runs"][0]["results"]]
    assert {"uri": "a/q.yaml", "uriBaseId": "%SRCROOT%"} in locations
    assert {"uri": (outside / "q.yaml").as_uri()} in locations


def test_fingerprints_survive_line_shifts() -> None:
    def prints(report: Report) -> list[str]:
        return [r["partialFingerprints"]["outreachLint/v1"] for r in render(report)["runs"][0]["results"]]

    assert prints(REPORT) == prints(shifted(REPORT, 7))
    assert len(set(prints(REPORT))) == 6


def test_related_locations_and_evidence_validate_and_point_into_the_referenced_file() -> None:
    """Issue 15 item 8: a finding caused by a site file points into it, with its evidence as properties."""
    from outreach_lint.findings import encode_evidence

    hit = {
        "vendor": "rb2b",
        "name": "RB2B",
        "level": "person",
        "host": "s3-us-west-2.amazonaws.com",
        "ungated": True,
        "file": "site/index.html",
        "line": 14,
        "column": 19,
    }
    caused = replace(CONSENT, related=(("site/index.html", 14, 19),), evidence=encode_evidence({"facts": [hit]}))
    document = render(Report((FileResult("campaigns/q4.yaml", (caused,)),)))
    sarif_validator().validate(document)
    result = document["runs"][0]["results"][0]
    assert result["relatedLocations"] == [
        {
            "id": 0,
            "physicalLocation": {"artifactLocation": {"uri": "site/index.html", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 14, "startColumn": 19}},
            "message": {"text": "RB2B (person-level) loads before consent"},
        }
    ]
    assert result["properties"]["evidence"] == {"facts": [hit]}
    assert result["properties"]["jsonPointer"] == CONSENT.path
