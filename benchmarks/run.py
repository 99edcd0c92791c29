"""Time sopgen on a generated manual of N procedures, next to plain MkDocs Material on its pages.

    python benchmarks/run.py --n 1000            # validate, build, one-file preview, plain MkDocs
    python benchmarks/run.py --n 5000 --skip-build

Every figure comes from a separate process, start-up included, as a user would see it; times
are medians of --repeat runs (builds of big manuals run once unless asked). Results are printed
and written to benchmarks/out/results-N.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

# The goals of the scale issue, on a 2-core machine.
GOALS = {
    "validate_cold_5000_s": 5.0,
    "validate_warm_5000_s": 1.0,
    "validate_example_s": 0.5,
    "build_1000_s": 6.0,
    "build_5000_s": 25.0,
    "build_peak_mb": 500.0,
    "page_overhead_kb": 20.0,
    "site_5000_mb": 150.0,
    "search_index_5000_mb": 6.0,
    "preview_s": 2.0,
}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SOPGEN = [sys.executable, "-m", "sopgen"]
MKDOCS = [sys.executable, "-m", "mkdocs"]

# The site a new manual gets: the mkdocs.yml that `sopgen init` writes, published at an
# address (site_url), as a real manual is: printed pages, sign-off sheets and labels then carry
# QR codes, and every procedure gets its short address and label (the pictures at scale; every
# generated procedure has a decision, so every page has a flowchart).
SITE_URL_LINE = "# site_url: https://manual.example.org/"
SITE_YAML = (
    (REPO / "sopgen" / "templates" / "init" / "mkdocs.yml")
    .read_text("utf-8")
    .replace(SITE_URL_LINE, SITE_URL_LINE.removeprefix("# "), 1)
)
assert "\nsite_url: " in SITE_YAML, "the init template's site_url line moved"


def plain_yaml(prune: bool) -> str:
    """The same site without sopgen: the pages as files, MkDocs Material as it comes."""
    text = re.sub(r"  - sopgen:\n(?:      .*\n)*", "", SITE_YAML)
    text = text.replace("site_name: ", "site_name: Plain MkDocs Material - ", 1)
    text = re.sub(r"    - navigation\.prune.*\n", "", text)
    if prune:
        text = text.replace("  features:\n", "  features:\n    - navigation.prune\n", 1)
    assert "sopgen" not in text.split("plugins:", 1)[1].split("markdown_extensions:", 1)[0]
    return text


# --- measuring ---------------------------------------------------------------------------------


def run_measured(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run a command; its wall time, CPU time, exit code and peak memory (its own and its
    children's). CPU time (user + system, worker processes included) barely moves when others
    share the machine, where wall time can double: compare it when the load average is high."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as null:
        process = subprocess.Popen(
            command, cwd=cwd, env=env or ENV, stdout=null, stderr=subprocess.PIPE
        )
        assert process.stderr is not None
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "exit": process.returncode,
        "peak_mb": usage.ru_maxrss / 1024,
        "stderr": errors.decode("utf-8", "replace")[-2000:],
    }


def median_of(repeat: int, once: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    runs = [once() for _ in range(max(1, repeat))]
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "exit": max(r["exit"] for r in runs),
        "runs": [round(r["seconds"], 3) for r in runs],
        "stderr": runs[-1]["stderr"],
    }


def tree_size(folder: Path, suffix: str = "") -> int:
    return sum(p.stat().st_size for p in folder.rglob(f"*{suffix}") if p.is_file())


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def page_figures(site: Path, pages: list[Path]) -> dict[str, float]:
    """Average size of a procedure page, and of what surrounds its own content (the article)."""
    sizes, overheads = [], []
    for page in pages:
        html = page.read_text("utf-8")
        match = ARTICLE.search(html)
        content = len(match.group(1).encode()) if match else 0
        sizes.append(len(html.encode()))
        overheads.append(len(html.encode()) - content)
    if not sizes:
        return {}
    return {
        "page_kb": statistics.mean(sizes) / 1024,
        "page_overhead_kb": statistics.mean(overheads) / 1024,
    }


def site_figures(site: Path, procedure_pages: list[Path]) -> dict[str, Any]:
    index = site / "search" / "search_index.json"
    return {
        "site_mb": tree_size(site) / 2**20,
        "html_mb": tree_size(site, ".html") / 2**20,
        "html_files": sum(1 for _ in site.rglob("*.html")),
        "search_index_mb": index.stat().st_size / 2**20 if index.is_file() else 0.0,
        **page_figures(site, procedure_pages),
    }


def procedure_pages(site: Path, manual: Path, limit: int = 200) -> list[Path]:
    """Built pages of (up to ``limit``) procedures, wherever the URL layout puts them."""
    found: list[Path] = []
    for yaml_file in sorted(manual.rglob("*.yaml"))[: limit * 2]:
        if yaml_file.name == "manual.yaml":
            continue
        pid = yaml_file.stem
        for candidate in (
            site / "procedures" / yaml_file.parent.name / pid / "index.html",
            site / "procedures" / yaml_file.parent.name / f"{pid}.html",
        ):
            if candidate.is_file():
                found.append(candidate)
                break
        if len(found) >= limit:
            break
    return found


# --- the steps ---------------------------------------------------------------------------------


def prepare(n: int, out: Path) -> Path:
    """The project folder: procedures/ (generated once per N), mkdocs.yml and an empty docs/."""
    project = out / f"manual-{n}"
    stamp = project / ".generated"
    if not stamp.is_file() or stamp.read_text() != f"{n}:1":
        generate(n, project, seed=1)
        stamp.write_text(f"{n}:1")
    (project / "docs").mkdir(exist_ok=True)
    (project / "mkdocs.yml").write_text(SITE_YAML)
    return project


def bench_validate(project: Path, repeat: int) -> dict[str, Any]:
    manual = project / "procedures"
    cache = project / ".bench-cache"
    env = {**ENV, "SOPGEN_CACHE_DIR": str(cache)}
    cold = median_of(
        repeat, lambda: run_measured([*SOPGEN, "validate", "--no-cache", str(manual)], project, env)
    )

    def cold_filling() -> dict[str, Any]:
        shutil.rmtree(cache, ignore_errors=True)
        return run_measured([*SOPGEN, "validate", str(manual)], project, env)

    filling = median_of(repeat, cold_filling)
    warm = median_of(repeat, lambda: run_measured([*SOPGEN, "validate", str(manual)], project, env))
    # One procedure edited since the last run: per-file entries for the rest, rules run again.
    target = sorted(manual.rglob("*.yaml"))[1]
    original = target.read_bytes()

    def one_edited() -> dict[str, Any]:
        target.write_bytes(original + f"# edited {time.time()}\n".encode())
        return run_measured([*SOPGEN, "validate", str(manual)], project, env)

    try:
        edited = median_of(repeat, one_edited)
    finally:
        target.write_bytes(original)
    return {"cold": cold, "cold_filling_cache": filling, "warm": warm, "one_file_edited": edited}


def bench_example(repeat: int) -> dict[str, Any]:
    """The repository's own manual, as pre-commit runs it."""
    command = [*SOPGEN, "validate", "procedures"]
    run_measured(command, REPO)  # fill the cache
    return {
        "warm": median_of(max(repeat, 5), lambda: run_measured(command, REPO)),
        "no_cache": median_of(
            max(repeat, 5), lambda: run_measured([*command[:-1], "--no-cache", "procedures"], REPO)
        ),
    }


