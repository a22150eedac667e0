"""Masking masks: a contacts cell holding a name and a phone number never reaches any output.

A hostile (or merely careless) export puts the display form of a contact in the address
column: ``Jane Doe <jane@example.com> +44 20 7946 0000``. Every format, the review report and
the result cache on disk must show at most ``j***@example.com``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import TODAY, run_cli

CELLS = [
    '"Jane Doe <jane@example.com> +44 20 7946 0000"',
    '"Doe, Jane jane@example.com tel. +44 20 7946 0000"',
    '"+44 20 7946 0000 (Jane Doe)"',  # no address at all: nothing of the cell is shown
]
SECRETS = ("Jane", "Doe", "JANE", "DOE ", "20 7946", "7946 0000", "+44", "jane@", "jane.", "tel.")

CAMPAIGN = """\
campaign: spring-newsletter
channel: email
audience:
  type: b2c
  countries: [DE]
  consent: {basis: consent, proof: crm://consents/spring}
  contacts: lists/spring.csv
  suppression_list: lists/do-not-contact.csv
steps:
  - subject: Spring news
    unsubscribe: link
"""


def _campaign(tmp_path: Path, cell: str) -> Path:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "spring.csv").write_text(
        "email,first_name,country,consent_at,consent_source\n"
        f"{cell},Jane,Jane Doe +44 20 7946 0000,,\n"
        "anna@example.de,Anna,DE,2026-03-02T10:15:00Z,https://acme.example/newsletter\n",
        encoding="utf-8",
    )
    (tmp_path / "lists" / "do-not-contact.csv").write_text(f"email\n{cell}\n", encoding="utf-8")
    path = tmp_path / "spring.yaml"
    path.write_text(CAMPAIGN, encoding="utf-8")
    return path


def _assert_masked(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked into {where}"


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "gitlab"])
def test_no_format_shows_more_than_the_masked_address(tmp_path: Path, cell: str, fmt: str) -> None:
    campaign = _campaign(tmp_path, cell)
    code, out, err = run_cli("check", "--no-cache", "--today", TODAY, "--format", fmt, str(campaign))
    assert code == 1, err
    _assert_masked(out + err, fmt)
    if "jane@example.com" in cell:
        assert "j***@example.com" in out or fmt == "junit" and "j***@example.com" in out.replace("&#42;", "*")


@pytest.mark.parametrize("cell", CELLS)
def test_the_masked_address_is_the_only_part_shown_and_show_pii_shows_only_the_address(tmp_path: Path, cell: str) -> None:
    campaign = _campaign(tmp_path, cell)
    code, out, _ = run_cli("check", "--no-cache", "--today", TODAY, "--format", "json", "--show-pii", str(campaign))
    assert code == 1
    assert "Jane Doe" not in out and "7946" not in out  # --show-pii unmasks the address, not the rest of the cell
    if "jane@example.com" in cell:
        assert "jane@example.com" in out


@pytest.mark.parametrize("fmt", ["html", "markdown"])
@pytest.mark.parametrize("cell", CELLS[:2])
def test_the_review_report_is_masked(tmp_path: Path, cell: str, fmt: str) -> None:
    campaign = _campaign(tmp_path, cell)
    out_file = tmp_path / f"review.{fmt}"
    code, _, err = run_cli("report", "--today", TODAY, "--format", fmt, "-o", str(out_file), str(campaign))
    assert code == 1, err
    text = out_file.read_text("utf-8")
    _assert_masked(text, fmt)
    assert "j***@example.com" in text.replace("\\*", "*")


@pytest.mark.parametrize("cell", CELLS)
def test_the_cache_on_disk_holds_no_cell_text(tmp_path: Path, cell: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("OUTREACH_LINT_CACHE_DIR", str(cache))
    project = tmp_path / "project"
    project.mkdir()
    campaign = _campaign(project, cell)
    for _ in range(2):  # written, then read back
        code, out, _ = run_cli("check", "--today", TODAY, "--format", "json", str(campaign))
        assert code == 1
        _assert_masked(out, "json from the cache")
    written = [p for p in cache.rglob("*") if p.is_file()]
    assert any(p.suffix == ".json" and "results" in p.parts for p in written)
    for path in written:
        _assert_masked(path.read_bytes().decode("utf-8", "replace"), f"cache file {path.name}")


def test_a_country_cell_holding_a_name_and_phone_is_not_repeated(tmp_path: Path) -> None:
    campaign = _campaign(tmp_path, "jane@example.com")
    code, out, _ = run_cli("check", "--no-cache", "--today", TODAY, "--format", "json", "--select", "OL123", str(campaign))
    assert code in (0, 1)
    assert '"code": "OL123"' in out
    _assert_masked(out.replace("jane@", ""), "OL123")
