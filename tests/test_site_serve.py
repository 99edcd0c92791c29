"""`sopgen serve`: a live preview that rebuilds on a YAML change, shows drafts, keeps serving,
and stops with its worker processes on SIGINT or SIGTERM.

The tests wait for what the server says (its log, read as it is written), never for a time."""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sitekit import make_project

from sopgen.render.strings import Strings
from sopgen.site.bodies import PARALLEL_MIN_PAGES

pytestmark = pytest.mark.slow

BUILT = "Reloading browsers"  # MkDocs' line at the end of each rebuild
WAIT = 120  # seconds: a guard against a hang on a busy machine, not a synchronisation


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


class Server:
    """`sopgen serve` in ``project`` on a free port, its output read line by line as written."""

    def __init__(self, project: Path, temporary: Path | None = None) -> None:
        self.base = f"http://127.0.0.1:{free_port()}/"
        env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
        if temporary is not None:
            env["TMPDIR"] = str(temporary)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sopgen", "serve", "--dev-addr", self.base[7:-1]],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group: what is left of it is found
        )
        self.lines: list[str] = []
        self._read = 0  # lines already handed to wait_for
        self._changed = threading.Condition()
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self.lines.append("")  # the end of the output
            self._changed.notify_all()

    @property
    def log(self) -> str:
        with self._changed:
            return "".join(self.lines)

    def wait_for(self, text: str) -> str:
        """The next line of output (after those waited for before) that holds ``text``."""
        with self._changed:
            while True:
                for line in self.lines[self._read :]:
                    self._read += 1
                    assert line, f"the server stopped before {text!r}:\n{self.log}"
                    if text in line:
                        return line
                assert self._changed.wait(WAIT), f"no {text!r} in:\n{''.join(self.lines)}"

    def until_rebuilt(self, check: Callable[[], bool]) -> None:
        """Wait for rebuilds until ``check`` holds (a save may take more than one)."""
        while not check():
            self.wait_for(BUILT)

    def stop(self, how: signal.Signals) -> int:
        """Stop it as Ctrl+C (SIGINT to the process group) or a service manager (SIGTERM)
        does; its exit code. Asserts no process of it is left."""
        if how == signal.SIGINT:
            os.killpg(self.process.pid, how)
        else:
            self.process.send_signal(how)
        try:
            code = self.process.wait(timeout=WAIT)
        finally:
            _end_group(self.process.pid)
        return code


def _end_group(group: int) -> None:
    """Assert no process of ``group`` is left (ending any, so the test run goes on)."""
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        return
    pytest.fail("a process of the server outlived it")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, Server]]:
    project = make_project(tmp_path / "repo")
    temporary = tmp_path / "tmp"  # where the preview's site is built
    temporary.mkdir()
    server = Server(project, temporary)
    try:
        server.wait_for("Serving on")
        assert fetch(server.base)[0] == 200, server.log
        assert [path.name[:7] for path in temporary.iterdir()] == ["mkdocs_"]
        yield project, server
    finally:
        if server.process.poll() is None:
            server.stop(signal.SIGINT)
    assert list(temporary.iterdir()) == [], "the preview's folder is removed when it stops"


def test_serve_rebuilds_on_a_yaml_change_and_keeps_serving(
    preview: tuple[Path, Server],
) -> None:
    project, server = preview
    source = sorted((project / "procedures").rglob("*-*.yaml"))[0]
    text = source.read_text("utf-8")
    procedure_id = re.search(r"^id: (\S+)", text, re.M).group(1)  # type: ignore[union-attr]
    category = re.search(r"^category: (\S+)", text, re.M).group(1)  # type: ignore[union-attr]
    url = f"{server.base}procedures/{category}/{procedure_id}/"
    assert fetch(url)[0] == 200

    # A draft is shown in the preview, with its banner.
    source.write_text(
        re.sub(r"^status: \S+", "status: draft", text, flags=re.M).replace(
            "\nsummary: ", "\nsummary: Freshly edited. ", 1
        ),
        "utf-8",
    )
    server.until_rebuilt(lambda: "Freshly edited." in fetch(url)[1])
    banner = Strings("en")("banner_draft")
    assert f'<p class="admonition-title">{banner}</p>' in fetch(url)[1]

    # A broken file is a warning in the log; the preview keeps serving.
    broken = source.with_name("ZZ-broken.yaml")
    broken.write_text("id: [unclosed\n", "utf-8")
    server.wait_for("ZZ-broken.yaml:")
    server.wait_for(BUILT)
    assert fetch(url)[0] == 200
    assert "Traceback" not in server.log
    assert "end of life" not in server.log  # Material's banner is silenced

    # A deleted procedure's page is gone from the preview.
    broken.unlink()
    source.unlink()
    server.until_rebuilt(lambda: fetch(url)[0] == 404)
    assert "dirty" not in server.log  # MkDocs' warning about its dirty builds


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_stops_cleanly_on_sigterm_and_sigint(
    preview: tuple[Path, Server], how: signal.Signals
) -> None:
    _, server = preview
    assert server.stop(how) == 0, server.log
    server.wait_for("")  # the whole output read
    assert "Shutting down" in server.log
    assert "Traceback" not in server.log, server.log


# Worker processes busy with page bodies when the process that started them is stopped: as in
# the first build of `sopgen serve` (the only one that forks) or a big `sopgen build`.
BUSY_WORKERS = r"""
import os, sys, threading
from sopgen.site.plugin import SopgenPlugin
from sopgen.site.preview import stop_on_sigterm

started = int(sys.argv[1])
def body():
    os.write(started, f"{os.getpid()}\n".encode())
    threading.Event().wait()  # busy until its pool ends it

plugin = SopgenPlugin()
stop_on_sigterm()
paths = [f"page-{number}" for number in range(int(sys.argv[2]))]
try:
    plugin.bodies.start({path: body for path in paths}, paths, workers=2)
    plugin.bodies.body(paths[0])  # waits for the workers
except KeyboardInterrupt:
    plugin.on_shutdown()  # as MkDocs' serve does when it is stopped
    print("stopped", flush=True)
"""


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_busy_workers_end_with_the_process_that_started_them(how: signal.Signals) -> None:
    started, tell = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-c", BUSY_WORKERS, str(tell), str(PARALLEL_MIN_PAGES)],
        pass_fds=[tell],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    os.close(tell)
    said = b""
    while said.count(b"\n") < 2:  # each worker says it is busy (a blocking read)
        assert select.select([started], [], [], WAIT)[0], "no worker started"
        chunk = os.read(started, 100)
        assert chunk, process.communicate()[0]
        said += chunk
    workers = [int(pid) for pid in said.split()]
    # Ctrl+C reaches every process of the terminal's group; a service manager's SIGTERM only
    # the one it started.
    if how == signal.SIGINT:
        os.killpg(process.pid, how)
    else:
        process.send_signal(how)
    output = process.communicate(timeout=WAIT)[0]
    rest = os.read(started, 100)  # at its end: every writer has exited
    os.close(started)
    assert rest == b"", "a worker was started again in place of an ended one"
    _end_group(process.pid)
    assert process.returncode == 0 and output == "stopped\n", output
    # Ended and waited for: not even a zombie is left.
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def test_serve_without_mkdocs_yml_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sopgen", "serve"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "mkdocs.yml" in done.stderr and "Traceback" not in done.stderr
