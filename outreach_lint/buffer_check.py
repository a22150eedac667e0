"""Check one campaign's text as the CLI would check the file: the same config discovery
(the chain of ``.outreach-lint.yaml`` / ``pyproject.toml`` files), rule packs, per-path ignores,
guards on nested configs and check stages (:mod:`outreach_lint.check`). Used by the language server for unsaved editor buffers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .check.campaign import check_text
from .check.context import CheckContext
from .check.options import CheckOptions
from .config import ConfigError, ConfigResolver
from .findings import FileResult
from .rulepack import Rule, RuleError, load_pack
from .run.settings import options_for_file


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
        pack = load_pack(config.rules)
        options = replace(options_for_file(config, file, pack, base), use_cache=False, progress=False)
    except ConfigError as exc:
        return BufferResult(FileResult(file, ()), {}, problem=f"bad config: {exc}")
    except RuleError as exc:
        return BufferResult(FileResult(file, ()), {}, problem=f"broken rule pack: {exc}")
    return BufferResult(check_text(CheckContext(pack, options), file, text), pack.by_code())
