"""The real YAML language server on a procedure made by `sopgen new`: a misspelt key gets a
diagnostic at its line, and completion offers the procedure's fields."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import TESTS, unavailable

from sopgen.cli import cli

SERVER = TESTS / "lsp" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
SETTINGS = {
    "yaml": {
        "validate": True,
        "completion": True,
        "hover": True,
        "format": {"enable": False},
        "schemaStore": {"enable": False},  # offline: only the file's own $schema line
    }
}


class LanguageServer:
    """Start a server process, send requests and notifications, answer its requests."""

    def __init__(self, command: list[str], settings: dict[str, Any]) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.settings = settings
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self.pending: dict[int, Any] = {}
        self.notifications: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 30) -> Any:
        self.next_id += 1
        request_id = self.next_id
        self._send({"id": request_id, "method": method, "params": params})
        answer = self._wait(lambda m: m.get("id") == request_id and "method" not in m, timeout)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result")

    def wait_for_notification(
        self, method: str, accept: Any = lambda params: True, timeout: float = 30
    ) -> dict[str, Any]:
        for seen in self.notifications:
            if seen["method"] == method and accept(seen["params"]):
                return seen["params"]  # type: ignore[no-any-return]
        message = self._wait(lambda m: m.get("method") == method and accept(m["params"]), timeout)
        return message["params"]  # type: ignore[no-any-return]

    def _wait(self, wanted: Any, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the language server did not answer in time")
            message = self.messages.get(timeout=remaining)
            if "method" in message and "id" in message:
                self._answer(message)  # a request from the server
                continue
            if wanted(message):
                return message
            if "method" in message:
                self.notifications.append(message)

    def _answer(self, message: dict[str, Any]) -> None:
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [
                self.settings.get(item.get("section", ""), None)
                for item in message["params"]["items"]
            ]
        self._send({"id": message["id"], "result": result})

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=5)
            self.notify("exit", None)
            self.process.wait(timeout=5)
        except Exception:
            self.process.kill()
            self.process.wait()


def file_uri(path: Path) -> str:
    return path.resolve().as_uri()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[LanguageServer, Path]]:
    node = shutil.which("node")
    if node is None:
        unavailable("Node.js is not installed: the YAML language server needs it")
    if not SERVER.is_file():
        unavailable("yaml-language-server is not installed: run `npm ci --prefix tests/lsp`")
    assert node is not None
    root = tmp_path / "manual"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    language_server = LanguageServer([node, str(SERVER), "--stdio"], SETTINGS)
    try:
        language_server.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": file_uri(root),
                "workspaceFolders": [{"uri": file_uri(root), "name": "manual"}],
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {"publishDiagnostics": {}, "completion": {}},
                },
            },
        )
        language_server.notify("initialized", {})
        language_server.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})
        yield language_server, root
    finally:
        language_server.close()


def new_procedure(root: Path) -> Path:
    result = CliRunner().invoke(
        cli,
        ["new", "Clean the coffee machine", "-c", "operations", "-m", str(root / "procedures")],
    )
    assert result.exit_code == 0, result.output
    return root / "procedures" / "operations" / "OPS-002-clean-the-coffee-machine.yaml"


def open_document(server: LanguageServer, path: Path, text: str) -> str:
    uri = file_uri(path)
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
    )
    return uri


def test_misspelt_key_gets_a_diagnostic_at_its_line(
    server: tuple[LanguageServer, Path],
) -> None:
    language_server, root = server
    path = new_procedure(root)
    text = path.read_text().replace("\nowner: shift-lead\n", "\nownr: shift-lead\n")
    line = text.splitlines().index("ownr: shift-lead")  # 0-based, as LSP counts
    uri = open_document(language_server, path, text)
    published = language_server.wait_for_notification(
        "textDocument/publishDiagnostics", lambda p: p["uri"] == uri and p["diagnostics"]
    )
    at_key = [d for d in published["diagnostics"] if d["range"]["start"]["line"] == line]
    assert [(d["range"]["start"]["character"], d["message"]) for d in at_key] == [
        (0, "Property ownr is not allowed.")
    ]
    assert any(d["message"] == 'Missing property "owner".' for d in published["diagnostics"])


def test_the_file_as_written_has_no_diagnostics(server: tuple[LanguageServer, Path]) -> None:
    language_server, root = server
    path = new_procedure(root)
    text = path.read_text()
    broken_path = path.with_name("broken.yaml")  # a second file proves diagnostics arrive
    uri = open_document(language_server, path, text)
    broken = open_document(language_server, broken_path, text.replace("status: draft", "status: x"))
    language_server.wait_for_notification(
        "textDocument/publishDiagnostics", lambda p: p["uri"] == broken and p["diagnostics"]
    )
    published = language_server.wait_for_notification(
        "textDocument/publishDiagnostics", lambda p: p["uri"] == uri
    )
    assert published["diagnostics"] == []


def test_completion_offers_the_procedure_fields(server: tuple[LanguageServer, Path]) -> None:
    language_server, root = server
    path = new_procedure(root)
    lines = path.read_text().splitlines()
    at = lines.index("status: draft")
    text = "\n".join([*lines[:at], "", *lines[at:]]) + "\n"  # an empty line for a new key
    uri = open_document(language_server, path, text)
    answer = language_server.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": at, "character": 0}},
    )
    labels = {item["label"] for item in (answer["items"] if isinstance(answer, dict) else answer)}
    assert {"trigger", "purpose", "approved_by", "specs", "tags", "changes"} <= labels
    assert "summary" not in labels  # already in the file
    assert "ownr" not in labels
