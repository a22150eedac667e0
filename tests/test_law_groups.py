"""Meta-tests for issue 17 item 2: groups that match the law (legal-notes §0.1, §0.2).

* The country groups are the regimes of legal-notes §0.2.
* A rule (or check) whose statutes are only GDPR, UK GDPR, the FADP or the device-access rules
  (ePrivacy Art. 5(3), PECR reg. 6) is scoped to the countries those laws protect.
* Every citation of such a law names countries inside that law's regime.
* A US-only campaign (US sender, US recipients, US processors) gets no finding that cites EU, UK
  or Swiss law: every bad example of every rule is re-run as a US-only campaign.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import pytest

from outreach_lint.check.examples import judge_campaign
from outreach_lint.findings import Citation
from outreach_lint.rulepack import Rule, load_pack

from .conftest import FIXTURES, TODAY, check_json

PACK = load_pack()
SETS = PACK.sets
RULES = [r for r in PACK.rules if not r.engine]
DAY = dt.date.fromisoformat(TODAY)

#: data-protection and device-access laws, by what the citation's `law` (and `article`) say
FAMILIES: dict[str, tuple[re.Pattern[str], frozenset[str]]] = {
    "GDPR": (re.compile(r"Regulation \(EU\) 2016/679"), SETS["EEA"]),
    "UK GDPR": (re.compile(r"^UK GDPR \|"), frozenset({"GB"})),
    "FADP": (re.compile(r"\(FADP\)"), frozenset({"CH"})),
    "ePrivacy Art. 5(3)": (re.compile(r"2002/58/EC.*\| Art\. 5\(3\)"), SETS["EEA"]),
    "PECR reg. 6": (re.compile(r"UK PECR.*\| reg\. 6\b"), frozenset({"GB"})),
}
#: statutes of other kinds (anti-spam, consumer, telecoms, national laws): a rule citing one of them is
#: not a data-protection-only rule
OTHER_STATUTE = re.compile(
    r"Directive|PECR|UWG|TKG|PKE|Markedsf|CPCE|Code |Codice|LSSI|LOPDGDD|Telecommunicatiewet|S\.I\.|CAN-SPAM|TCPA|CFR|CASL|Spam Act|"
    r"Act|Regulations|Marknads|Décret|Ley|COPPA|Consumer Privacy|Decision|2022/2065"
)
#: guidance and decisions that illustrate a law without being one
GUIDANCE = re.compile(r"^(CNIL|ICO|EDPB|Article 29|CJEU|Garante|FEDMA|European Commission|Data Protection Commission)")
#: laws of the EEA, the UK or Switzerland, by name, for citations that carry no countries
EUROPEAN_LAW = re.compile(
    r"GDPR|2016/679|2002/58|2000/31|2005/29|2022/2065|ePrivacy|PECR|^UK |^CH |FADP|UWG|^DE |^FR |^IT |^ES |^NL |^PL |^AT |^DK |^IE |^SE |^FI |^BE |"
    r"^EE |^NO |CNIL|ICO|EDPB|CJEU|Garante|Article 29|FEDMA|Data Protection Commission|Commission Implementing|European Commission|EU-US"
)


def _expand(names: Any) -> frozenset[str]:
    out: set[str] = set()
    for name in names or ():
        out |= SETS[name] if name in SETS else {name}
    return frozenset(out)


def _family(citation: dict[str, Any]) -> str | None:
    text = f"{citation['law']} | {citation.get('article', '')}"
    for name, (pattern, _) in FAMILIES.items():
        if pattern.search(text):
            return name
    return None


def test_the_groups_are_the_regimes_of_legal_notes() -> None:
    eea = SETS["EEA"]
    assert len(eea) == 30 and {"IS", "LI", "NO"} <= eea and not {"GB", "CH"} & eea
    assert SETS["ANTISPAM_OPT_IN"] == eea | {"GB", "CH"} == SETS["EUROPE"]
    assert SETS["DEVICE_OPT_IN"] == eea | {"GB"} and SETS["DEVICE_INFORM_REFUSE"] == {"CH"}
    assert SETS["GDPR"] == eea and SETS["UK_GDPR"] == {"GB"} and SETS["FADP"] == {"CH"}
    assert SETS["DATA_PROTECTION_EUROPE"] == eea | {"GB", "CH"}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_citations_of_data_protection_laws_name_their_regime(rule: Rule) -> None:
    for citation in rule.raw["citations"]:
        family = _family(citation)
        if family is None or "countries" not in citation:
            continue
        allowed = FAMILIES[family][1]
        assert _expand(citation["countries"]) <= allowed, f"{rule.code}: {citation['law']} cited for {citation['countries']}"


def _statutes(rule: Rule) -> list[dict[str, Any]]:
    return [c for c in rule.raw["citations"] if not GUIDANCE.search(c["law"])]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_a_data_protection_only_rule_uses_a_matching_group(rule: Rule) -> None:
    statutes = _statutes(rule)
    families = {_family(c) for c in statutes}
    if not statutes or None in families:
        # cites another kind of statute too (anti-spam, consumer, US, CA, AU law): its own scope test is
        # the fixtures; a rule citing no statute at all would fail test_rule_cites_the_law_with_a_url
        assert not statutes or any(OTHER_STATUTE.search(c["law"]) for c in statutes if _family(c) is None)
        return
    allowed = frozenset().union(*(FAMILIES[f][1] for f in families if f))
    for leaf in rule.checks or (rule,):
        if leaf.jurisdictions is None:
            # scoped in its conditions (where a website tag fires: facts.visitor_countries, or by the
            # exporter: facts.sender_regime); the US-only test below shows it stays silent for the US
            assert rule.code in {"OL170", "OL171", "OL173", "OL174", "OL192"}, f"{rule.code} cites only {sorted(families)} but applies everywhere"
            continue
        assert leaf.jurisdictions <= allowed, f"{rule.code}: {sorted(leaf.jurisdictions - allowed)} outside {sorted(families)}"


# -- a US-only campaign cites no EU, UK or Swiss law -----------------------------------------


def _us_only(campaign: dict[str, Any]) -> dict[str, Any]:
    """The same campaign with a US sender, US recipients and US processors."""
    us = copy.deepcopy(campaign)
    audience = us.setdefault("audience", {})
    if isinstance(audience, dict):
        audience["countries"] = ["US"]
    sender = us.get("sender")
    us["sender"] = {**(sender if isinstance(sender, dict) else {}), "country": "US"}
    for processor in us.get("processors") or []:
        if isinstance(processor, dict):
            processor["country"] = "US"
    tracking = us.get("tracking")
    if isinstance(tracking, dict) and isinstance(tracking.get("visitor_identification"), dict):
        tracking["visitor_identification"].pop("geo", None)
    return us


def _european(citation: Citation | dict[str, Any]) -> bool:
    law = citation.law if isinstance(citation, Citation) else citation["law"]
    return bool(EUROPEAN_LAW.search(law))


#: OL123's examples are contact rows in countries the campaign does not declare (EEA rows in a US
#: campaign): citing the law of the rows' countries is its point, so it is not a US-only campaign
BAD_EXAMPLES = [(f"{r.code}-bad-{i}", r, ex) for r in RULES if r.code != "OL123" for i, ex in enumerate(r.examples.get("bad", []))]


@pytest.mark.parametrize(("label", "rule", "example"), BAD_EXAMPLES, ids=lambda v: v if isinstance(v, str) else "")
def test_every_bad_example_as_a_us_only_campaign_cites_no_european_law(label: str, rule: Rule, example: dict[str, Any]) -> None:
    campaign = _us_only(example["campaign"])
    day = dt.date.fromisoformat(example.get("today", TODAY))
    for finding in judge_campaign(campaign, PACK, example.get("facts"), day):
        wrong = [c.law for c in finding.citations if _european(c)]
        assert not wrong, f"{finding.code} ({finding.countries}) cites {wrong} for a US-only campaign"


US_CAMPAIGNS = sorted((FIXTURES / "law" / "us-only").glob("*.yaml"))


def test_there_are_us_only_campaigns() -> None:
    assert len(US_CAMPAIGNS) >= 5


@pytest.mark.parametrize("path", US_CAMPAIGNS, ids=lambda p: p.name)
def test_us_only_campaigns_through_the_cli_cite_no_european_law(path: Any) -> None:
    code, report = check_json("--no-cache", str(path))
    assert report["findings"], "each US campaign has something wrong under US law, so the test sees citations"
    for finding in report["findings"]:
        wrong = [c["law"] for c in finding["citations"] if _european(c)]
        assert not wrong, f"{finding['code']} cites {wrong}"
        assert set(finding.get("countries") or ["US"]) <= {"US", "CA"}, finding
    assert code == (1 if any(f["severity"] == "error" for f in report["findings"]) else 0)


# -- the law matrix (issue 17 item 8) ---------------------------------------------------------


def test_the_law_matrix_says_per_regime_what_each_rule_requires_and_since_when() -> None:
    from outreach_lint.lawmatrix import REGIMES, cell, law_matrix

    by_code = PACK.by_code()
    assert REGIMES == ("EEA", "GB", "CH", "US", "CA", "AU")
    # consumer calls: NL since 1 Jul 2021, FR from 11 Aug 2026; nothing outside the EEA
    calls = cell(by_code["OL163"], "EEA", PACK)
    assert "NL:" in calls and "from 1 Jul 2021" in calls and "FR:" in calls and "from 11 Aug 2026" in calls
    assert [cell(by_code["OL163"], r, PACK) for r in REGIMES[1:]] == ["—"] * 5
    # device access: opt-in in the EEA and GB, inform-and-refuse in CH, nothing in the US
    assert "opt-in" in cell(by_code["OL170"], "GB", PACK) and "refuse" in cell(by_code["OL170"], "CH", PACK)
    assert cell(by_code["OL170"], "US", PACK) == "—"
    # GDPR-only duties: the FADP's own articles for CH, none for the US
    assert "FADP Art. 9" in cell(by_code["OL191"], "CH", PACK) and cell(by_code["OL191"], "US", PACK) == "—"
    assert "FADP Art. 16" in cell(by_code["OL192"], "CH", PACK) and "UK GDPR" in cell(by_code["OL192"], "GB", PACK)
    page = law_matrix(PACK)
    assert page.count("\n| [OL") == len(RULES)
    assert "- `DNC_IN_FORCE`: FR until 10 Aug 2026" in page and "- `ADEQUATE`: BR from 26 Jan 2026" in page


def test_an_eea_sender_brings_its_us_recipients_under_gdpr_and_cites_it() -> None:
    """GDPR Art. 3(1): the GDPR-only rules judge an EEA sender's US recipients and cite GDPR there."""
    path = FIXTURES / "law" / "regimes" / "sender-de-recipients-us.yaml"
    _, report = check_json("--no-cache", "--select", "OL190,OL191,OL192", str(path))
    assert sorted(f["code"] for f in report["findings"]) == ["OL190", "OL191", "OL192"]
    for finding in report["findings"]:
        assert finding["countries"] == ["US"]
        assert finding["citations"][0]["law"] == "Regulation (EU) 2016/679 (GDPR)", finding["code"]


