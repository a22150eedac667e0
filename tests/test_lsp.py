"""Issue 12 item 7: `outreach-lint server`, exercised by a real LSP client exchange.

The server runs as a subprocess (`python -m outreach_lint server`); this test speaks JSON-RPC
with Content-Length framing over its stdin/stdout, as an editor does: initialize, didOpen,
publishDiagnostics, hover, codeAction (applying the returned edit), didChange, shutdown, exit.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")

CAMPAIGN = """\
campaign: q4
channel: email
audience:
  type: b2b
  countries: [DE]
  consent: {basis: consent, double_opt_in: true, proof: crm://x}
processors:
  - {name: Slack, role: processor, country: US, dpa: true, transfer: DPF, data: [email]}
"""


class Client:
    def __init__(self, cwd: Path) -> None:
        env = dict(os.environ)
        self.log = (cwd / "server.log").open("wb")  # a file, not a pipe nobody reads (it could fill and block the server)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "outreach_lint", "server"], cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in reply, reply
        return reply["result"]

    def wait(self, match: Any, timeout: float = 60) -> dict[str, Any]:
        while True:
            try:
                message = self.messages.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError("no answer from the server") from None
            if match(message):
                return message

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        return message["params"]["diagnostics"]  # type: ignore[no-any-return]


def _apply(text: str, edits: list[dict[str, Any]]) -> str:
    lines = text.splitlines(keepends=True)
    for edit in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        start, end = edit["range"]["start"], edit["range"]["end"]

        def offset(p, lines=lines):
            return sum(len(line) for line in lines[: p["line"]]) + p["character"]  # ASCII text here: UTF-16 units are characters

        whole = "".join(lines)
        whole = whole[: offset(start)] + edit["newText"] + whole[offset(end) :]
        lines = whole.splitlines(keepends=True)
    return "".join(lines)


@pytest.fixture
def client(tmp_path: Path) -> Any:
    c = Client(tmp_path)
    c.request("initialize", {"processId": os.getpid(), "rootUri": tmp_path.as_uri(), "capabilities": {}})
    c.notify("initialized", {})
    yield c
    try:
        c.request("shutdown", {})
        c.notify("exit", {})
        c.process.wait(timeout=20)
    finally:
        if c.process.poll() is None:
            c.process.kill()
            c.process.wait(timeout=20)
        for stream in (c.process.stdin, c.process.stdout):
            if stream is not None:
                stream.close()
        c.log.close()


def test_diagnostics_hover_and_a_quick_fix_over_stdio(client: Client, tmp_path: Path) -> None:
    path = tmp_path / "q4.yaml"
    path.write_text("campaign: old-text-on-disk\n", encoding="utf-8")  # the server must use the buffer
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": CAMPAIGN}})
    diagnostics = client.diagnostics(uri)
    by_code = {d["code"]: d for d in diagnostics}
    transfer = by_code["OL001"]
    assert transfer["range"] == {"start": {"line": 7, "character": 59}, "end": {"line": 7, "character": 67}}  # the key, as in the CLI
    assert transfer["message"].endswith("write it as 'dpf'")
    assert transfer["severity"] == 1 and transfer["source"] == "outreach-lint"
    assert transfer["codeDescription"]["href"] == "https://outreach-lint.readthedocs.io/rules/invalid-campaign"
    assert "OL192" not in by_code  # one mistake, one finding (issue 12 item 4)
    assert "OL132" in by_code  # rules run too, not only the schema

    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 7, "character": 62}})
    assert "**OL001 invalid-campaign**" in hover["contents"]["value"]
    assert "Quick fix available: Replace 'DPF' with 'dpf'" in hover["contents"]["value"]

    actions = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": transfer["range"], "context": {"diagnostics": [transfer]}})
    [action] = [a for a in actions if a["kind"] == "quickfix"]
    assert action["title"] == "Replace 'DPF' with 'dpf' (OL001)"
    fixed = _apply(CAMPAIGN, action["edit"]["changes"][uri])
    assert fixed == CAMPAIGN.replace("transfer: DPF", "transfer: dpf")

    # the editor applies the edit and sends the change: the finding is gone
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]})
    after = client.diagnostics(uri)
    assert "OL001" not in {d["code"] for d in after}
    assert path.read_text(encoding="utf-8") == "campaign: old-text-on-disk\n"  # the server never writes


def test_a_rule_law_shows_on_hover_and_non_campaigns_get_no_diagnostics(client: Client, tmp_path: Path) -> None:
    other = (tmp_path / "values.yaml").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": other, "languageId": "yaml", "version": 1, "text": "replicas: 2\n"}})
    assert client.diagnostics(other) == []
    uri = (tmp_path / "q4.yaml").as_uri()
    text = CAMPAIGN.replace("dpa: true", "dpa: false").replace("DPF", "dpf")
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    [dpa] = [d for d in client.diagnostics(uri) if d["code"] == "OL191"]
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": dpa["range"]["start"]})
    assert "Regulation (EU) 2016/679 (GDPR) Art. 28(3)" in hover["contents"]["value"]
    assert "**Fix:**" in hover["contents"]["value"]
