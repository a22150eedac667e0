"""Issue 12 item 4: one mistake, one finding, the right name (through the CLI)."""

from __future__ import annotations

from pathlib import Path

from .conftest import check_json

BASE = """campaign: c
channel: email
audience:
  type: b2b
  countries: [{countries}]
  consent: {{basis: consent, double_opt_in: true, proof: crm://x}}
processors:
  - {{name: Slack, role: processor, country: US, dpa: true, transfer: {transfer}, data: [email]}}
"""


def _write(tmp_path: Path, countries: str = "FR", transfer: str = "dpf", extra: str = "") -> str:
    path = tmp_path / "c.yaml"
    path.write_text(BASE.format(countries=countries, transfer=transfer) + extra, encoding="utf-8")
    return str(path)


def _at(report: dict, pointer: str) -> list[tuple[str, int]]:
    return [(f["code"], f["line"]) for f in report["findings"] if f["path"] == pointer]


def test_a_value_the_schema_refuses_gives_one_finding(tmp_path: Path) -> None:
    code, report = check_json("--no-cache", _write(tmp_path, transfer="DPF"))
    assert code == 1
    [finding] = [f for f in report["findings"] if f["path"] == "/processors/0/transfer"]
    assert (finding["code"], finding["line"]) == ("OL001", 8)
    assert finding["message"] == "processors.0.transfer: 'DPF' is not one of ['adequacy', 'dpf', 'scc', 'bcr', 'idta', 'none']: write it as 'dpf'"


def test_near_miss_a_valid_transfer_is_judged_by_the_rule(tmp_path: Path) -> None:
    _, report = check_json("--no-cache", _write(tmp_path, transfer="none"))
    assert _at(report, "/processors/0/transfer") == [("OL192", 8)]


def test_a_country_name_gets_its_iso_code_and_is_not_used_as_a_country(tmp_path: Path) -> None:
    code, report = check_json("--no-cache", _write(tmp_path, countries="Germany, FR"))
    assert code == 1
    [finding] = [f for f in report["findings"] if f["path"] == "/audience/countries/0"]
    assert (finding["code"], finding["line"], finding["column"]) == ("OL001", 5, 15)
    assert finding["message"] == "audience.countries.0: 'Germany' is not an ISO country code: use the ISO code DE"
    assert not any("Germany" in f["message"] for f in report["findings"] if f["code"] != "OL001")
    assert any(", FR" not in f["message"] and "FR" in f["message"] for f in report["findings"] if f["code"] != "OL001")


def test_an_unknown_name_is_not_guessed_and_a_lower_case_code_is_upper_cased(tmp_path: Path) -> None:
    _, report = check_json("--no-cache", "--select", "OL001", _write(tmp_path, countries="Atlantis, de"))
    messages = [f["message"] for f in report["findings"]]
    assert messages == [
        "audience.countries.0: 'Atlantis' is not an ISO 3166-1 alpha-2 country code (or EU, EEA, EUROPE)",
        "audience.countries.1: 'de' is not an ISO country code: use the ISO code DE",
    ]


def test_only_country_names_leave_the_campaign_without_scope(tmp_path: Path) -> None:
    _, report = check_json("--no-cache", "--select", "OL001,OL007,OL101", _write(tmp_path, countries="Germany"))
    assert sorted(f["code"] for f in report["findings"]) == ["OL001", "OL007"]


