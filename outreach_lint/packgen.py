"""Generate the built-in pack's snapshot, :data:`outreach_lint.pack.snapshot.SNAPSHOT`.

``python -m outreach_lint.packgen`` validates the built-in rule folder as every start without a
snapshot does and writes the result (what the pack cache would hold, rule sources relative to
the folder) with the digest of the files it was made from; ``--check`` exits 1 when the
committed file is out of date (tests/test_pack_snapshot.py runs the same comparison). Run it
after changing a rule or data file, ``schemas/rule.json``/``facts.json`` or the pack's code.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .pack.files import builtin_rules_dir, pack_files
from .pack.snapshot import FORMAT, SNAPSHOT, sources_digest
from .rulepack import RuleError, validated_pack

_GENERATED = "by python -m outreach_lint.packgen from the built-in rule folder: do not edit; tests/test_pack_snapshot.py fails when it is out of date"


def generate() -> str:
    """The snapshot file's text; raises RuleError when the built-in pack does not validate."""
    folder = builtin_rules_dir()
    files = pack_files([folder])
    pack = validated_pack(files)
    digest, _version = sources_digest(files)
    rules = [[Path(rule.source).relative_to(folder).as_posix(), rule.raw] for rule in pack.rules]
    content = {"generated": _GENERATED, "format": FORMAT, "digest": digest, "timeline": pack.timeline.as_json(), "tables": pack.tables, "rules": rules}
    text = json.dumps(content, indent=1, ensure_ascii=False) + "\n"
    if json.loads(text) != content:  # a value JSON cannot hold as it is (a date, a tuple, a number as a key)
        raise ValueError("the built-in pack does not survive a JSON round trip; the snapshot would differ from it")
    return text


def main(argv: Sequence[str] = ()) -> int:
    """Write the snapshot, or with ``--check`` say that it is out of date (exit 1); a built-in
    rule file that does not validate is reported as ``file:line: message`` (exit 2)."""
    try:
        text = generate()
    except RuleError as exc:
        print(f"outreach-lint: error: {exc}", file=sys.stderr)
        return 2
    if "--check" not in argv:
        SNAPSHOT.write_text(text, "utf-8")
    elif not SNAPSHOT.is_file() or SNAPSHOT.read_text("utf-8") != text:
        print(f"{SNAPSHOT} is out of date: run python -m outreach_lint.packgen", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