def site_available() -> bool:
    probe = subprocess.run([*SOPGEN, "build", "--help"], capture_output=True, env=ENV, check=False)
    return probe.returncode == 0


def bench_build(project: Path, repeat: int) -> dict[str, Any]:
    """`sopgen build` as CI runs it (no validate cache: every file parsed), then as a rebuild
    on the owner's machine (the cache holds every file: only the model and rules run)."""
    site = project / "site"
    command = [*SOPGEN, "build", "--site-dir", str(site)]
    build = median_of(repeat, lambda: run_measured([*command, "--no-cache"], project))
    if build["exit"] != 0:
        return {"build": build}
    run_measured(command, project)  # fills the cache
    warm = median_of(repeat, lambda: run_measured(command, project))
    pages = procedure_pages(site, project / "procedures")
    return {"build": build, "warm": warm, **site_figures(site, pages)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, text: str, timeout: float) -> float | None:
    """Seconds until ``url`` answers with ``text`` in it, or None."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if text in answer.read().decode("utf-8", "replace"):
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.05)
    return None


def chromium() -> tuple[Any, str, list[str]] | str:
    """Playwright's entry point and the browser as the tests launch it, or why there is none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM}"
    return sync_playwright, CHROMIUM, list(CHROMIUM_ARGS)


PHONE = {"width": 390, "height": 844}


