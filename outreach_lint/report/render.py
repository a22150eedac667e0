"""The report's text in the chosen format, with its manifest (what ``verify-report`` checks)."""

from __future__ import annotations

from pathlib import Path

from .model import ReportView


def render(view: ReportView, fmt: str, report_dir: Path | None) -> str:
    """The report text; ``report_dir`` is where it will live (None: standard output)."""
    from .manifest import build_manifest

    manifest = build_manifest(view, report_dir)
    if fmt == "markdown":
        from .markdown import render_markdown

        return render_markdown(view, manifest)
    from .html import render_html

    return render_html(view, manifest)