def test_an_undecodable_file_is_referenced_file_unreadable_not_missing(tmp_path: Path) -> None:
    (tmp_path / "contacts.csv").write_bytes("email,country\nj\u00e9r\u00f4me@example.com,FR\n".encode("latin-1"))
    (tmp_path / "invite.html").write_bytes("<p>Caf\u00e9</p>\n".encode("cp1252"))
    extra = "steps:\n  - template: invite.html\n"
    campaign = _write(tmp_path, extra=extra).replace("c.yaml", "c.yaml")
    text = Path(campaign).read_text(encoding="utf-8").replace("  consent:", "  contacts: contacts.csv\n  consent:")
    Path(campaign).write_text(text, encoding="utf-8")
    code, report = check_json("--no-cache", "--select", "OL003,OL008", campaign)
    assert code == 1
    found = [(f["code"], f["line"], f["path"], f["message"]) for f in report["findings"]]
    assert found == [
        (
            "OL008",
            6,
            "/audience/contacts",
            "contacts file 'contacts.csv' is not UTF-8 at line 2 (byte 0xe9); save it as UTF-8, or declare a Windows-1252/Latin-1 export with `audience.contacts: {path: ..., encoding: cp1252}`",
        ),
        ("OL008", 11, "/steps/0/template", "template 'invite.html' cannot be decoded: not valid UTF-8 (byte 0xe9 at offset 6); save the file as UTF-8"),
    ]
    assert report["findings"][0]["fix"].startswith("Save the file as UTF-8")


def test_near_miss_a_missing_file_stays_referenced_file_missing(tmp_path: Path) -> None:
    campaign = _write(tmp_path, extra="steps:\n  - template: gone.html\n")
    _, report = check_json("--no-cache", "--select", "OL003,OL008", campaign)
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("OL003", 10)]


def test_a_processor_country_written_as_a_name_is_not_taken_for_a_third_country(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "campaign: x\nchannel: email\naudience: {type: b2b, countries: [FR]}\nprocessors:\n"
        "  - {name: Mailer, role: processor, country: Germany, dpa: true, data: [email]}\n",
        encoding="utf-8",
    )
    _, report = check_json("--no-cache", "--select", "OL001,OL192", str(path))
    found = sorted((f["code"], f["severity"], f["message"]) for f in report["findings"])
    assert found[0] == ("OL001", "error", "processors.0.country: 'Germany' is not an ISO country code: use the ISO code DE")
    # the rule sees no country (a warning asking for it), never "Germany" as a country outside the EEA
    assert [code for code, _, _ in found[1:]] == ["OL192"]
    assert all("Germany" not in message and severity == "warning" for _, severity, message in found[1:])


def test_uk_and_el_are_not_taken_for_countries_and_get_their_iso_codes(tmp_path: Path) -> None:
    # the schema's two-letter pattern accepts them, but no rule for GB or GR would ever apply
    path = tmp_path / "uk.yaml"
    path.write_text(
        "campaign: x\nchannel: email\naudience:\n  type: b2c\n  countries: [FR, UK, EL]\n  consent: {basis: consent, double_opt_in: true, proof: crm://x}\n",
        encoding="utf-8",
    )
    code, report = check_json("--no-cache", str(path))
    assert code == 1
    schema = [(f["line"], f["column"], f["message"], f["fix_edit"]["value"]) for f in report["findings"] if f["code"] == "OL001"]
    assert schema == [
        (5, 19, "audience.countries.1: 'UK' is not the ISO 3166-1 code of the country: use the ISO code GB", '"GB"'),
        (5, 23, "audience.countries.2: 'EL' is not the ISO 3166-1 code of the country: use the ISO code GR", '"GR"'),
    ]
    others = [f["message"] for f in report["findings"] if f["code"] != "OL001"]
    assert others and not any("UK" in m or "EL" in m for m in others)


def test_near_miss_gb_and_gr_are_countries(tmp_path: Path) -> None:
    path = tmp_path / "gb.yaml"
    path.write_text(
        "campaign: x\nchannel: email\naudience:\n  type: b2c\n  countries: [FR, GB, GR]\n  consent: {basis: consent, double_opt_in: true, proof: crm://x}\n",
        encoding="utf-8",
    )
    _, report = check_json("--no-cache", str(path))
    assert not [f for f in report["findings"] if f["code"] == "OL001"]
    assert any("FR, GB, GR" in f["message"] for f in report["findings"])