def bench_search(site: Path, procedures: Path) -> dict[str, Any]:
    """In headless Chromium at phone size: open the built site, search for a procedure's id
    and then a word of its title; seconds from typing to the first result, and whether the
    first result is that procedure (the index loads on the first search, as on a phone)."""
    import functools
    import http.server
    import threading

    found = chromium()
    if isinstance(found, str):
        return {"error": found}
    sync_playwright, executable, launch_args = found
    published = [
        path
        for path in sorted(procedures.rglob("*-*.yaml"))
        if "\nstatus: effective\n" in path.read_text("utf-8")
    ]
    target = published[len(published) // 2]
    pid = target.stem
    title = next(
        line.split(":", 1)[1].strip().strip('"')
        for line in target.read_text("utf-8").splitlines()
        if line.startswith("title:")
    )
    word = max(title.split(), key=len)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results: dict[str, Any] = {"id": pid, "word": word}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=launch_args)
            page = browser.new_page(viewport=PHONE)
            # The list of all procedures: a benchmark manual has no home page of its own.
            page.goto(f"http://127.0.0.1:{server.server_port}/procedures/")
            for name, query in (("id", pid), ("title_word", word)):
                if name == "id":
                    page.keyboard.press("/")  # Material's shortcut: open search
                else:  # the id's results may hold the word too: wait until they are gone
                    page.locator(".md-search__input").first.fill("")
                    page.wait_for_function(
                        '!document.querySelector(".md-search-result__item")', timeout=60_000
                    )
                started = time.perf_counter()
                page.keyboard.type(query)
                # The results list is updated as the worker answers: wait for a first result
                # that holds the query.
                page.wait_for_function(
                    """query => {
                        const first = document.querySelector(".md-search-result__item");
                        return first && first.innerText.toLowerCase().includes(query);
                    }""",
                    arg=query.lower(),
                    timeout=60_000,
                )
                results[f"{name}_s"] = time.perf_counter() - started
                first = page.locator(".md-search-result__item").first
                href = first.locator("a").first.get_attribute("href") or ""
                results[f"{name}_first_is_it"] = f"/{pid}/" in href or f"/{pid}." in href
                results[f"{name}_first_text"] = first.inner_text()[:80]
            browser.close()
    finally:
        server.shutdown()
    return results


def summary_edit(text: str, marker: str) -> str:
    """A procedure's YAML with ``marker`` at the start of its summary."""
    return text.replace('summary: "', f'summary: "{marker} ', 1)


def plain_summary_edit(text: str, marker: str) -> str:
    """The same edit to the page plain MkDocs builds from (its summary paragraph)."""
    return text.replace('<p class="sop-summary">', f'<p class="sop-summary">{marker} ', 1)


