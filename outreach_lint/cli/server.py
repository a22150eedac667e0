"""``outreach-lint server``: run the language server (:mod:`outreach_lint.lsp`) over stdio."""

from __future__ import annotations

import click


@click.command("server")
@click.option("--stdio", is_flag=True, default=True, help="Speak LSP over stdin/stdout (the only transport; editors pass it).")
def server_command(stdio: bool) -> None:
    """Run the language server: diagnostics, hover and quick fixes in your editor (docs/editors.md)."""
    from ..lsp import build_server

    try:
        server = build_server()
    except ImportError:
        raise click.UsageError("the language server needs pygls: pip install 'outreach-lint[lsp]'") from None
    server.start_io()
