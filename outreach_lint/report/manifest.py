"""The machine-readable block inside every report: inputs, their hashes, verdict, sign-off.

It is embedded as ``<script type="application/json" id="outreach-lint-manifest">``
in the HTML page and, identically but inside an HTML comment, in the Markdown
file, so no Markdown viewer shows it. The JSON escapes ``<``, ``>`` and ``&``,
so no value can end the script element or the comment early.

Fixed place, sealed content: the manifest is the last thing in the file (followed only by
``</main></body></html>`` or the end of the Markdown comment), there is exactly one, and it
records ``report_sha256``, a hash of the report body before it and of the manifest itself. So
``verify-report`` reads that one manifest and fails when the verdict, a finding, the input list
or the sign-off was edited by hand. (The hash needs no secret: whoever can run outreach-lint can
make a new report; what it catches is a report changed after it was made.)

Paths: when the report is written to a file, every input path is recorded
relative to the folder holding the report (``"paths_relative_to": "report"``),
so a report committed next to the campaigns verifies from any checkout and any
current folder. A report written to standard output records paths relative to
the current folder (``"cwd"``), and is verified from that folder.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any

from .model import ReportView

MANIFEST_ID = "outreach-lint-manifest"
FORMAT = "outreach-lint-report"
MANIFEST_VERSION = 2
OPEN = f'<script type="application/json" id="{MANIFEST_ID}">'
CLOSE = "</script>"
#: what may follow the manifest: the end of the HTML page, or of the Markdown comment holding it
TAILS = ("\n</main></body></html>\n", "\n-->\n")
#: input kinds that may only grow by lines added at the end without voiding a sign-off
GROWING_KINDS = frozenset({"suppression_list"})


class NotAReport(ValueError):
    """The file is not an outreach-lint report (no manifest, or one we cannot read)."""


def recorded_path(path: Path, report_dir: Path | None) -> str:
    """``path`` as the manifest records it: relative to the report's folder, with forward slashes."""
    absolute = os.path.abspath(path)
    base = os.path.abspath(report_dir) if report_dir is not None else os.getcwd()
    try:
        relative = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows: keep it absolute
        relative = absolute
    return relative.replace(os.sep, "/")


def build_manifest(view: ReportView, report_dir: Path | None) -> dict[str, Any]:
    inputs = []
    for campaign in view.campaigns:
        for item in campaign.inputs:
            inputs.append(
                {
                    "path": recorded_path(item.path, report_dir),
                    "kind": item.kind,
                    "campaign": recorded_path(Path(campaign.file), report_dir),
                    "sha256": item.sha256 or None,
                    **({"size": item.size} if item.kind in GROWING_KINDS and item.sha256 else {}),
                    **({"problem": item.problem} if item.problem else {}),
                }
            )
    sign_off = view.sign_off
    return {
        "format": FORMAT,
        "manifest_version": MANIFEST_VERSION,
        "tool_version": view.tool_version,
        "rule_pack_version": view.rule_pack_version,
        "generated_at": view.generated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "paths_relative_to": "report" if report_dir is not None else "cwd",
        "verdict": view.verdict.label.lower(),
        "fail_on": view.fail_on.label,
        "summary": {"errors": view.verdict.errors, "warnings": view.verdict.warnings, "infos": view.verdict.infos, "suppressed": view.verdict.suppressed},
        "sign_off": {
            "name": sign_off.name,
            "role": sign_off.role,
            "at": sign_off.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            **({"accepts_risk": True, "reason": sign_off.reason} if sign_off.accepts_risk else {}),
        }
        if sign_off
        else None,
        "inputs": inputs,
        "released": [{"rule": code, "by": by} for code, by in view.released],
    }


def embed(manifest: dict[str, Any]) -> str:
    """The script element. ``<``, ``>`` and ``&`` are escaped so no value can close the element
    early; non-ASCII is escaped too, so a file name that is not UTF-8 survives the round trip."""
    payload = json.dumps(manifest, indent=1, ensure_ascii=True, sort_keys=False)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"{OPEN}\n{payload}\n{CLOSE}"


def _digest(body: str, manifest: dict[str, Any]) -> str:
    """The hash of the body (line ends normalised: a CRLF checkout is the same report) and of the
    manifest without its own hash."""
    rest = {key: value for key, value in manifest.items() if key != "report_sha256"}
    digest = hashlib.sha256(body.replace("\r\n", "\n").encode("utf-8", "surrogateescape"))
    digest.update(b"\0" + json.dumps(rest, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode("ascii"))
    return digest.hexdigest()


def seal(body: str, manifest: dict[str, Any], tail: str) -> str:
    """The whole report: ``body``, then the manifest (with the hash of both), then ``tail``."""
    assert tail in TAILS
    body = body.encode("utf-8", "backslashreplace").decode("utf-8")  # a lone surrogate from a YAML escape
    sealed = dict(manifest, report_sha256=_digest(body, manifest))
    return f"{body}\n{embed(sealed)}{tail}"


def extract(text: str) -> dict[str, Any]:
    """The one manifest at the end of a report; :class:`NotAReport` when there is none, more than
    one, or anything but the page end after it."""
    return split_report(text)[1]


def split_report(text: str) -> tuple[str, dict[str, Any]]:
    """(the body before the manifest, the manifest) of a report; see :func:`extract`."""
    text = text.replace("\r\n", "\n")
    count = text.count(OPEN)
    if count == 0:
        raise NotAReport("no outreach-lint manifest found (was it made by `outreach-lint report`?)")
    if count > 1:
        raise NotAReport(f"the file holds {count} manifests; a report has exactly one, at its end")
    start = text.index(OPEN)
    end = text.find(CLOSE, start)
    if end < 0 or text[end + len(CLOSE) :] not in TAILS:
        raise NotAReport("the manifest is not at the end of the report, where outreach-lint writes it")
    try:
        data = json.loads(text[start + len(OPEN) : end])
    except json.JSONDecodeError as exc:
        raise NotAReport(f"the embedded manifest is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:  # json recurses once per nested list or object
        raise NotAReport("the embedded manifest is nested too deeply to be one") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("inputs"), list):
        raise NotAReport("the embedded manifest is not an outreach-lint report manifest")
    body = text[:start]
    return body.removesuffix("\n"), data


def sealed_intact(text: str) -> bool:
    """Whether the report is as outreach-lint wrote it: the recorded hash matches the body and the manifest."""
    body, manifest = split_report(text)
    recorded = manifest.get("report_sha256")
    return isinstance(recorded, str) and hmac.compare_digest(recorded, _digest(body, manifest))