def bench_preview(
    project: Path,
    command: list[str],
    page_url: str,
    edit: Path,
    repeat: int,
    change: Callable[[str, str], str] = summary_edit,
) -> dict[str, Any]:
    """Start a live preview and open the edited procedure's page in headless Chromium; then
    save a change to its file, ``repeat`` times: seconds from the save until the page in the
    browser shows the new text (the preview's own reload script reloads it)."""
    found = chromium()
    if isinstance(found, str):
        return {"error": found}
    sync_playwright, executable, launch_args = found
    port = free_port()
    process = subprocess.Popen(
        [*command, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    original = edit.read_bytes()
    try:
        url = f"http://127.0.0.1:{port}/{page_url}"
        startup = wait_for(url, "</html>", 600)
        if startup is None:
            return {"error": "the preview did not start"}
        runs = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=launch_args)
            page = browser.new_page()
            page.goto(url)
            text = original.decode("utf-8")
            for run in range(repeat):
                time.sleep(1.5)  # the browser idle on the page, as someone reading it
                marker = f"Edited{run}x{int(time.time())}"
                started = time.perf_counter()
                edit.write_text(change(text, marker), "utf-8")
                page.wait_for_function(
                    "marker => document.body && document.body.innerText.includes(marker)",
                    arg=marker,
                    timeout=120_000,
                    polling=20,
                )
                runs.append(round(time.perf_counter() - started, 2))
            browser.close()
        return {"first_build_s": startup, "edit_visible_s": statistics.median(runs), "runs": runs}
    finally:
        edit.write_bytes(original)
        # Ctrl+C, as a user stops it: plain `mkdocs serve` removes its temporary site folder
        # only then (on SIGTERM it leaves tens of MB in the temp folder on every run).
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def write_plain_docs(project: Path, docs: Path) -> None:
    """sopgen's pages written to files for plain MkDocs: Markdown, or front matter and HTML
    for the pages sopgen renders straight to HTML (raw HTML is Markdown too)."""
    code = (
        "import sys; from datetime import date; from pathlib import Path\n"
        "from sopgen.validate.pipeline import validate\n"
        "from sopgen.render import RenderOptions, render_site\n"
        "result = validate(Path(sys.argv[1]))\n"
        "docs = Path(sys.argv[2])\n"
        "for page in render_site(result.manual, RenderOptions(today=date.today())):\n"
        "    target = docs / page.path\n"
        "    target.parent.mkdir(parents=True, exist_ok=True)\n"
        "    body = page.body().content if page.body else ''\n"
        "    target.write_text(page.markdown + body, 'utf-8')\n"
    )
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    subprocess.run(
        [sys.executable, "-c", code, str(project / "procedures"), str(docs)], check=True, env=ENV
    )


def bench_plain(project: Path, repeat: int, prune: bool) -> dict[str, Any]:
    name = "plain-prune" if prune else "plain-default"
    folder = project / name
    write_plain_docs(project, folder / "docs")
    (folder / "mkdocs.yml").write_text(plain_yaml(prune))
    site = folder / "site"
    build = median_of(
        repeat, lambda: run_measured([*MKDOCS, "build", "-q", "-d", str(site)], folder)
    )
    if build["exit"] != 0:
        return {"build": build}
    pages = procedure_pages(site, project / "procedures")
    return {"build": build, **site_figures(site, pages)}


# --- report ------------------------------------------------------------------------------------


def ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "-"
    return f"{b / a:.1f}x"


def cpu_check_ms() -> float:
    """How fast this machine runs Python right now: a fixed piece of work, best of five.

    Shared machines change speed from hour to hour (the same build took 4.1 s and 7.0 s here
    on one day); this says which kind of hour a run had, next to the ratios to plain MkDocs.
    """
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for number in range(300_000):
            total += number % 7
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def report(n: int, results: dict[str, Any]) -> str:
    load = results.get("load_average", {})
    check = results.get("cpu_check_ms", {})
    lines = [
        f"## N = {n} procedures (load average {load.get('start', '?')} at start, "
        f"{load.get('end', '?')} at end, {os.cpu_count()} cores; CPU check "
        f"{check.get('start', '?')} ms at start, {check.get('end', '?')} ms at end)"
    ]
    v = results.get("validate")
    if v:
        lines += [
            f"validate, no cache (cold)      {v['cold']['seconds']:7.2f} s   "
            f"peak {v['cold']['peak_mb']:.0f} MB   runs {v['cold']['runs']}",
            f"validate, empty cache (fills)  {v['cold_filling_cache']['seconds']:7.2f} s",
            f"validate, warm (no change)     {v['warm']['seconds']:7.2f} s   "
            f"runs {v['warm']['runs']}",
            f"validate, one file edited      {v['one_file_edited']['seconds']:7.2f} s",
        ]
    e = results.get("example")
    if e:
        lines.append(
            f"example manual validate        {e['warm']['seconds']:7.2f} s warm, "
            f"{e['no_cache']['seconds']:.2f} s --no-cache (goal < {GOALS['validate_example_s']} s)"
        )
    rows = [
        (label, results.get(key))
        for label, key in (
            ("sopgen build (no cache)", "build"),
            ("plain MkDocs, prune", "plain_prune"),
            ("plain MkDocs, default nav", "plain_default"),
        )
    ]
    if any(row for _, row in rows):
        lines.append("")
        lines.append(
            f"{'':28} {'build s':>8} {'cpu s':>7} {'peak MB':>8} {'site MB':>8} "
            f"{'index MB':>9} {'page KB':>8} {'frame KB':>9}"
        )
        for label, row in rows:
            if not row or "page_kb" not in row:
                if row:
                    lines.append(f"{label:28} failed: {row['build']['stderr'][-300:]}")
                continue
            lines.append(
                f"{label:28} {row['build']['seconds']:8.2f} {row['build']['cpu_seconds']:7.2f} "
                f"{row['build']['peak_mb']:8.0f} {row['site_mb']:8.1f} "
                f"{row['search_index_mb']:9.2f} {row['page_kb']:8.1f} "
                f"{row['page_overhead_kb']:9.1f}"
            )
            if "warm" in row:
                warm = row["warm"]
                lines.append(
                    f"{'sopgen build, cache warm':28} {warm['seconds']:8.2f} "
                    f"{warm['cpu_seconds']:7.2f} {warm['peak_mb']:8.0f}   "
                    "(a rebuild, every file validated before; "
                    f"runs {warm['runs']})"
                )
        ours = results.get("build")
        for label, key in (("prune", "plain_prune"), ("default nav", "plain_default")):
            plain = results.get(key)
            if ours and plain and "site_mb" in ours and "site_mb" in plain:
                build_ratio = ratio(ours["build"]["seconds"], plain["build"]["seconds"])
                cpu_ratio = ratio(ours["build"]["cpu_seconds"], plain["build"]["cpu_seconds"])
                lines.append(
                    f"plain {label} / sopgen: build time {build_ratio}, CPU time {cpu_ratio}, "
                    f"site size {ratio(ours['site_mb'], plain['site_mb'])}, "
                    f"peak memory {ratio(ours['build']['peak_mb'], plain['build']['peak_mb'])}, "
                    f"search index {ratio(ours['search_index_mb'], plain['search_index_mb'])}"
                )
    for label, key in (("sopgen serve", "preview"), ("plain mkdocs serve, prune", "plain_preview")):
        p = results.get(key)
        if p:
            seen = p.get("edit_visible_s")
            lines.append(
                f"{label}: edit visible in the browser after {seen:.2f} s (median; runs "
                f"{p.get('runs')})"
                if seen
                else f"{label}: {p}"
            )
    ours_seen = (results.get("preview") or {}).get("edit_visible_s")
    plain_seen = (results.get("plain_preview") or {}).get("edit_visible_s")
    if ours_seen and plain_seen:
        lines.append(f"plain mkdocs serve / sopgen serve: {ratio(ours_seen, plain_seen)}")
    found = results.get("search")
    if found and "id_s" in found:
        lines.append(
            f"search on a phone-size Chromium: {found['id']} first result after "
            f"{found['id_s']:.2f} s (it: {found['id_first_is_it']}), "
            f"'{found['word']}' after {found['title_word_s']:.2f} s "
            f"(first result {found['title_word_first_text']!r})"
        )
    elif found:
        lines.append(f"search: {found}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    parser.add_argument(
        "--build-repeat",
        type=int,
        default=None,
        help="runs per build (default: --repeat up to 1,000 procedures, else 1)",
    )
    parser.add_argument("--skip-build", action="store_true", help="validate only")
    parser.add_argument("--skip-plain", action="store_true", help="no plain MkDocs comparison")
    parser.add_argument("--skip-preview", action="store_true", help="no live-preview timing")
    parser.add_argument("--skip-search", action="store_true", help="no search timing in Chromium")
    parser.add_argument(
        "--plain-default-max",
        type=int,
        default=2000,
        help="largest N for plain MkDocs with the default nav (5,000: ~8 min, 7.5 GB)",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    build_repeat = args.build_repeat or (args.repeat if args.n <= 1000 else 1)

    project = prepare(args.n, args.out)
    results: dict[str, Any] = {"n": args.n, "goals": GOALS}
    # Other work on the machine slows every figure: say how busy it was.
    results["load_average"] = {"start": round(os.getloadavg()[0], 1)}
    results["cpu_check_ms"] = {"start": cpu_check_ms()}
    print(f"Benchmarking {args.n} procedures in {project}", file=sys.stderr)
    results["validate"] = bench_validate(project, args.repeat)
    results["example"] = bench_example(args.repeat)
    if not args.skip_build:
        if not site_available():
            print("`sopgen build` is not available: site figures skipped.", file=sys.stderr)
        else:
            results["build"] = bench_build(project, build_repeat)
            if not args.skip_search and "site_mb" in results["build"]:
                results["search"] = bench_search(project / "site", project / "procedures")
            if not args.skip_preview:
                # A published procedure: plain MkDocs has a page for it too.
                edit = next(
                    path
                    for path in sorted((project / "procedures").rglob("*-*.yaml"))
                    if "\nstatus: effective\n" in path.read_text("utf-8")
                )
                page = f"procedures/{edit.parent.name}/{edit.stem}/"
                results["preview"] = bench_preview(
                    project, [*SOPGEN, "serve"], page, edit, max(args.repeat, 3)
                )
            if not args.skip_plain:
                results["plain_prune"] = bench_plain(project, build_repeat, prune=True)
                if not args.skip_preview and args.n <= args.plain_default_max:
                    # `mkdocs serve` on the same pages: it builds the whole site on each save.
                    folder = project / "plain-prune"
                    source = folder / "docs" / f"procedures/{edit.parent.name}/{edit.stem}.md"
                    results["plain_preview"] = bench_preview(
                        folder, [*MKDOCS, "serve"], page, source, 1, plain_summary_edit
                    )
                if args.n <= args.plain_default_max:
                    results["plain_default"] = bench_plain(project, build_repeat, prune=False)
    results["load_average"]["end"] = round(os.getloadavg()[0], 1)
    results["cpu_check_ms"]["end"] = cpu_check_ms()
    text = report(args.n, results)
    print(text)
    (args.out / f"results-{args.n}.json").write_text(json.dumps(results, indent=2, default=str))
    (args.out / f"results-{args.n}.txt").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
