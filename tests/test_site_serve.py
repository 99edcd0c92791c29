"""`sopgen serve`: a live preview that rebuilds on a YAML change, shows drafts, keeps serving."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sitekit import make_project

from sopgen.render.strings import Strings

pytestmark = pytest.mark.slow


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


def eventually(check: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    project = make_project(tmp_path / "repo")
    port = free_port()
    log = tmp_path / "serve.log"
    temporary = tmp_path / "tmp"  # where the preview's site is built
    temporary.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    env["TMPDIR"] = str(temporary)
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "sopgen", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}/"
            assert eventually(lambda: fetch(base)[0] == 200), log.read_text()
            assert [path.name[:7] for path in temporary.iterdir()] == ["mkdocs_"]
            yield project, base, log
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    assert list(temporary.iterdir()) == [], "the preview's folder is removed when it stops"


def test_serve_rebuilds_on_a_yaml_change_and_keeps_serving(
    preview: tuple[Path, str, Path],
) -> None:
    project, base, log = preview
    source = sorted((project / "procedures").rglob("*-*.yaml"))[0]
    text = source.read_text("utf-8")
    procedure_id = re.search(r"^id: (\S+)", text, re.M).group(1)  # type: ignore[union-attr]
    category = re.search(r"^category: (\S+)", text, re.M).group(1)  # type: ignore[union-attr]
    url = f"{base}procedures/{category}/{procedure_id}/"
    assert fetch(url)[0] == 200

    # A draft is shown in the preview, with its banner.
    source.write_text(
        re.sub(r"^status: \S+", "status: draft", text, flags=re.M).replace(
            "\nsummary: ", "\nsummary: Freshly edited. ", 1
        ),
        "utf-8",
    )
    assert eventually(lambda: "Freshly edited." in fetch(url)[1]), log.read_text()
    banner = Strings("en")("banner_draft")
    assert f'<p class="admonition-title">{banner}</p>' in fetch(url)[1]

    # A broken file is a warning in the log; the preview keeps serving.
    broken = source.with_name("ZZ-broken.yaml")
    broken.write_text("id: [unclosed\n", "utf-8")
    assert eventually(lambda: "ZZ-broken.yaml:" in log.read_text()), log.read_text()
    assert eventually(lambda: fetch(url)[0] == 200), log.read_text()  # once rebuilt
    assert "Traceback" not in log.read_text()
    assert "end of life" not in log.read_text()  # Material's banner is silenced

    # A deleted procedure's page is gone from the preview.
    broken.unlink()
    source.unlink()
    assert eventually(lambda: fetch(url)[0] == 404), log.read_text()
    assert "dirty" not in log.read_text()  # MkDocs' warning about its dirty builds


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
