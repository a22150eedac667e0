"""A ``--rules`` folder extends the catalogue tables the readers use (issue 13 item 3).

The vendor catalogue, the phrase lists and the ESP placeholders come from the rule pack, so a
team's own rule folder can add a vendor, a merge tag or a footer phrase, and the readers see it
exactly as they see a built-in row. A malformed row is refused when the pack loads, with the
file and line, exit 2 (SPEC: a broken rule file is a configuration error), never a crash and
never a reader that silently matches nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import TODAY, run_cli

#: a standard async loader snippet; the host is the only difference between the two sites
PAGE = """\
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Pricing</title>
  <script>
    (function (d) {
      var s = d.createElement("script"); s.async = true;
      s.src = "https://{host}/v2/tag.js?id=EXAMPLE0001";
      d.head.appendChild(s);
    })(document);
  </script>
</head>
<body><h1>Pricing</h1></body>
</html>
"""

CAMPAIGN = """\
campaign: site-visitors
channel: email
audience:
  type: b2b
  countries: [DE]
steps:
  - subject: Hello
    unsubscribe: link
tracking:
  sites:
    - site.html
"""

VENDOR_ROW = """\
tables:
  vendors:
    rows:
      acmepeek:
        name: AcmePeek
        level: {level}
        source: "https://acmepeek.example/docs/install (our own vendor review, 2026-11)"
        hosts: [cdn.acmepeek.example]
        evidence: "[code] the install page's snippet"
