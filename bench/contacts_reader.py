"""Contacts reader against the csv-module floor, side by side in one run (issue 8, contacts target).

    python bench/contacts_reader.py CONTACTS.csv --suppression SUPPRESSION.csv [--runs 3] \\
        [--readers floor,csv,python,arrow] [--workers N]

Readers: ``floor`` is Python's csv module reading the file and touching every field (as
bench/floors.py does); ``csv`` is check_contacts(fast=False), the reader before the fast path;
``python`` the fast path without pyarrow; ``arrow`` with it (needs the ``fast`` extra).
Prints the median wall time, rows/s and the ratio to the floor per reader, and whether every
reader returned the same facts. For peak memory, run one reader under /usr/bin/time -v:

    /usr/bin/time -v python bench/contacts_reader.py F --suppression S --readers arrow --runs 1
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

DECLARED = frozenset({"DE", "AT", "CH", "FR", "US"})  # what bench/generate.py's contacts campaign declares


def floor(path: Path, suppression: Path | None, workers: int | None) -> int:
    rows = chars = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            rows += 1
            for field in row:
                chars += len(field)
    return rows - 1


def reader(engine: str) -> Callable[[Path, Path | None, int | None], dict[str, Any]]:
    def run(path: Path, suppression: Path | None, workers: int | None) -> dict[str, Any]:
        from outreach_lint.facts import contacts

        if engine == "csv":
            return contacts.check_contacts(path, declared_countries=DECLARED, suppression_path=suppression, fast=False)
        os.environ["OUTREACH_LINT_CONTACTS_ENGINE"] = engine
        return contacts.check_contacts(path, declared_countries=DECLARED, suppression_path=suppression, workers=workers)

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("contacts", type=Path)
    parser.add_argument("--suppression", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--readers", default="floor,python,arrow")
    parser.add_argument("--workers", type=int, help="processes for the fast path (default: one per core)")
    args = parser.parse_args()
    names = args.readers.split(",")
    results: dict[str, Any] = {}
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(args.runs):
        for name in names:  # interleaved, so a change in machine load hits every reader alike
            run = floor if name == "floor" else reader(name)
            start = time.perf_counter()
            result = run(args.contacts, args.suppression, args.workers)
            times[name].append(time.perf_counter() - start)
            results[name] = result
    rows = next((r["rows"] for r in results.values() if isinstance(r, dict)), results.get("floor"))
    base = statistics.median(times["floor"]) if "floor" in times else None
    print(f"{args.contacts} ({rows:,} rows), median of {args.runs}, {os.cpu_count()} cpus, load {os.getloadavg()[0]:.1f}")
    for name in names:
        median = statistics.median(times[name])
        ratio = f"  {base / median:.2f}x floor" if base else ""
        print(f"  {name:7s} {median:7.2f} s  {rows / median / 1e6:6.2f} M rows/s{ratio}")
    facts = [r for r in results.values() if isinstance(r, dict)]
    same = all(r == facts[0] for r in facts)
    print(f"  same facts from every reader: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
