"""Helpers shared by the comparison scripts (compare_tokenizers.py, compare_sentences.py).

Corpus loading, memory readings from /proc, child processes measured with wait4, and the
Swift timing tool `quarry-throughput` (built from the Benchmarks package in release mode).
"""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = (REPO_ROOT / ".." / "shared" / "data").resolve()
DEFAULT_CORPUS = SHARED_DATA / "corpus" / "wikinews.jsonl"
BENCH_PACKAGE = REPO_ROOT / "Benchmarks"
TOOL_PRODUCT = "quarry-throughput"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def resolve_corpus(path: Path | None) -> Path:
    """The corpus to use: the argument, else $QUARRY_CORPUS, else the shared Wikinews file."""
    if path is None:
        env = os.environ.get("QUARRY_CORPUS")
        path = Path(env) if env else DEFAULT_CORPUS
    return path.resolve()


def load_texts(path: Path) -> list[str]:
    """Every line's "text" field, in file order; blank lines and lines without one are skipped."""
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            text = record.get("text") if isinstance(record, dict) else None
            if isinstance(text, str):
                texts.append(text)
    return texts


def proc_status_kb(field: str) -> int | None:
    """A kB field of /proc/self/status (VmRSS, VmHWM), or None off Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0), so that a later VmHWM is a phase's peak."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def run_measured(command: list[str]) -> tuple[dict, int]:
    """Run a child that prints one JSON object; return it and the child's peak RSS in kB."""
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(command, stdout=out)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {child.returncode}")
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    peak_kb = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return json.loads(text.strip().splitlines()[-1]), peak_kb


def build_tool() -> Path:
    """Build quarry-throughput in release mode and return its path."""
    swift = shutil.which("swift")
    if swift is None:
        raise RuntimeError("swift is not on PATH")
    build = [swift, "build", "-c", "release", "--package-path", str(BENCH_PACKAGE), "--product", TOOL_PRODUCT]
    log("building: " + " ".join(build[1:]))
    done = subprocess.run(build, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise RuntimeError("swift build failed:\n" + done.stdout[-4000:])
    bin_path = subprocess.run(
        [swift, "build", "-c", "release", "--package-path", str(BENCH_PACKAGE), "--show-bin-path"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, check=True,
    ).stdout.strip()
    tool = Path(bin_path) / TOOL_PRODUCT
    if not tool.exists():
        raise RuntimeError(f"built, but {tool} is missing")
    return tool


def find_or_build_tool(no_build: bool) -> Path:
    """The release quarry-throughput: built now, or (with no_build) the one already built."""
    if no_build:
        tool = BENCH_PACKAGE / ".build" / "release" / TOOL_PRODUCT
        if not tool.exists():
            raise RuntimeError(f"{tool} not found (run without --no-build)")
        return tool
    return build_tool()


def run_tool(tool: Path, mode: str, corpus: Path, repeats: int, warmup: int = 1, extra: list[str] | None = None) -> dict:
    """Run one quarry-throughput mode and return its JSON report."""
    command = [str(tool), mode, "--repeat", str(repeats), "--warmup", str(warmup), "--corpus", str(corpus)]
    command += extra or []
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def onedoc_summary(child: dict, peak_kb: int, count_key: str = "tokens") -> dict:
    """The memory figures of a one-document run: peak RSS of the child and the growth while working."""
    summary = {
        "chars": child.get("chars"),
        count_key: child.get(count_key),
        "seconds": child.get("seconds"),
        "peak_rss_kb": peak_kb,
        "rss_before_tokenize_kb": child.get("rss_before_tokenize_kb"),
        "peak_rss_tokenize_kb": child.get("peak_rss_tokenize_kb"),
    }
    before, during = summary["rss_before_tokenize_kb"], summary["peak_rss_tokenize_kb"]
    summary["growth_kb"] = during - before if before is not None and during is not None else None
    return summary


def measure_onedoc(name: str, label: str, run, count, text: str, count_key: str) -> None:
    """In a child process: run `run(text)` once on the whole corpus as one document, and print
    a JSON report with its time, its count (`count_key`) and the resident memory before and at
    the peak while running."""
    import time

    rss_before = proc_status_kb("VmRSS")
    reset = reset_peak_rss()
    start = time.perf_counter()
    result = run(text)
    seconds = time.perf_counter() - start
    peak = proc_status_kb("VmHWM")
    report = {"system": name, "label": label, "mode": "onedoc", "chars": len(text),
              count_key: count(result), "seconds": seconds}
    if rss_before is not None:
        report["rss_before_tokenize_kb"] = rss_before
    if peak is not None and reset:
        report["peak_rss_tokenize_kb"] = peak
    print(json.dumps(report))


def mb(kb: int | None) -> str:
    return "-" if kb is None else f"{kb / 1024:.0f}"


def read_lists(path: Path) -> list[tuple[str, bool, list[str]]]:
    """(name, ignorecase, entries) of every `list` in a .quarry file, in file order."""
    lists: list[tuple[str, bool, list[str]]] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        header = re.match(r"list (\w+)( ignorecase)?(?: = (.*))?$", line)
        if header:
            entries = [e.strip() for e in header.group(3).split(",")] if header.group(3) else []
            lists.append((header.group(1), bool(header.group(2)), entries))
            current = None if header.group(3) else entries
            continue
        if current is not None:
            stripped = line.strip()
            if line[:1] in (" ", "\t") and stripped and not stripped.startswith("#"):
                current.append(re.sub(r"\s+#.*$", "", stripped))
            elif line[:1] not in (" ", "\t") and stripped:
                current = None
    return lists