"""

#: a built-in person-level vendor's loader host (RB2B on CloudFront, rules/data/vendors.yaml)
BUILTIN_HOST = "ddwl4m2hdecbv.cloudfront.net"


def site(tmp_path: Path, host: str) -> Path:
    (tmp_path / "site.html").write_text(PAGE.replace("{host}", host), encoding="utf-8")
    campaign = tmp_path / "campaign.yaml"
    campaign.write_text(CAMPAIGN, encoding="utf-8")
    return campaign


def pack(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "pack" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "pack"


def check(*args: str) -> tuple[int, list[dict[str, Any]], str]:
    code, out, err = run_cli("check", "--format", "json", "--no-cache", "--jobs", "1", "--today", TODAY, *args)
    return code, (json.loads(out)["findings"] if code in (0, 1) else []), err


def visitor_findings(found: list[dict[str, Any]]) -> list[tuple[str, str, int, str]]:
    return sorted((f["code"], f["severity"], f["line"], f["path"]) for f in found if f["code"].startswith("OL17"))


def test_a_vendor_added_by_a_rule_folder_is_found_like_a_built_in_one(tmp_path: Path) -> None:
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    code, found, err = check(str(site(builtin, BUILTIN_HOST)))
    assert code == 1, err
    expected = visitor_findings(found)
    assert [c for c, *_ in expected] == ["OL170", "OL171", "OL173"]  # a person-level tag, undeclared, firing without consent

    added = tmp_path / "added"
    added.mkdir()
    rules = pack(added, {"data/acme-vendors.yaml": VENDOR_ROW.format(level="person")})
    code, found, err = check("--rules", str(rules), str(site(added, "cdn.acmepeek.example")))
    assert code == 1, err
    assert visitor_findings(found) == expected
    ol170 = next(f for f in found if f["code"] == "OL170")
    assert "AcmePeek" in ol170["message"]
    assert [(h["vendor"], h["line"]) for h in ol170["evidence"]["facts"]] == [("acmepeek", 9)]


def test_without_the_rule_folder_the_unknown_host_is_no_vendor(tmp_path: Path) -> None:
    code, found, err = check(str(site(tmp_path, "cdn.acmepeek.example")))
    assert visitor_findings(found) == [], err
    assert code in (0, 1)


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (VENDOR_ROW.format(level="household"), 4, "table 'vendors' row 'acmepeek': level must be one of company, person"),
        ("tables:\n  vendors:\n    rows:\n      acmepeek: {level: person}\n", 4, "table 'vendors' row 'acmepeek': needs a name"),
        (
            "tables:\n  vendors:\n    rows:\n      rb2b: {name: Not RB2B, level: company, source: x}\n",
            4,
            "table 'vendors' already has a row 'rb2b' (from ",
        ),
        (
            "tables:\n  vendors:\n    rows:\n      acme: {name: Acme, level: company, source: x, hosts: [DDWL4M2HDECBV.cloudfront.net]}\n",
            4,
            "table 'vendors' row 'acme': host 'ddwl4m2hdecbv.cloudfront.net' already belongs to row 'rb2b'",
        ),
        (
            "tables:\n  vendors:\n    rows:\n      acme: {name: Acme, level: company, source: x, globals: [reb2b]}\n",
            4,
            "table 'vendors' row 'acme': loader global 'reb2b' already belongs to row 'rb2b'",
        ),
        (
            "tables:\n  esp_placeholders:\n    rows:\n      acme-unsub: {esp: Acme, placeholder: '{{ acme_unsub }}', means: [opt_out]}\n",
            4,
            "table 'esp_placeholders' row 'acme-unsub': needs a placeholder and a source",
        ),
        (
            "tables:\n  phrases_opt_out_en:\n    rows:\n      Zap My Address: {source: our footer}\n",
            4,
            "table 'phrases_opt_out_en' row 'Zap My Address': a phrase is matched on folded text and must be written folded ('zap my address')",
        ),
        (
            "tables:\n  phrases_goodbye_en:\n    rows:\n      bye: {source: our footer}\n",
            4,
            "table 'phrases_goodbye_en' row 'bye': a phrase table is phrases_<kind>_<language>",
        ),
        (
            "tables:\n  consent_tools:\n    rows:\n      acmecmp: {name: AcmeCMP, banner: ['#acme'], reject: [], accept: ['#ok']}\n",
            4,
            "table 'consent_tools' row 'acmecmp': reject must be a non-empty list of selectors",
        ),
    ],
)
def test_a_malformed_or_replacing_row_is_refused_with_file_and_line(tmp_path: Path, data: str, line: int, message: str) -> None:
    rules = pack(tmp_path, {"data/extra.yaml": data})
    code, _, err = check("--rules", str(rules), str(site(tmp_path, "cdn.acmepeek.example")))
    assert code == 2
    assert f"{rules / 'data' / 'extra.yaml'}:{line}: {message}" in err
    assert "Traceback" not in err


def test_a_law_table_still_cannot_take_rows(tmp_path: Path) -> None:
    rules = pack(tmp_path, {"data/extra.yaml": "tables:\n  adequacy:\n    rows:\n      XX: {adequacy: full, source: x}\n"})
    code, _, err = check("--rules", str(rules), str(site(tmp_path, "cdn.acmepeek.example")))
    assert code == 2
    assert "table 'adequacy' is already defined in" in err and "only the catalogue tables" in err


def test_a_footer_phrase_and_a_merge_tag_added_by_a_rule_folder_count_as_an_opt_out(tmp_path: Path) -> None:
    (tmp_path / "phrase.html").write_text(
        '<html><body><p>Hello.</p><p>To zap my address from this list, <a href="https://example.com/x">go here</a>.</p>'
        "<p>Example GmbH, Hauptstr. 1, 10115 Berlin</p></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "tag.html").write_text(
        '<html><body><p>Hello.</p><p>Click <a href="{{ acme_k7 }}">here</a>.</p><p>Example GmbH, Hauptstr. 1, 10115 Berlin</p></body></html>',
        encoding="utf-8",
    )
    campaign = tmp_path / "campaign.yaml"
    campaign.write_text(
        "campaign: footer\nchannel: email\naudience:\n  type: b2b\n  countries: [GB]\nsteps:\n"
        "  - subject: Hello\n    template: phrase.html\n    unsubscribe: link\n  - subject: Again\n    template: tag.html\n    unsubscribe: link\n",
        encoding="utf-8",
    )
    rules = pack(
        tmp_path,
        {
            "data/footer.yaml": (
                "tables:\n  phrases_opt_out_en:\n    rows:\n      zap my address: {source: our own footer wording}\n"
                "  esp_placeholders:\n    rows:\n      acme-k7: {esp: Acme Mailer, placeholder: '{{ acme_k7 }}', means: [opt_out], source: 'https://acme.example/tags'}\n"
            )
        },
    )
    _, without, _ = check("--select", "OL130", str(campaign))
    assert sorted(f["path"] for f in without if f["code"] == "OL130") == ["/steps/0/template", "/steps/1/template"]
    code, found, err = check("--select", "OL130", "--rules", str(rules), str(campaign))
    assert [f for f in found if f["code"] == "OL130"] == [], err
    assert code == 0


def test_scan_refuses_a_malformed_consent_tool_row_before_starting_a_browser(tmp_path: Path) -> None:
    rules = pack(
        tmp_path, {"data/cmp.yaml": "tables:\n  consent_tools:\n    rows:\n      acmecmp: {name: AcmeCMP, banner: '#acme', reject: ['#no'], accept: ['#ok']}\n"}
    )
    code, _, err = run_cli("scan", "--rules", str(rules), "--output", str(tmp_path / "evidence.json"), "https://www.example.com/")
    assert code == 2
    assert f"{rules / 'data' / 'cmp.yaml'}:4: table 'consent_tools' row 'acmecmp': banner must be a non-empty list of selectors" in err
    assert not (tmp_path / "evidence.json").exists()
