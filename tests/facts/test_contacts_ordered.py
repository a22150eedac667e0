"""DuckDB's ordered plan (rows numbered by an ordered insert on all threads, contact_ordered) gives
the same facts as the single statement numbered by ``row_number() OVER ()``: same counts per
country, same first rows in file order, same examples."""

from __future__ import annotations

import collections
import csv
import importlib.util
from pathlib import Path
from typing import Any

import pytest

from outreach_lint.facts import collect, contact_ordered, contacts_duckdb
from outreach_lint.facts.contacts_csv import ContactsError

from ..conftest import check_json
from ..packdata import check_contacts

ROOT = Path(__file__).resolve().parents[2]
LISTS = sorted((ROOT / "fixtures" / "contacts").rglob("*.csv")) + [ROOT / "examples" / "lists" / "do-not-contact.csv"]
SUPPRESSION = ROOT / "fixtures" / "contacts" / "do-not-contact.csv"
DACH = frozenset({"DE", "AT", "CH"})
#: (address, country, company type) patterns the generated list cycles through (coprime lengths,
#: so every combination of check and country occurs, some only a few times far into the file)
ADDRESSES = [
    "anna.{i}@firma{m}.example",
    "info@firma{m}.example",
    "b{i}@gmail.com",
    "Bad Address {i}",
    "c.{i}+news@googlemail.com",
    "d{i}@blocked.example",
    "e{i}@web.de",
]
COUNTRIES = ["DE", "AT", "Germany", "CH", "", "FR", "Österreich", "us", "ZZ", "U.S.A.", "XYZ"]
COMPANY = ["GmbH", "Einzelunternehmen", "", "sole trader", "AG"]


def _outcome(path: Path, monkeypatch: pytest.MonkeyPatch, ordered: bool, **options: Any) -> Any:
    monkeypatch.setattr(contacts_duckdb, "ORDERED_MIN_BYTES", 0 if ordered else 1 << 60)
    try:
        return check_contacts(path, **options)
    except ContactsError as exc:
        return ("error", str(exc))


def _generated(path: Path, rows: int, quoted_break_at: int | None = None, blank_every: int = 0) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Email", "Country", "Company Type", "consent_at", "consent_source", "Unsubscribed", "Notes"])
        for i in range(rows):
            if blank_every and i % blank_every == blank_every - 1:
                handle.write("   \r\n")
            email = ADDRESSES[i % len(ADDRESSES)].format(i=i, m=i % 13)
            note = "line one\nline two" if i == quoted_break_at else f"note {i % 3}"
            consent = "" if i % 17 == 0 else "2026-01-02T10:00:00Z"
            writer.writerow(
                [email, COUNTRIES[i % len(COUNTRIES)], COMPANY[i % len(COMPANY)], consent, "form" if i % 19 else "n/a", "yes" if i % 23 == 0 else "no", note]
            )
    return path