# -- the campaign fields issue 17 adds (item 6) ------------------------------------------------

NEW_FIELDS = {
    "sender.registered_charity": "OL102",
    "sender.country": "OL192",
    "audience.consent.details_collected_since": "OL102",
    "audience.consent.charitable_purpose": "OL102",
    "audience.customers_within_months": "OL163",
    "audience.calls_linked_to_contract": "OL163",
    "audience.conspicuous_publication": "OL121",
    "tracking.visitor_identification.visitors_informed": "OL170",
    "tracking.visitor_identification.visitors_can_refuse": "OL170",
    "processors[].dpf_programmes": "OL192",
}


@pytest.mark.parametrize(("field", "code"), sorted(NEW_FIELDS.items()))
def test_new_fields_are_described_and_explained_by_the_rules_that_read_them(field: str, code: str) -> None:
    from outreach_lint.fields import fields_read, schema_fields

    assert len(schema_fields().get(field, "")) > 40, f"{field} needs a description in the schema"
    if field == "sender.country":
        return  # read through facts.sender_regime (derived by the engine), not by a condition
    assert field in [path for path, _ in fields_read(PACK.find(code))]
    from .conftest import run_cli

    exit_code, out, _ = run_cli("explain", code)
    assert exit_code == 0 and f"  - {field}: " in out


