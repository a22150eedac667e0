"""Where ``check``'s formats go: each ``--output`` bound to its ``--format``, the render context,
and the writing itself (to the terminal in blocks, to a file whole or not at all)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import click

from .. import __version__
from .exits import fail, printable

if TYPE_CHECKING:
    from ..findings import Severity
    from ..formats import RenderContext
    from ..rulepack import Rule

FORMAT_NAMES = ("text", "json", "sarif", "junit", "github", "gitlab")  # == formats.REGISTRY keys (a test checks)

#: where :class:`RawArgsCommand` keeps the arguments as given
_RAW_ARGS = "outreach_lint.raw_args"

#: characters collected before a write to the terminal (chunks end at line ends in text output)
_BLOCK = 1 << 20


class RawArgsCommand(click.Command):
    """Keeps the raw arguments so that each --output can bind to the --format before it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[_RAW_ARGS] = list(args)
        return super().parse_args(ctx, args)


def pair_formats(formats: tuple[str, ...], outputs: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """Bind each --output to the --format before it, in command-line order."""
    ordered = _ordered_options(("--format",), ("--output",))
    if not formats:
        return [("text", outputs[0] if outputs else None)]
    pairs: list[tuple[str, str | None]] = []
    fmt_iter, out_iter = iter(formats), iter(outputs)
    for kind in ordered:
        if kind == "format":
            pairs.append((next(fmt_iter), None))
        elif pairs and pairs[-1][1] is None:
            pairs[-1] = (pairs[-1][0], next(out_iter))
        else:
            raise fail("--output must follow the --format it is for")
    return pairs


def _ordered_options(format_flags: tuple[str, ...], output_flags: tuple[str, ...]) -> list[str]:
    args = click.get_current_context().meta.get(_RAW_ARGS, [])
    kinds: list[str] = []
    for arg in args:
        flag = arg.split("=", 1)[0]
        if flag in format_flags:
            kinds.append("format")
        elif flag in output_flags:
            kinds.append("output")
    return kinds


def render_context(rules: Sequence[Rule], color: bool | None, quiet: bool, threshold: Severity, show_source: bool | None, show_law: bool) -> RenderContext:
    """The formatters' context: the rules' metadata, colour, and (text output) source lines and --show-law."""
    from dataclasses import replace

    from ..formats import RenderContext
    from ..formats.source import SourceLines
    from ..terminal import show_source as wants_source
    from ..terminal import use_color

    context = RenderContext(tool_version=__version__, rules=tuple(rules), color=use_color(color, sys.stdout), quiet=quiet, fail_on=threshold)
    wanted = wants_source(show_source, sys.stdout)  # source lines are read again only for files with findings
    return replace(context, show_source=wanted, show_law=show_law, source=SourceLines() if wanted else None)


def plain(context: RenderContext) -> RenderContext:
    """The context for a file: never colour."""
    from dataclasses import replace

    return replace(context, color=False)


def emit(chunks: Iterable[str], destination: str | None, color: bool = False) -> None:
    """Write a format's pieces as they come: a large report is never one string in memory."""
    if destination is not None:
        write_file(destination, chunks)
        return
    block: list[str] = []
    size = 0
    for chunk in chunks:
        block.append(chunk)
        size += len(chunk)
        if size >= _BLOCK:
            click.echo("".join(block), nl=False, color=color)
            block, size = [], 0
    if block:
        click.echo("".join(block), nl=False, color=color)


def write_file(destination: str, chunks: Iterable[str]) -> None:
    """Write whole or not at all, never through a link leading out; a failure is exit 2 naming the file."""
    from ..atomic import UnsafeOutput, write_atomic

    try:
        write_atomic(destination, chunks)
    except UnsafeOutput as exc:
        raise fail(f"cannot write {printable(destination)}: {exc}") from None
    except OSError as exc:
        raise fail(f"cannot write {printable(destination)}: {exc.strerror or exc}") from None
