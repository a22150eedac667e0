"""The command line: parse options, call the core, render, choose the exit code.

One module per command (``check``, ``rules``, ``explain``, ``schema``, ``report``,
``verify-report``, ``contacts-sql``, ``scan``, ``init``, ``server``), each imported only when
its command runs (:mod:`.group`), so ``outreach-lint --version`` and ``--help`` stay instant;
heavy modules (yaml, the engine, jsonschema) are imported inside the commands. What several
commands share is written once: the options (:mod:`.options`), the exit codes and the one-line
error (:mod:`.exits`), writing an output file (:mod:`.output`).
"""

from __future__ import annotations

from .group import main

__all__ = ["main"]
