"""What the terminal wants: colour (``--color``, NO_COLOR, FORCE_COLOR) and source lines.

Precedence for colour, as in CPython's own output: the command-line flag, then ``NO_COLOR``
(set and not empty: no colour), then ``FORCE_COLOR`` (set and not empty: colour even in a pipe,
as CI logs want), then whether stdout is a terminal.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO


def use_color(flag: bool | None, stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    if flag is not None:
        return flag
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return _isatty(stream)


def show_source(flag: bool | None, stream: TextIO) -> bool:
    """Source lines with carets: on by default on a terminal, ``--show-source``/``--no-show-source`` decide."""
    return flag if flag is not None else _isatty(stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False