def _bench_generator() -> Any:
    """bench/generate.py as a module (its contact lists lost the order when the plan did)."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    return generate


@pytest.mark.parametrize("show_pii", [False, True])
def test_every_fixture_list_gets_the_same_facts_from_both_plans(monkeypatch: pytest.MonkeyPatch, show_pii: bool) -> None:
    checked = 0
    for path in LISTS:
        for suppression in (None, SUPPRESSION):
            options = {"declared_countries": DACH, "suppression_path": suppression, "show_pii": show_pii}
            ordered = _outcome(path, monkeypatch, True, **options)
            assert ordered == _outcome(path, monkeypatch, False, **options), path.name
            monkeypatch.setattr(contacts_duckdb, "PREFIX_MIN_BYTES", 0)  # the whole list is its prefix
            assert _outcome(path, monkeypatch, True, **options) == ordered, path.name
            monkeypatch.setattr(contacts_duckdb, "PREFIX_MIN_BYTES", 1 << 60)
            checked += not isinstance(ordered, tuple)
    assert checked >= 2 * len(LISTS) - 4  # nearly all fixtures are readable lists


@pytest.mark.parametrize("prefix", [False, True])
@pytest.mark.parametrize(("quoted_break_at", "blank_every"), [(None, 0), (None, 997), (150_001, 0)])
def test_a_list_read_in_parallel_keeps_the_file_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quoted_break_at: int | None, blank_every: int, prefix: bool
) -> None:
    """160,000 rows (about 13 MB: several of DuckDB's 4 MB buffers, read by two threads): the first
    rows of every check and country, including rare ones near the end, come out in file order; with
    a quoted line break the reader falls back to one thread, with blank lines they are skipped;
    with ``prefix`` the first records are tallied first and most addresses are not kept."""
    monkeypatch.setattr(contacts_duckdb, "PREFIX_MIN_BYTES", 0 if prefix else 1 << 60)
    path = _generated(tmp_path / "big.csv", 160_000, quoted_break_at, blank_every)
    suppression = tmp_path / "dnc.csv"
    suppression.write_text("email\n@blocked.example\nb7@gmail.com\nc.4+x@gmail.com\nanna.159999@firma9.example\n", "utf-8")
    options = {"declared_countries": DACH, "suppression_path": suppression, "threads": 2}
    ordered = _outcome(path, monkeypatch, True, **options)
    assert ordered == _outcome(path, monkeypatch, False, **options)
    assert ordered["rows"] == 160_000
    assert ordered["suppressed"]["count"] > 20_000
    assert ordered["by_country"]["??"]["invalid_email"]["count"] > 0


def test_a_realistic_list_read_on_two_threads_keeps_the_file_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """100,000 rows as bench/generate.py writes them (13 MB): with DuckDB's ``in_clause`` optimizer
    on, the insert lost the file order on this list (different first rows); the plan keeps it off."""
    generate = _bench_generator()
    generate.write_contacts(tmp_path / "c.csv", 100_000, 1)
    generate.write_suppression(tmp_path / "s.csv", 1000, 100_000, 1)
    options = {"declared_countries": DACH, "suppression_path": tmp_path / "s.csv", "threads": 2}
    ordered = _outcome(tmp_path / "c.csv", monkeypatch, True, **options)
    assert ordered == _outcome(tmp_path / "c.csv", monkeypatch, False, **options)
    assert ordered["rows"] == 100_000


def test_a_plan_that_would_lose_the_order_falls_back_to_numbering_by_window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If a construct in the rows statement became a join (here: the ``in_clause`` optimizer left
    on), DuckDB plans an unordered insert; the plan is checked first and the window is used."""
    generate = _bench_generator()
    generate.write_contacts(tmp_path / "c.csv", 100_000, 1)
    options = {"declared_countries": DACH, "threads": 2}
    expected = _outcome(tmp_path / "c.csv", monkeypatch, False, **options)
    plans: list[bool] = []
    real = contact_ordered.keeps_order
    monkeypatch.setattr(contact_ordered, "KEEP_ORDER", "SET enable_progress_bar = false")
    monkeypatch.setattr(contact_ordered, "keeps_order", lambda plan: plans.append(real(plan)) or plans[-1])
    assert _outcome(tmp_path / "c.csv", monkeypatch, True, **options) == expected
    assert plans == [False]


def test_the_check_command_reports_the_same_findings_with_the_ordered_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _generated(tmp_path / "big.csv", 30_000)
    campaign = tmp_path / "campaign.yaml"
    campaign.write_text(
        "campaign: x\nchannel: email\naudience:\n  type: b2b\n  countries: [DE, AT, CH]\n  contacts: big.csv\n  consent:\n    basis: consent\n"
        "steps:\n  - subject: Hi\n",
        "utf-8",
    )
    reports = []
    for threshold in (0, 1 << 60):
        monkeypatch.setattr(contacts_duckdb, "ORDERED_MIN_BYTES", threshold)
        monkeypatch.setattr(collect, "_MEMO", collections.OrderedDict())  # read the list again
        code, report = check_json("--no-cache", str(campaign))
        reports.append((code, report["findings"]))
    assert reports[0] == reports[1]
    assert reports[0][0] == 1
    contact_findings = [f for f in reports[0][1] if "big.csv" in f["message"]]
    assert {f["code"] for f in contact_findings} >= {"OL110", "OL123"}
    assert all(f["line"] > 0 for f in contact_findings)


def test_checks_too_many_for_one_bigint_use_the_window_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule folder may add row checks; 70 of them do not fit the ordered plan's 63 bits, and the
    list is checked by the window plan instead of failing."""
    from outreach_lint.facts import contacts

    from ..packdata import DATA

    checks = dict(DATA["checks"])
    for i in range(61):
        checks[f"extra_{i}"] = {"description": "a copy", "when": {"is": "unsubscribed"}}
    data = {**DATA, "checks": checks}
    path = _generated(tmp_path / "c.csv", 3000)
    monkeypatch.setattr(contacts_duckdb, "ORDERED_MIN_BYTES", 0)
    monkeypatch.setattr(contacts, "TALLIES", tuple(checks))
    result = contacts.check_contacts(path, data, declared_countries=DACH)
    assert result["rows"] == 3000
    assert result["extra_60"]["count"] == result["unsubscribed"]["count"] > 0
