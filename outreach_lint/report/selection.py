"""Which rules ran on each campaign file, for the report's coverage section.

Unsuppressible rules ran unless the root config or the command line released them: the
coverage section must not call them "switched off" because a nested config or a per-path
ignore names them (selectors are expanded to exact codes so prefixes keep their meaning).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .build import Selection

if TYPE_CHECKING:
    from ..run.settings import CliSettings, ConfiguredRun


def rule_selection(run: ConfiguredRun, settings: CliSettings) -> Selection:
    """For a file: (selected, ignored) as its config and the command line say (``run`` is ``run_check``'s)."""
    from ..config_resolver import ConfigResolver
    from ..layers import guard_selectors
    from ..locks import locked_codes
    from ..selectors import is_selected

    resolver = ConfigResolver(settings.config_file)
    pinned = locked_codes(run.rules) - {code for code, _ in run.report.released}
    names = {r.code: r.name for r in run.rules}

    def selection(file: str) -> tuple[Sequence[str], Sequence[str]]:
        config = resolver.for_file(file).merged_with_cli(settings.select, settings.ignore)
        select, ignore = guard_selectors(config, file, run.rules, settings.select, settings.ignore)
        if not pinned:
            return select, ignore
        off = tuple(code for code, name in names.items() if code not in pinned and not is_selected(code, name, select, ignore))
        return (), off

    return selection
