"""The floors outreach-lint is measured against (issue 8 item 2), run by bench/run.py as child processes
under the same Python as the linter:

    python bench/floors.py parse DIR [--jobs N]   # find the YAML files like `check` does, read and
                                                  # parse each with yaml's C loader on N processes
    python bench/floors.py csv FILE               # csv module reading every row, touching every field

(The start-up floor is `python -c "import yaml, jsonschema, click"`, run directly.)
Each prints one JSON line with what it did, so the runner can check it saw the same input.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import sys


def _files(root: str) -> list[str]:
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(os.path.join(folder, n) for n in sorted(names) if n.lower().endswith((".yaml", ".yml", ".json")))
    return found


def _parse(path: str) -> int:
    import yaml

    with open(path, "rb") as handle:
        data = handle.read()
    try:
        yaml.load(data, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return 0
    return 1


def parse_floor(root: str, jobs: int) -> dict[str, int]:
    import yaml  # noqa: F401  (imported before forking, as a linter would)

    files = _files(root)
    if jobs <= 1:
        parsed = sum(map(_parse, files))
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parsed = sum(pool.imap_unordered(_parse, files, chunksize=max(1, len(files) // (jobs * 8))))
    return {"files": len(files), "parsed": parsed, "jobs": jobs}


def csv_floor(path: str) -> dict[str, int]:
    rows = chars = 0
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            rows += 1
            for field in row:
                chars += len(field)
    return {"rows": rows - 1, "chars": chars}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="floor", required=True)
    p = sub.add_parser("parse")
    p.add_argument("root")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    c = sub.add_parser("csv")
    c.add_argument("file")
    args = parser.parse_args()
    result = parse_floor(args.root, args.jobs) if args.floor == "parse" else csv_floor(args.file)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
