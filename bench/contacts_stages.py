"""Where a contact list's check spends its time: each stage's wall and CPU seconds, in one process.

    python bench/contacts_stages.py CONTACTS.csv [SUPPRESSION.csv] [--countries DE,AT,CH,FR,US] [--threads N]

Runs ``facts.contacts.check_contacts`` once (as ``check`` does for one list) and prints, per stage,
wall seconds and CPU seconds (user + system of the whole process: DuckDB's threads included):
loading the rule pack, reading the suppression list, and each DuckDB statement (the prefix tally,
the rows statement, the grouped tally, the shown addresses; or the single statement of a small
list), with the first words of the statement. Used for bench/RESULTS.md; the totals against the
csv floor come from ``bench/contacts_engine.py``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(label: Callable[..., str], function: Callable[..., Any], lines: list[str]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start_cpu, start = cpu(), time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            lines.append(f"{time.perf_counter() - start:8.3f} s wall {cpu() - start_cpu:8.3f} s cpu  {label(*args, **kwargs)}")

    return wrapper


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("contacts", type=Path)
    parser.add_argument("suppression", type=Path, nargs="?")
    parser.add_argument("--countries", default="DE,AT,CH,FR,US")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--per-check", action="store_true", help="also time the rows statement with no check, each check alone, and all")
    args = parser.parse_args(argv)

    from outreach_lint.facts import contacts, contacts_duckdb, contacts_suppression
    from outreach_lint.rulepack import load_pack

    lines: list[str] = []
    contacts_duckdb.execute = timed(lambda con, sql, *_: " ".join(sql.split()[:6]), contacts_duckdb.execute, lines)
    contacts_suppression.prepare = timed(lambda *_: "suppression list: sniffing, first rows", contacts_suppression.prepare, lines)
    contacts_suppression.load_tables = timed(lambda *_: "suppression list: its two tables (DuckDB)", contacts_suppression.load_tables, lines)
    data = timed(lambda **_: "rule pack", load_pack, lines)(use_cache=False).contact_data
    check = timed(lambda *_, **__: "the whole list (check_contacts)", contacts.check_contacts, lines)
    result = check(
        args.contacts,
        data,
        declared_countries=frozenset(args.countries.split(",")),
        suppression_path=args.suppression,
        threads=args.threads,
    )
    print("\n".join(lines))
    print(f"rows {result['rows']:,}; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", file=sys.stderr)
    if args.per_check:
        per_check(args.contacts, data, frozenset(args.countries.split(",")), args.threads)
    return 0


def per_check(path: Path, data: Any, countries: frozenset[str], threads: int | None) -> None:
    """CPU seconds of the ordered plan's rows statement (best of 2) with no check, each check alone,
    and all: what each check adds to the per-row work (with a suppression list of two domains)."""
    from outreach_lint.facts import contact_profiles, contacts_csv, contacts_duckdb

    layout = contacts_csv.layout(path, None)
    mapping = contact_profiles.resolve(list(layout.header), data["profiles"], None, None)
    scratch = contacts_duckdb.scratch_dir()
    con = contacts_duckdb.connect(threads, scratch)
    try:
        _time_checks(con, layout, mapping, data, countries)
    finally:
        con.close()
        contacts_duckdb.remove(scratch)
        layout.cleanup()


def _time_checks(con: Any, layout: Any, mapping: Any, data: Any, countries: frozenset[str]) -> None:
    from outreach_lint.facts import contact_ordered, contact_sql, contacts_duckdb

    con.execute(f"CREATE TEMP TABLE {contact_sql.KEYS_TABLE} AS SELECT 'x@y.example' AS key")
    con.execute(contact_ordered.KEEP_ORDER)
    names = list(data["checks"])
    for label, chosen in [("no check", []), *[(name, [name]) for name in names], ("all checks", names)]:
        subset = {**data, "checks": {name: data["checks"][name] for name in chosen}}
        columns = tuple(f"c{i}" for i in range(len(layout.header)))
        spec = contact_sql.QuerySpec(mapping, columns, countries, 5, False, True, skip_blank=True, data=subset, suppressed_domains=("a.example", "b.example"))
        statement = contact_ordered.rows_statement(spec, contacts_duckdb.csv_source(layout, numbered=False))
        best = float("inf")
        for _ in range(2):
            con.execute(f"DROP TABLE IF EXISTS {contact_ordered.ROWS_TABLE}")
            start = cpu()
            con.execute(statement)
            best = min(best, cpu() - start)
        print(f"{best:8.3f} s cpu  rows statement, {label}")


if __name__ == "__main__":
    raise SystemExit(main())
