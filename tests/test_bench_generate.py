"""The benchmark generator (bench/generate.py) must be reproducible and produce inputs the linter reads
the way the benchmark assumes: valid campaigns load cleanly, the broken share is reported as
OL001/OL002 (never a crash), and the contacts file has exactly the rows asked for. Not timed."""

from __future__ import annotations

import csv
import importlib.util
import sys
from collections import Counter
from pathlib import Path

from .conftest import ROOT, check_json

_SPEC = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
assert _SPEC and _SPEC.loader
generate = importlib.util.module_from_spec(_SPEC)
sys.modules["bench_generate"] = generate
_SPEC.loader.exec_module(generate)


def _tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_campaign_corpus_is_the_same_bytes_for_a_seed_and_differs_for_another(tmp_path: Path) -> None:
    generate.main(["campaigns", "--count", "60", "--seed", "7", "--out", str(tmp_path / "a")])
    generate.main(["campaigns", "--count", "60", "--seed", "7", "--out", str(tmp_path / "b")])
    generate.main(["campaigns", "--count", "60", "--seed", "8", "--out", str(tmp_path / "c")])
    first, second, other = (_tree_bytes(tmp_path / name) for name in "abc")
    assert len([p for p in first if p.startswith("campaigns/")]) == 60
    assert first == second
    assert first != other


def test_contacts_are_the_same_bytes_for_a_seed(tmp_path: Path) -> None:
    for name in ("a", "b"):
        generate.main(
            [
                "contacts",
                "--rows",
                "500",
                "--seed",
                "3",
                "--out",
                str(tmp_path / f"{name}.csv"),
                "--suppression",
                "50",
                "--suppression-out",
                str(tmp_path / f"{name}-supp.csv"),
            ]
        )
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a-supp.csv").read_bytes() == (tmp_path / "b-supp.csv").read_bytes()


def test_valid_campaigns_load_and_the_broken_share_gives_invalid_or_unknown_field(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    manifest = generate.generate_campaigns(120, 5, out)
    kinds = Counter(manifest["files"].values())
    assert kinds["valid"] >= 90 and {"syntax", "types", "keys"} <= set(kinds)
    _, report = check_json("--no-cache", "--jobs", "1", str(out / "campaigns"))
    codes: dict[str, set[str]] = {}
    for finding in report["findings"]:
        rel = Path(finding["file"]).resolve().relative_to(out.resolve()).as_posix()
        codes.setdefault(rel, set()).add(finding["code"])
    assert not any("OL000" in found for found in codes.values())
    assert len(codes) > 100, "realistic campaigns draw findings"
    for path, kind in manifest["files"].items():
        found = codes.get(path, set())
        if kind == "valid":
            assert not found & {"OL001", "OL002", "OL003"}, (path, found)
        elif kind in ("syntax", "types"):
            assert "OL001" in found, (path, kind, found)
        else:
            assert "OL002" in found, (path, kind, found)


def test_contacts_generator_writes_exactly_the_requested_rows_with_tricky_ones(tmp_path: Path) -> None:
    target = tmp_path / "contacts.csv"
    supp = tmp_path / "supp.csv"
    generate.main(["contacts", "--rows", "3000", "--seed", "1", "--out", str(target), "--suppression", "300", "--suppression-out", str(supp)])
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == generate.HEADER
    body = rows[1:]
    assert len(body) == 3000 and all(len(row) == len(generate.HEADER) for row in body)
    emails = [row[0] for row in body]
    assert any("+" in e for e in emails) and any(e != e.lower() for e in emails)
    assert any(e.endswith(("@gmail.com", "@googlemail.com")) for e in emails)
    assert any(not row[6] for row in body), "some rows lack a consent timestamp"
    with supp.open(encoding="utf-8", newline="") as handle:
        suppressed = [row[0] for row in csv.reader(handle)][1:]
    assert len(suppressed) == 300
    lowered = {e.strip().lower() for e in emails}
    assert sum(1 for s in suppressed if s.lower() in lowered) > 30, "the suppression list must hit the file"
