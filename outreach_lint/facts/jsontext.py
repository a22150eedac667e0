"""JSON from a referenced file, with the one-line problems the readers report."""

from __future__ import annotations

import json
from typing import Any


def parse_json(text: str, what: str, error: type[Exception]) -> Any:
    """``text`` parsed; ``error`` ("is not valid JSON (line N: ...)" or "is not WHAT (nested too
    deeply)") when it cannot be, so a bad file is a finding naming the line, never a traceback."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise error(f"is not {what} (nested too deeply)") from None
