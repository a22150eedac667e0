"""Engine behaviour through the CLI: OL001-OL007, isolation, suppressions, scoping."""

from __future__ import annotations

from .conftest import FIXTURES, check_json

ENGINE = FIXTURES / "engine"


def findings(report: dict, file: str | None = None) -> list[tuple[str, int, int, str]]:
    return [(f["code"], f["line"], f["column"], f["severity"]) for f in report["findings"] if file is None or f["file"].endswith(file)]


def test_broken_files_are_findings_and_the_others_are_still_checked() -> None:
    code, report = check_json(
        "--ignore",
        "OL007",
        "--select",
        "OL00,OL191",
        str(ENGINE / "broken-yaml.yaml"),
        str(ENGINE / "list-root.yaml"),
        str(ENGINE / "wrong-types.yaml"),
        str(FIXTURES / "rules" / "OL191" / "trip-slack-without-dpa.yaml"),
    )
    assert code == 1
    assert findings(report, "broken-yaml.yaml") == [("OL001", 4, 7, "error")]
    assert findings(report, "list-root.yaml") == [("OL001", 1, 1, "error")]
    assert ("OL001", 5, 3, "error") in findings(report, "wrong-types.yaml")  # countries: DE is not a list
    assert ("OL001", 9, 5, "error") in findings(report, "wrong-types.yaml")  # double_opt_in: "yes"
    assert ("OL001", 10, 1, "error") in findings(report, "wrong-types.yaml")  # retention_days: a year
    assert findings(report, "trip-slack-without-dpa.yaml") == [("OL191", 7, 5, "error")]
    assert report["summary"]["files"] == 4


def test_unknown_fields_warn_with_a_suggestion_and_x_fields_are_allowed() -> None:
    code, report = check_json("--select", "OL00", str(ENGINE / "unknown-fields.yaml"))
    assert code == 0  # a warning does not fail the default threshold
    [finding] = report["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("OL002", 6, 3)
    assert "did you mean 'consent'" in finding["message"]
    assert finding["path"] == "/audience/consnet"


def test_fail_on_warning_fails_on_a_warning() -> None:
    code, _ = check_json("--fail-on", "warning", "--select", "OL00", str(ENGINE / "unknown-fields.yaml"))
    assert code == 1


def test_files_that_are_not_campaigns_are_skipped_quietly() -> None:
    code, report = check_json(str(ENGINE / "not-a-campaign.yaml"))
    assert (code, report["findings"], report["summary"]["files"]) == (0, [], 0)


def test_missing_scope_is_reported_not_passed() -> None:
    code, report = check_json(str(ENGINE / "no-scope.yaml"))
    assert code == 1
    [finding] = [f for f in report["findings"] if f["code"] == "OL007"]
    assert (finding["line"], finding["column"]) == (2, 1)
    assert "audience.countries" in finding["message"] and "OL101" in finding["message"]


def test_inline_suppressions() -> None:
    code, report = check_json("--select", "OL00,OL191", str(ENGINE / "suppressions.yaml"))
    assert code == 1
    assert findings(report) == [
        ("OL004", 11, 17, "error"),  # trailing comment without a reason
        ("OL005", 11, 17, "warning"),  # ... and it is on the item line, not the flagged `dpa` line
        ("OL191", 13, 5, "error"),
        ("OL006", 15, 3, "error"),  # expired: the CRM finding comes back
        ("OL191", 18, 5, "error"),
        ("OL005", 20, 3, "warning"),  # matches nothing
    ]
    [suppressed] = report["suppressed"]
    assert (suppressed["code"], suppressed["line"], suppressed["suppression_reason"]) == ("OL191", 8, "DPA signed 2026-10-01, filed as DPO-77")
    assert report["summary"]["suppressed"] == 1


def test_no_inline_suppressions_reports_everything() -> None:
    _, report = check_json("--no-inline-suppressions", "--select", "OL00,OL191", str(ENGINE / "suppressions.yaml"))
    assert [f["code"] for f in report["findings"]] == ["OL191", "OL191", "OL191"]


def test_unsuppressible_rules_stay_and_say_why(tmp_path) -> None:
    campaign = tmp_path / "c.yaml"
    campaign.write_text(
        "campaign: x\nchannel: email\naudience:\n  type: b2c\n  countries: [FR]\n  consent:\n"
        '    basis: none  # outreach-lint: ignore[OL101] reason="we think it is fine"\n',
        encoding="utf-8",
    )
    _, report = check_json("--select", "OL101,OL005", str(campaign))
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("OL101", 7), ("OL005", 7)]
    assert "cannot be suppressed inline" in report["findings"][1]["message"]


