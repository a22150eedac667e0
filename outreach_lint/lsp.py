"""The Language Server for campaign files (LSP over stdio, pygls); :mod:`outreach_lint.cli.server` runs it.

* Diagnostics for each open YAML/JSON campaign as you type: the same findings as
  ``outreach-lint check`` (schema and rules, the nearest config), from the buffer's text
  (:func:`outreach_lint.buffer_check.check_buffer`); each has its code with a link to the rule's
  page (``codeDescription``). Files that are not campaigns get none.
* Hover on a finding: its message, every citation with its link, and the fix.
* Code actions: the safe fixes of ``check --fix`` (:mod:`outreach_lint.fixes`) as quick fixes.

pygls is imported only when the server is built (``pip install 'outreach-lint[lsp]'``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .findings import Finding, Severity

DOCS = "https://outreach-lint.readthedocs.io/rules/"
#: the token a diagnostic underlines (as the text output's caret): a quoted scalar or a plain key/value
_TOKEN = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s:,\[\]{}#]+(?::[^\s,\[\]{}#]+)*""")


def utf16_column(line: str, column: int) -> int:
    """LSP counts columns in UTF-16 code units; Python strings count code points."""
    prefix = line[:column]
    return column + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def finding_range(finding: Finding, lines: list[str]) -> tuple[tuple[int, int], tuple[int, int]]:
    """0-based (line, UTF-16 column) start and end of the token a finding points at."""
    row = max(0, finding.line - 1)
    text = lines[row] if row < len(lines) else ""
    start = max(0, min(finding.column - 1, len(text)))
    match = _TOKEN.match(text, start)
    end = match.end() if match and match.end() > start else min(len(text), start + 1)
    if end == start:  # an empty line: underline to its end (an editor shows at least one character)
        end = len(text)
    return (row, utf16_column(text, start)), (row, utf16_column(text, end))


def hover_markdown(finding: Finding) -> str:
    """What hovering a finding shows: message, law (every citation, linked) and fix."""
    parts = [f"**{finding.code} {finding.rule}** ({finding.severity.label})", "", finding.message]
    countries = getattr(finding, "countries", ())
    if countries:
        parts += ["", f"Countries: {', '.join(countries)}"]
    if finding.citations:
        parts += ["", "**Law**"]
        parts += [f"- [{c}]({c.url})" if c.url else f"- {c}" for c in finding.citations]
    if finding.fix:
        parts += ["", f"**Fix:** {finding.fix}"]
    if finding.fix_edit:
        parts += ["", f"Quick fix available: {finding.fix_edit[3]}"]
    parts += ["", f"[{finding.code} in the rule docs]({DOCS}{finding.rule})"]
    return "\n".join(parts)


@dataclass
class OpenDocument:
    uri: str
    text: str = ""
    findings: list[Finding] = field(default_factory=list)


def path_of(uri: str) -> Path | None:
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


def lint(uri: str, text: str) -> tuple[list[Finding], str]:
    """(reported findings, config problem) for a buffer; [] for files that are not campaigns."""
    from .buffer_check import check_buffer

    path = path_of(uri)
    if path is None or not path.name.lower().endswith((".yaml", ".yml", ".json")):
        return [], ""
    outcome = check_buffer(path, text)
    if outcome.problem:
        return [], outcome.problem
    if not outcome.result.is_campaign:
        return [], ""
    return [f for f in outcome.result.findings if not f.suppressed], ""


def _lsp_severity(types: Any, severity: Severity) -> Any:
    return {
        Severity.ERROR: types.DiagnosticSeverity.Error,
        Severity.WARNING: types.DiagnosticSeverity.Warning,
        Severity.INFO: types.DiagnosticSeverity.Information,
    }[severity]


def _range(types: Any, start: tuple[int, int], end: tuple[int, int]) -> Any:
    return types.Range(start=types.Position(line=start[0], character=start[1]), end=types.Position(line=end[0], character=end[1]))


def diagnostics(types: Any, document: OpenDocument) -> list[Any]:
    lines = document.text.splitlines() or [""]
    out = []
    for finding in document.findings:
        start, end = finding_range(finding, lines)
        out.append(
            types.Diagnostic(
                range=_range(types, start, end),
                message=finding.message,
                severity=_lsp_severity(types, finding.severity),
                code=finding.code,
                code_description=types.CodeDescription(href=f"{DOCS}{finding.rule}"),
                source="outreach-lint",
                data={"rule": finding.rule, "path": finding.path, "fix_edit": list(finding.fix_edit)},
            )
        )
    return out


def code_actions(types: Any, document: OpenDocument, wanted: Any) -> list[Any]:
    """Quick fixes for the findings whose range meets ``wanted`` (an LSP Range)."""
    from .fixes import FixError, plan_splices

    lines = document.text.splitlines() or [""]
    actions = []
    for finding in document.findings:
        if not finding.fix_edit:
            continue
        start, end = finding_range(finding, lines)
        if (end[0], end[1]) < (wanted.start.line, wanted.start.character) or (start[0], start[1]) > (wanted.end.line, wanted.end.character):
            continue
        try:
            splices = plan_splices(document.text, [finding])
        except FixError:
            continue
        for splice in splices:
            line_text = lines[splice.start_pos[0]] if splice.start_pos[0] < len(lines) else ""
            end_text = lines[splice.end_pos[0]] if splice.end_pos[0] < len(lines) else ""
            edit = types.TextEdit(
                range=_range(
                    types, (splice.start_pos[0], utf16_column(line_text, splice.start_pos[1])), (splice.end_pos[0], utf16_column(end_text, splice.end_pos[1]))
                ),
                new_text=splice.new,
            )
            actions.append(
                types.CodeAction(
                    title=f"{splice.title} ({finding.code})",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=diagnostics(types, OpenDocument(document.uri, document.text, [finding])),
                    is_preferred=True,
                    edit=types.WorkspaceEdit(changes={document.uri: [edit]}),
                )
            )
    return actions


def build_server() -> Any:
    """The pygls server with its handlers (imported here so that `check` never loads pygls)."""
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    server = LanguageServer("outreach-lint", __version__)
    documents: dict[str, OpenDocument] = {}

    def refresh(ls: Any, uri: str) -> None:
        text = ls.workspace.get_text_document(uri).source
        document = documents.setdefault(uri, OpenDocument(uri))
        document.text = text
        document.findings, problem = lint(uri, text)
        if problem:
            ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"outreach-lint: {problem}"))
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics(types, document)))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: Any, params: types.DidOpenTextDocumentParams) -> None:
        refresh(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: Any, params: types.DidChangeTextDocumentParams) -> None:
        refresh(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: Any, params: types.DidSaveTextDocumentParams) -> None:
        refresh(ls, params.text_document.uri)  # referenced files may have changed on disk

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: Any, params: types.DidCloseTextDocumentParams) -> None:
        documents.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: Any, params: types.HoverParams) -> types.Hover | None:
        document = documents.get(params.text_document.uri)
        if document is None:
            return None
        lines = document.text.splitlines() or [""]
        at = (params.position.line, params.position.character)
        found = [f for f in document.findings if finding_range(f, lines)[0] <= at <= finding_range(f, lines)[1]]
        if not found:
            return None
        text = "\n\n---\n\n".join(hover_markdown(f) for f in found)
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: Any, params: types.CodeActionParams) -> list[types.CodeAction]:
        document = documents.get(params.text_document.uri)
        return code_actions(types, document, params.range) if document is not None else []

    return server
