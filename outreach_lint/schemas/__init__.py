"""JSON Schemas shipped with the package: campaign, rule, config and scan evidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: the folder of the schemas (this package's own; importlib.resources would cost a check's start-up
#: ~3 ms of imports to say the same for a package installed as files)
FOLDER = Path(__file__).parent


def read_bytes(name: str) -> bytes:
    """The bytes of ``schemas/NAME``."""
    return FOLDER.joinpath(name).read_bytes()


def load(name: str) -> Any:
    """``schemas/NAME`` parsed (callers cache it)."""
    return json.loads(read_bytes(name))
