"""The options one campaign is checked with (one set per group of files in a run)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..loader import Limits


@dataclass(frozen=True)
class CheckOptions:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules_dirs: tuple[Path, ...] = ()
    inline_suppressions: bool = True
    show_pii: bool = False
    today: dt.date | None = None
    limits: Limits = Limits()
    severity_overrides: tuple[tuple[str, str], ...] = ()
    keep_documents: bool = False
    use_cache: bool = True
    #: draw a progress line on stderr for long contact files (the CLI sets it when stderr is a terminal)
    progress: bool = False
    #: judge every campaign by the law on this day, whatever its schedule says (--as-of)
    as_of: dt.date | None = None
    #: codes of unsuppressible rules that run whatever ``select``/``ignore`` say: a nested config or a
    #: per-path ignore cannot switch them off (:mod:`outreach_lint.run.settings` fills it; empty: no pinning)
    pinned: frozenset[str] = frozenset()
    #: folders outside the repository that referenced files may lie in (the root config's allowed-reference-roots)
    allowed_reference_roots: tuple[Path, ...] = ()
    #: outside a git repository, the folder that bounds references: the root configuration's (see references.repository_bounds)
    fallback_root: Path | None = None
    #: ``--jobs``: processes (and threads, for the contact-list reader) a run may use; None: all cores.
    #: 1 means no worker pool at all. It never changes a finding (the result cache ignores it).
    jobs: int | None = None

    @property
    def run_date(self) -> dt.date:
        return self.today or dt.date.today()