def test_select_and_ignore_by_code_name_and_prefix() -> None:
    path = str(ENGINE / "suppressions.yaml")
    _, by_name = check_json("--no-inline-suppressions", "--select", "processor-dpa-missing", path)
    _, by_prefix = check_json("--no-inline-suppressions", "--select", "OL19", path)
    _, ignored = check_json("--no-inline-suppressions", "--ignore", "OL1", path)
    # the prefix selects the other OL19x rules too (the campaign's recipients are in DE): count OL191's
    assert len(by_name["findings"]) == len([f for f in by_prefix["findings"] if f["code"] == "OL191"]) == 3
    assert ignored["findings"] == []


def test_missing_referenced_file_is_ol003_at_the_key(tmp_path) -> None:
    (tmp_path / "empty.html").write_text("", encoding="utf-8")
    (tmp_path / "folder.html").mkdir()
    campaign = tmp_path / "c.yaml"
    campaign.write_text(
        "campaign: x\nsteps:\n  - template: nope.html\n  - template: empty.html\n  - template: folder.html\nlegitimate_interest_assessment: docs/lia.md\n",
        encoding="utf-8",
    )
    _, report = check_json("--select", "OL003", str(campaign))
    assert [(f["line"], f["column"], f["path"]) for f in report["findings"]] == [
        (3, 5, "/steps/0/template"),
        (4, 5, "/steps/1/template"),
        (5, 5, "/steps/2/template"),
        (6, 1, "/legitimate_interest_assessment"),
    ]
    messages = [f["message"] for f in report["findings"]]
    assert "does not exist" in messages[0] and "is empty" in messages[1] and "is a folder" in messages[2]


def test_a_folder_is_searched_for_campaigns_in_sorted_order() -> None:
    _, report = check_json("--select", "OL191", str(FIXTURES / "rules" / "OL191"))
    assert [f["file"] for f in report["findings"]] == [
        str(FIXTURES / "rules" / "OL191" / name) for name in ("trip-ch-crm-without-contract.yaml", "trip-slack-without-dpa.yaml")
    ]
    assert report["summary"]["files"] == len(list((FIXTURES / "rules" / "OL191").glob("*.yaml")))


def test_the_tree_copy_is_a_deepcopy_for_loaded_documents() -> None:
    import copy
    import datetime as dt

    from outreach_lint.loader import load_text
    from outreach_lint.normalize import copy_tree

    shared = load_text("base: &b {countries: [DE, AT], nested: {x: [1, 2.5, true, null]}}\none: *b\ntwo: [*b, *b]\n").data
    for document in (shared, {"when": dt.date(2026, 1, 1), "list": [[], {}]}, [], "text"):
        copied, deep = copy_tree(document), copy.deepcopy(document)
        assert copied == deep
        if isinstance(document, dict) and "one" in document:
            assert copied["one"] is copied["base"] is copied["two"][1]  # aliases stay one object, as with deepcopy
            assert copied["one"] is not document["one"]
            copied["one"]["countries"].append("CH")
            assert document["base"]["countries"] == ["DE", "AT"]


def test_a_message_about_countries_says_when_none_are_stated(tmp_path) -> None:
    campaign = tmp_path / "c.yaml"
    campaign.write_text(
        "campaign: no-countries\nchannel: email\naudience:\n  type: b2c\n  sources: [website_signup]\n"
        "  consent: {basis: consent}\nsender: {name: Acme}\nsteps:\n  - subject: Hi\n",
        encoding="utf-8",
    )
    _, report = check_json("--select", "OL132", str(campaign))
    messages = [f["message"] for f in report["findings"] if f["code"] == "OL132"]
    assert messages and all("people in the countries it targets (none stated)" in m for m in messages), messages
    assert not any("in  " in m for m in messages)
