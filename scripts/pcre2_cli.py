#!/usr/bin/env python3
"""PCRE2's own test patterns through Quarry's command line: `quarry check`, then `quarry bench`
on their subject lines, with the prefilter and without it.

The conformance suite (Tests/QuarryConformanceTests, `swift test`) turns every pattern of
PCRE2's testinput1, 2, 4 and 5 (../shared/data/pcre2) that a rule can express into rules and
every subject line into a document, and compares Quarry with PCRE2 in process. This script runs
the same rule files through the CLI, as a user would, and counts what must never happen:

  - a crash (a signal) or a hang (a time limit) of `check` or `bench`;
  - an exit status other than `check`'s 0/1 and `bench`'s 0/1;
  - an error `check` prints without file:line:col and a caret under the line;
  - `check` refusing a rule the suite accepted (NAME-accepted.quarry must pass);
  - `bench` finding other matches with the prefilter than without it (--matches), over every
    rule of a file and every subject of that file (not only the pattern's own).

The files come from `QUARRY_PCRE2_OUT=DIR swift test --filter PCRE2Conformance`, which this
script runs when DIR has none. Usage:

  scripts/pcre2_cli.py [--quarry .build/release/quarry] [--dir /tmp/quarry-pcre2] [--timeout 600]

Exit status 0 when nothing above happened, 1 otherwise, 2 when the inputs are missing.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["testinput1", "testinput2", "testinput4", "testinput5"]
LOCATED = re.compile(r"^(?P<file>[^:\n]+\.quarry):(?P<line>\d+):(?P<col>\d+): error: ")


def run(command, timeout):
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, b"", b"", time.monotonic() - started
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quarry", default=str(ROOT / ".build/release/quarry"), help="the quarry binary (default: the release build)")
    parser.add_argument("--dir", default="/tmp/quarry-pcre2", help="where the generated rule files and documents are (default: /tmp/quarry-pcre2)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds each command may take before it counts as a hang (default: 600)")
    parser.add_argument("--max-bytes", type=int, default=16384,
                        help="bench only subjects up to this many bytes (default: 16384; 0: all). testinput2 has one "
                             "of 70 KB on which its patterns, run as scoped rules, are quadratic (docs/reliability.md)")
    args = parser.parse_args()
    quarry = Path(args.quarry)
    if not quarry.exists():
        print(f"pcre2_cli.py: {quarry} does not exist; build it first (swift build -c release)", file=sys.stderr)
        return 2
    folder = Path(args.dir)
    if not all((folder / f"{name}.jsonl").exists() for name in NAMES):
        print(f"pcre2_cli.py: generating the rule files in {folder} (swift test --filter PCRE2Conformance)...", file=sys.stderr)
        env = dict(os.environ, QUARRY_PCRE2_OUT=str(folder))
        subprocess.run(["swift", "test", "--filter", "PCRE2Conformance"], cwd=ROOT, env=env, capture_output=True)
        if not all((folder / f"{name}.jsonl").exists() for name in NAMES):
            print("pcre2_cli.py: the suite wrote no files: is ../shared/data/pcre2 there?", file=sys.stderr)
            return 2

    problems = []
    for name in NAMES:
        every, accepted, documents = folder / f"{name}.quarry", folder / f"{name}-accepted.quarry", folder / f"{name}.jsonl"
        rules = sum(1 for line in every.read_text().splitlines() if line.startswith("rule "))
        kept = sum(1 for line in accepted.read_text().splitlines() if line.startswith("rule "))
        lines = [line for line in documents.read_text().split("\n") if line]
        if args.max_bytes:
            small = [line for line in lines if len(json.loads(line)["text"].encode()) <= args.max_bytes]
            if len(small) < len(lines):
                print(f"{name}: {len(lines) - len(small)} subject(s) over {args.max_bytes} bytes left out of the bench runs")
                documents = folder / f"{name}-bench.jsonl"
                documents.write_text("".join(line + "\n" for line in small))
            lines = small
        subjects = len(lines)

        status, out, err, seconds = run([str(quarry), "check", str(every)], args.timeout)
        text = err.decode("utf-8", "replace")
        lines = text.splitlines()
        errors = [k for k, line in enumerate(lines) if ": error: " in line]
        unlocated = [lines[k] for k in errors if not LOCATED.match(lines[k])]
        no_caret = [lines[k] for k in errors if LOCATED.match(lines[k]) and not (k + 2 < len(lines) and lines[k + 2].strip() == "^")]
        print(f"{name}: check: {rules} rules, {len(errors)} refused, exit {status}, {seconds:.1f} s")
        if status not in (0, 1):
            problems.append(f"{name}: check exited with {status} (a signal or a hang)")
        problems += [f"{name}: check error without file:line:col: {line}" for line in unlocated[:5]]
        problems += [f"{name}: check error without a caret: {line}" for line in no_caret[:5]]

        status, out, err, seconds = run([str(quarry), "check", str(accepted)], args.timeout)
        print(f"{name}: check of the {kept} rules the suite accepted: exit {status}, {seconds:.1f} s")
        if status != 0:
            problems.append(f"{name}: check refused rules the suite accepted (exit {status}): {err.decode('utf-8', 'replace')[:400]}")
            continue

        # Every rule over every subject of the file: some of PCRE2's patterns are written to
        # backtrack for ever, and each of their searches runs to the match limit; a lower limit
        # (100,000 steps) keeps the run to minutes. Rules that hit it are left out below.
        benched = folder / f"{name}-bench.quarry"
        benched.write_text(accepted.read_text() + "\npatterns pcre2 overlap=all limit=100000\n")
        results = {}
        limited = set()
        for mode in ("prefilter", "no-prefilter"):
            matches = folder / f"{name}.{mode}.tsv"
            command = [str(quarry), "bench", str(benched), str(documents), "--set", "pcre2", "--repeat", "1", "--jobs", "1",
                       "-f", "json", "--matches", str(matches)]
            if mode == "no-prefilter":
                command.append("--no-prefilter")
            status, out, err, seconds = run(command, args.timeout)
            try:
                report = json.loads(out)
                stopped = {row["id"] for row in report["per_rule"] if row.get("limit_hits", 0) > 0}
            except (ValueError, KeyError):
                report, stopped = None, set()
            limited |= stopped
            print(f"{name}: bench ({mode}) over {subjects} documents: exit {status}, {seconds:.1f} s, {len(stopped)} rules stopped at a PCRE2 limit somewhere")
            if status not in (0, 1):
                problems.append(f"{name}: bench ({mode}) exited with {status} (a signal or a hang): {err.decode('utf-8', 'replace')[-400:]}")
                break
            results[mode] = matches.read_text().splitlines() if matches.exists() else []
        if len(results) == 2:
            # Where a limit stops a search depends on where it started: rules that hit one are
            # left out of the comparison (their matches in that document are dropped by design).
            def kept(lines):
                return {line for line in lines if line.split("\t")[1] not in limited}
            fast, slow = kept(results["prefilter"]), kept(results["no-prefilter"])
            print(f"{name}: matches with the prefilter {len(fast)}, without {len(slow)}, different {len(fast ^ slow)} ({len(limited)} rules that hit a limit left out)")
            if fast != slow:
                shown = sorted(fast ^ slow)[:5]
                problems.append(f"{name}: bench found other matches with the prefilter than without it, e.g. {shown}")

    print()
    if problems:
        print(f"{len(problems)} problem(s):")
        for problem in problems:
            print("  " + problem)
        return 1
    print("no crash, hang, unlocated error, check/suite disagreement or prefilter difference")
    return 0


if __name__ == "__main__":
    sys.exit(main())