def test_the_campaign_fields_page_lists_every_field() -> None:
    from outreach_lint.fields import fields_page, schema_fields

    page = fields_page()
    assert all(f"| `{path}` |" in page for path in schema_fields())
    assert all(f"| `{path}` |" in page for path in NEW_FIELDS)


# -- citations point at the official texts (legal-notes §0.1) ----------------------------------


def _all_citations() -> list[tuple[str, dict[str, Any]]]:
    return [(r.code, c) for r in RULES for c in r.raw["citations"]]


def test_citations_of_legal_notes_0_1_point_at_official_texts() -> None:
    for code, c in _all_citations():
        url, law, article = c["url"], c["law"], c.get("article", "")
        # no bare home pages of legal databases
        assert url not in ("https://isap.sejm.gov.pl/", "https://www.ris.bka.gv.at/"), (code, law)
        if "L.34-5" in article and law.startswith("FR Code des postes"):
            assert url.startswith("https://www.legifrance.gouv.fr/"), (code, url)
        if law.startswith("PL Prawo komunikacji"):
            assert url == "https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU20240001221", code
        if law.startswith("AT TKG"):
            assert "Gesetzesnummer=" in url, code
        if law.startswith("DK Markedsf"):
            assert url.startswith("https://www.retsinformation.dk/"), code
        # doc. 9988710 is the Garante's Enel decision: not a source for INI-PEC or the register
        assert "9988710" not in url or "Enel" in law, (code, law)
        # after Brexit GB findings cite UK law, not EU directives
        if law.startswith(("Directive 2000/31", "Directive 2005/29")):
            assert c.get("countries") == ["EEA"], (code, law)
        if law.startswith("Directive 2005/29"):
            assert "consumers" in article, (code, article)
    cited = {(code, c["law"], c.get("article", "")) for code, c in _all_citations()}
    assert any(code == "OL130" and "CASL" in law and "s.11(2)" in art for code, law, art in cited)
    assert any(code == "OL131" and "Spam Act" in law and "Sch. 2" in art for code, law, art in cited)
    assert any(code == "OL142" and "LSSI" in law and "art. 20.1" in art for code, law, art in cited)
    assert any("Electronic Commerce (EC Directive) Regulations 2002" in law and "reg. 6" in art for _, law, art in cited)
    assert any("Digital Markets, Competition and Consumers Act 2024" in law for _, law, _ in cited)
    assert PACK.tables["dnc_registers"]["ES"]["law"].startswith("LOPDGDD") and "art. 23(4)" in PACK.tables["dnc_registers"]["ES"]["law"]
