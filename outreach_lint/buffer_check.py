"""Check one campaign's text as the CLI would check the file: the same config discovery
(nearest ``.outreach-lint.yaml`` / ``pyproject.toml``), rule packs, per-path ignores and
engine pipeline. Used by the language server for unsaved editor buffers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .config import ConfigError, ConfigResolver
from .engine import CheckOptions, FileChecker
from .findings import FileResult
from .loader import Limits
from .rulepack import Rule, RuleError, load_pack


@dataclass(frozen=True)
class BufferResult:
    result: FileResult
    rules: dict[str, Rule]
    #: a configuration or rule-pack problem (exit 2 on the command line), else ""
    problem: str = ""
    excluded: bool = False


def check_buffer(path: Path, text: str, base: CheckOptions = CheckOptions()) -> BufferResult:
    """Findings for ``text`` as the contents of ``path``."""
    file = str(path)
    try:
        config = ConfigResolver(None).for_file(file).merged_with_cli((), (), None, (), False)
        if config.is_excluded(file):
            return BufferResult(FileResult(file, ()), {}, excluded=True)
        options = replace(
            base,
            select=config.select,
            ignore=config.ignores_for(file),
            rules_dirs=config.rules,
            inline_suppressions=config.inline_suppressions,
            severity_overrides=config.severity,
            limits=Limits(**dict(config.limits)) if config.limits else base.limits,
            use_cache=False,
            progress=False,
        )
        pack = load_pack(options.rules_dirs)
    except ConfigError as exc:
        return BufferResult(FileResult(file, ()), {}, problem=f"bad config: {exc}")
    except RuleError as exc:
        return BufferResult(FileResult(file, ()), {}, problem=f"broken rule pack: {exc}")
    return BufferResult(FileChecker(pack, options).check_text(file, text), pack.by_code())
