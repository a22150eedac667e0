"""Contact-list engine against the csv-module floor, in one run (issue 18, item 6).

    python bench/contacts_engine.py --python VENV/bin/python --rows 1000000,10000000 [--runs 3]
    python bench/contacts_engine.py --python VENV/bin/python --parquet 100000000 --runs 1

For each size it generates (once, into --work) the contacts CSV, a 100,000-entry suppression list
and the campaign with bench/generate.py, then alternates, ``--runs`` times: the floor (Python's
csv module reading every row and field: ``bench/floors.py csv``) and the whole ``outreach-lint
check --no-cache`` command (start-up included). It prints the median wall times, row rates, their
ratio, the median CPU times (user + system of the process and its threads, from wait4) and their
ratio, each command's peak resident memory (from wait4) and the load average before and after.
The package's bytecode is compiled first, as a wheel install does (``--no-compile`` to skip).
``--parquet N`` writes an N-row Parquet list with DuckDB (synthetic addresses; the generator
would take hours) and times ``check`` on it. Uses only the standard library; the linter and DuckDB come from ``--python``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(cmd: list[str], cwd: Path) -> tuple[float, int, float]:
    """(wall seconds, peak RSS in KiB, CPU seconds user + system) of one child process and its threads."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=devnull, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def generate(python: str, work: Path, rows: int, suppression: int) -> Path:
    campaign = work / f"contacts-{rows}.yaml"
    if not campaign.exists():
        subprocess.run(
            [
                python,
                str(HERE / "generate.py"),
                "contacts",
                "--rows",
                str(rows),
                "--seed",
                "1",
                "--out",
                str(work / f"contacts-{rows}.csv"),
                "--suppression",
                str(suppression),
                "--suppression-out",
                str(work / f"suppression-{rows}.csv"),
                "--campaign-out",
                str(campaign),
            ],
            check=True,
        )
    return campaign


PARQUET_SQL = """
COPY (
  SELECT CASE WHEN i % 97 = 0 THEN 'info' ELSE 'person' || i END || '@' ||
         CASE WHEN i % 7 = 0 THEN 'gmail.com' ELSE 'example' || (i % 1000) || '.com' END AS email,
         ['DE', 'AT', 'FR', 'US', 'Germany', ''][1 + i % 6] AS country,
         CASE WHEN i % 17 = 0 THEN NULL ELSE '2026-01-01T10:00:00Z' END AS consent_at,
         'https://example.com/signup' AS consent_source,
         CASE WHEN i % 50 = 0 THEN 'true' ELSE 'false' END AS unsubscribed,
         CASE WHEN i % 30 = 0 THEN 'sole trader' ELSE 'GmbH' END AS company_type
  FROM range({rows}) t(i)
) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)
"""


def parquet(python: str, work: Path, rows: int) -> Path:
    path, campaign = work / f"contacts-{rows}.parquet", work / f"contacts-{rows}-parquet.yaml"
    if not path.exists():
        subprocess.run([python, "-c", f"import duckdb; duckdb.sql({PARQUET_SQL.format(rows=rows, path=path)!r})"], check=True)
    campaign.write_text(
        "campaign: bench-parquet\nchannel: email\naudience:\n  type: b2b\n  countries: [DE, AT, FR, US]\n"
        f"  consent: {{basis: consent, proof: crm://consents}}\n  contacts: {path}\n"
        "steps:\n  - subject: News\n    unsubscribe: link\n",
        "utf-8",
    )
    return campaign


def compile_package(python: str) -> None:
    """Write the package's bytecode, as installing a wheel does (an editable install, or a machine
    with PYTHONDONTWRITEBYTECODE set, would otherwise compile every module at every start)."""
    code = "import compileall, os, outreach_lint; compileall.compile_dir(os.path.dirname(outreach_lint.__file__), quiet=1)"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([python, "-c", code], check=True, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--work", type=Path, default=Path("/tmp/outreach-lint-bench"))
    parser.add_argument("--rows", default="1000000")
    parser.add_argument("--suppression", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--parquet", type=int, default=0, help="also time an N-row Parquet list")
    parser.add_argument("--no-compile", action="store_true", help="do not compile the package's bytecode first")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if not args.no_compile:
        compile_package(args.python)
    lint = [str(Path(args.python).parent / "outreach-lint"), "check", "--no-cache", "--format", "json"]
    results = []
    for rows in [int(r) for r in args.rows.split(",") if r]:
        campaign = generate(args.python, args.work, rows, args.suppression)
        csv_file = args.work / f"contacts-{rows}.csv"
        floor_runs, check_runs = [], []
        load_before = os.getloadavg()[0]
        for _ in range(args.runs):  # alternate, so both see the same machine load
            floor_runs.append(measure([args.python, str(HERE / "floors.py"), "csv", str(csv_file)], args.work))
            check_runs.append(measure([*lint, str(campaign)], args.work))
        floor_s, check_s = statistics.median(w for w, _, _ in floor_runs), statistics.median(w for w, _, _ in check_runs)
        floor_cpu, check_cpu = statistics.median(c for _, _, c in floor_runs), statistics.median(c for _, _, c in check_runs)
        results.append(
            {
                "rows": rows,
                "floor_s": round(floor_s, 2),
                "check_s": round(check_s, 2),
                "floor_rows_per_s": round(rows / floor_s),
                "check_rows_per_s": round(rows / check_s),
                "ratio": round(floor_s / check_s, 2),
                "floor_cpu_s": round(floor_cpu, 2),
                "check_cpu_s": round(check_cpu, 2),
                "cpu_ratio": round(floor_cpu / check_cpu, 2),
                "check_peak_mb": round(max(m for _, m, _ in check_runs) * 1024 / 1e6),
                "floor_peak_mb": round(max(m for _, m, _ in floor_runs) * 1024 / 1e6),
                "runs": args.runs,
                "load_before_after": [round(load_before, 1), round(os.getloadavg()[0], 1)],
            }
        )
        print(json.dumps(results[-1]), flush=True)
    if args.parquet:
        campaign = parquet(args.python, args.work, args.parquet)
        load_before = os.getloadavg()[0]
        wall, peak, cpu = measure([*lint, str(campaign)], args.work)
        results.append(
            {
                "parquet_rows": args.parquet,
                "check_s": round(wall, 1),
                "check_cpu_s": round(cpu, 1),
                "check_peak_mb": round(peak * 1024 / 1e6),
                "rows_per_s": round(args.parquet / wall),
                "load_before_after": [round(load_before, 1), round(os.getloadavg()[0], 1)],
            }
        )
        print(json.dumps(results[-1]), flush=True)
    load = os.getloadavg()
    print(json.dumps({"load_average": [round(x, 1) for x in load], "cores": os.cpu_count()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
