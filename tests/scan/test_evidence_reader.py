"""Evidence files in ``check`` (no browser needed): validation, phases, re-matching, the CLI's refusals."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from ..conftest import check_json, run_cli

PAGE = "https://www.acme-analytics.example/pricing"
RB2B_URL = "https://s3-us-west-2.amazonaws.com/b2bjsstore/b/0OV0VHZ3YZ6Z/reb2b.js.gz"
LEADFEEDER_URL = "https://sc.lfeeder.com/lftracker_v1_EXAMPLEID.js"


def request(url: str, initiator: str = PAGE, **extra: Any) -> dict[str, Any]:
    host = url.split("/")[2]
    return {"url": url, "host": host, "method": "GET", "type": "script", "initiator": initiator, "status": 200, **extra}


def document(
    arrival: list[dict[str, Any]],
    reject: list[dict[str, Any]] | None = None,
    accept: list[dict[str, Any]] | None = None,
    problems: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    def phase(name: str, requests: list[dict[str, Any]] | None) -> dict[str, Any]:
        if requests is None:
            return {"phase": name, "status": "no_consent_tool", "requests": []}
        return {
            "phase": name,
            "status": "recorded",
            "requests": requests,
            "beacons": [],
            "cookies": [],
            "storage": [],
            "screenshot": "evidence.shots/p1-" + name + ".png",
        }

    return {
        "outreach_lint_evidence": 1,
        "tool": "outreach-lint test",
        "started": "2026-12-05T18:00:00Z",
        "browser": {"name": "chromium", "version": "156.0.8078.114"},
        "urls": [PAGE],
        "pages": [
            {
                "url": PAGE,
                "final_url": PAGE,
                "consent_tool": "Cookiebot" if reject is not None else "",
                "phases": [phase("arrival", arrival), phase("reject", reject), phase("accept", accept)],
                "problems": problems or [],
            }
        ],
    }


def check(tmp_path: Path, evidence: Any, consent_required: bool = True, raw: str | None = None) -> list[dict[str, Any]]:
    (tmp_path / "evidence.json").write_text(raw if raw is not None else json.dumps(evidence, indent=1), "utf-8")
    (tmp_path / "campaign.yaml").write_text(
        "campaign: site-scan\naudience: {type: b2b, countries: [DE]}\ntracking:\n"
        f"  visitor_identification: {{vendor: rb2b, level: person, consent_required: {str(consent_required).lower()}}}\n"
        "  sites: [evidence.json]\n",
        "utf-8",
    )
    _code, report = check_json("--no-cache", str(tmp_path / "campaign.yaml"))
    return [f for f in report["findings"] if f["code"] in ("OL003", "OL170", "OL171", "OL173")]


def codes(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((f["code"], f["severity"]) for f in findings)


def test_a_vendor_on_arrival_is_a_tag_firing_without_consent(tmp_path: Path) -> None:
    found = check(tmp_path, document([request(PAGE, ""), request(RB2B_URL)]))
    assert codes(found) == [("OL170", "error"), ("OL171", "warning")]
    ol170 = next(f for f in found if f["code"] == "OL170")
    assert f"RB2B loading from s3-us-west-2.amazonaws.com on {PAGE} in phase arrival (no consent given), started by {PAGE}" in ol170["message"]
    # the finding points at the request in the evidence file and carries it as machine-readable evidence
    lines = (tmp_path / "evidence.json").read_text("utf-8").split("\n")
    assert [(r["file"], r["line"]) for r in ol170["related"]] == [
        (str(tmp_path / "evidence.json"), next(i for i, text in enumerate(lines, 1) if "b2bjsstore" in text))
    ]
    fact = ol170["evidence"]["facts"][0]
    assert (fact["phase"], fact["host"], fact["initiator"], fact["site_kind"]) == ("arrival", "s3-us-west-2.amazonaws.com", PAGE, "scan")


def test_a_vendor_after_reject_also_fires_without_consent(tmp_path: Path) -> None:
    found = check(tmp_path, document([], reject=[request(RB2B_URL, "https://cdn.example/tm.js")], accept=[]))
    assert codes(found) == [("OL170", "error"), ("OL171", "warning")]
    assert "in phase reject (after the consent tool's reject button), started by https://cdn.example/tm.js" in found[0]["message"] + found[1]["message"]


def test_a_vendor_only_after_accept_is_gated(tmp_path: Path) -> None:
    assert codes(check(tmp_path, document([], reject=[], accept=[request(RB2B_URL)]))) == [("OL171", "warning")]


def test_undeclared_vendor_in_the_evidence_is_named(tmp_path: Path) -> None:
    found = check(tmp_path, document([], reject=[], accept=[request(RB2B_URL), request(LEADFEEDER_URL)]))
    assert ("OL173", "error") in codes(found)
    assert "Leadfeeder" in next(f["message"] for f in found if f["code"] == "OL173")


def test_the_file_is_matched_again_so_deleting_annotations_hides_nothing(tmp_path: Path) -> None:
    evidence = document([request(RB2B_URL)])
    evidence["pages"][0]["phases"][0]["vendors"] = []  # a hand-edited file that claims no vendor
    assert ("OL170", "error") in codes(check(tmp_path, evidence))


def test_a_beacon_to_a_vendor_collector_counts(tmp_path: Path) -> None:
    evidence = document([])
    evidence["pages"][0]["phases"][0]["beacons"] = ["https://ddwl4m2hdecbv.cloudfront.net/collect"]
    assert ("OL170", "error") in codes(check(tmp_path, evidence))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["pages"][0]["phases"][0].update(phase="maybe"), "/pages/0/phases/0/phase"),
        (lambda d: d["pages"][0]["phases"][0]["requests"].append({"url": 7, "host": "x"}), "/pages/0/phases/0/requests/0/url"),
        (lambda d: d.pop("pages"), "/pages"),
        (lambda d: d.update(outreach_lint_evidence=2), "/outreach_lint_evidence"),
        (lambda d: d["pages"][0]["phases"][0].update(screenshot="../../etc/passwd.png"), "/pages/0/phases/0/screenshot"),
    ],
)
def test_a_malformed_evidence_file_is_a_finding_naming_the_place(tmp_path: Path, change: Any, where: str) -> None:
    evidence = copy.deepcopy(document([]))
    change(evidence)
    found = check(tmp_path, evidence)
    assert [f["code"] for f in found if f["code"] == "OL003"] == ["OL003"]
    message = next(f["message"] for f in found if f["code"] == "OL003")
    assert message.startswith("site file 'evidence.json' is not a valid scan evidence file (outreach-lint schema evidence): at " + where), message


@pytest.mark.parametrize("phases", [["reject", "accept"], ["arrival", "arrival"]])
def test_a_page_without_exactly_one_arrival_phase_is_a_finding(tmp_path: Path, phases: list[str]) -> None:
    evidence = document([request(RB2B_URL)], reject=[], accept=[])
    by_name = {p["phase"]: p for p in evidence["pages"][0]["phases"]}
    evidence["pages"][0]["phases"] = [copy.deepcopy(by_name[name]) for name in phases]
    found = check(tmp_path, evidence)
    assert [f["message"] for f in found if f["code"] == "OL003"] == [
        f"site file 'evidence.json' is not a valid scan evidence file: page 1 needs one arrival phase and each phase at most once (has {', '.join(phases)})"
    ]


def test_a_phase_not_recorded_is_an_incomplete_scan_even_without_a_problem_entry(tmp_path: Path) -> None:
    evidence = document([], reject=[], accept=[])
    evidence["pages"][0]["phases"][0]["status"] = "not_loaded"
    found = check(tmp_path, evidence)
    assert [f["message"] for f in found if f["code"] == "OL003"] == [
        f"site file 'evidence.json' records an incomplete scan: {PAGE} (arrival): the phase was not recorded (not loaded)"
    ]


def test_broken_json_with_the_marker_is_a_finding(tmp_path: Path) -> None:
    found = check(tmp_path, None, raw='{"outreach_lint_evidence": 1, "pages": [')
    assert [f["message"] for f in found if f["code"] == "OL003"] == ["site file 'evidence.json' is not valid JSON (line 1: Expecting value)"]


def test_an_incomplete_scan_is_a_finding_and_what_it_saw_still_counts(tmp_path: Path) -> None:
    problems = [{"kind": "not_settled", "phase": "arrival", "message": "the network did not settle within 30 s"}]
    found = check(tmp_path, document([request(RB2B_URL)], problems=problems))
    assert codes(found) == [("OL003", "error"), ("OL170", "error"), ("OL171", "warning")]
    assert next(f["message"] for f in found if f["code"] == "OL003") == (
        f"site file 'evidence.json' records an incomplete scan: {PAGE} (arrival): the network did not settle within 30 s"
    )


def test_schema_command_prints_the_evidence_schema() -> None:
    code, out, _err = run_cli("schema", "evidence")
    assert code == 0
    schema = json.loads(out)
    assert schema["properties"]["outreach_lint_evidence"] == {"const": 1, "description": schema["properties"]["outreach_lint_evidence"]["description"]}
    assert "outreach_lint_evidence" in schema["required"]


def test_scan_names_the_environment_variable_when_its_browser_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LINT_CHROMIUM", str(tmp_path / "no-such-browser"))
    code, _out, err = run_cli("scan", "https://example.com/", "-o", str(tmp_path / "e.json"))
    assert code == 2
    assert "OUTREACH_LINT_CHROMIUM names" in err and "not an executable file" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://example.com/"], "'ftp://example.com/' is not an http(s) URL"),
        (["https://example.com/", "--map-host", "example.com 1.2.3.4"], "--map-host 'example.com 1.2.3.4' is not HOST=ADDR"),
        (["https://example.com/", "--map-host", "a.example=1.2.3.4,MAP * 5.6.7.8"], "is not HOST=ADDR"),
        (["https://example.com/", "--browser", "/nonexistent/chromium"], "--browser names '/nonexistent/chromium', which is not an executable file"),
    ],
)
def test_scan_refuses_bad_options_before_starting_a_browser(args: list[str], message: str, tmp_path: Path) -> None:
    code, _out, err = run_cli("scan", *args, "-o", str(tmp_path / "e.json"))
    assert code == 2
    assert message in err
    assert not (tmp_path / "e.json").exists()


def test_the_review_report_shows_vendors_per_phase_with_the_screenshot_escaped(tmp_path: Path) -> None:
    evidence = document([request(RB2B_URL)], reject=[], accept=[request(LEADFEEDER_URL)])
    evidence["pages"][0]["url"] = PAGE + "?q=<script>alert(1)</script>"
    shots = tmp_path / "evidence.shots"
    shots.mkdir()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32  # the report checks the signature only
    (shots / "p1-arrival.png").write_bytes(png)
    (shots / "p1-reject.png").write_bytes(b"<svg onload=alert(1)>")  # not a PNG: not embedded
    check(tmp_path, evidence)
    _code, _out, err = run_cli("report", str(tmp_path / "campaign.yaml"), "-o", str(tmp_path / "r.html"))
    html = (tmp_path / "r.html").read_text("utf-8")
    assert "What the website loaded in a real browser" in html, err
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<td class="bad">RB2B (person-level) from s3-us-west-2.amazonaws.com</td>' in html
    assert '<td class="">Leadfeeder (company-level) from sc.lfeeder.com</td>' in html
    import base64

    assert "data:image/png;base64," + base64.b64encode(png).decode() in html
    assert "not shown: evidence.shots/p1-reject.png is not a PNG" in html
    assert "onload" not in html
