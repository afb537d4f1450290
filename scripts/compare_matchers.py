#!/usr/bin/env python3
"""Compare Quarry's many-rules matching core with a naive PCRE2 loop, Python's regex and Hyperscan.

One rule set, one corpus, one invocation. The systems:

  quarry      `quarry bench RULES CORPUS --format json [--jobs N]` (Quarry's matching core;
              load and compile time excluded from its figure).
  naive-pcre2 the Swift tool in the Benchmarks package: every rule its own JIT-compiled PCRE2
              regex, each run as a find-all over every document (single thread).
  regex       Python's `regex` module (default V0 semantics, IGNORECASE where the rule is
              caseless): `finditer` per rule per document (single thread).
  hyperscan   the `hyperscan` PyPI package: all supported rules in ONE block-mode database
              (HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_SOM_LEFTMOST, CASELESS where caseless),
              each document scanned once (single thread).

    python3 scripts/compare_matchers.py --rules Rules/bench/gazetteer-1000.quarry
    python3 scripts/compare_matchers.py --rules words.quarry --rules-jsonl words.jsonl --repeat 5
    python3 scripts/compare_matchers.py --rules words.quarry --json --no-build --jobs 2

Correctness check: Quarry's raw matches (`quarry bench --matches FILE`: every rule's own
leftmost-first, non-overlapping find-all, before overlap resolution) must equal the naive
loop's EXACTLY. Both TSV files (DOC_INDEX, RULE_ID, START_BYTE, END_BYTE) are sorted and
compared; the first differences are printed and the script exits with status 1 when they
differ. regex and Hyperscan are compared by match count only: their semantics differ (regex
has its own Unicode tables and case folding; Hyperscan reports EVERY match, overlapping ones
and, for a pattern like /\\w+/, every end position, instead of leftmost-first non-overlapping
matches).

Expanded patterns (macros and lists substituted) come from `quarry bench RULES --dump-rules
FILE`, or from --rules-jsonl FILE (JSON Lines {"id", "pattern", "caseless"}) when given; when
quarry is not available, a plain .quarry file whose rules use no macros, lists, includes or
scopes is read by this script. Word-list rules (`@list`) and rules with scope=tokens or
scope=sentence need Quarry's tokens and sentences: the other systems leave them out and the
check ignores their matches.

Hyperscan rejects \b in UCP mode (and \w+ with SOM_LEFTMOST in UCP mode is "too large"): such
rules are compiled again without HS_FLAG_UCP (ASCII \b, \w, \d, \s there) unless
--hs-strict-ucp; rules it cannot compile at all (lookarounds, backreferences, possessive
quantifiers, atomic groups, \K) are counted as "not supported by Hyperscan" and left out.

MB/s counts 10^6 UTF-8 bytes per second; every figure is the median of --repeat passes after
one warm-up pass (for regex the warm-up covers the first 50 documents only; quarry bench times
its own passes, without a warm-up). --quarry-no-prefilter adds `quarry bench --no-prefilter`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _bench_common import BENCH_PACKAGE, DEFAULT_CORPUS, REPO_ROOT, load_texts, log

NAIVE_PRODUCT = "naive-pcre2"
QUARRY_PRODUCT = "quarry"
SYSTEMS = ("quarry", "naive", "regex", "hyperscan")
MAX_DIFF_LINES = 10
# Fields of a row that the table shows or that every system has; quarry bench's other scalar
# fields (for example how many rules have no literal to prefilter on) are printed under the table.
STANDARD_FIELDS = {"system", "label", "rules", "documents", "bytes", "matches", "seconds", "seconds_all",
                   "mb_per_s", "docs_per_s", "compile_seconds", "jobs", "ratio_vs_naive", "rules_file", "timings",
                   "rule_modes"}


# --------------------------------------------------------------------------------------------
# building and finding the Swift tools


def swift_build(package: Path, product: str) -> Path:
    """`swift build -c release --product PRODUCT` in `package`; returns the built binary."""
    swift = shutil.which("swift")
    if swift is None:
        raise RuntimeError("swift is not on PATH")
    command = [swift, "build", "-c", "release", "--package-path", str(package), "--product", product]
    log("building: " + " ".join(command[1:]))
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"swift build of {product} failed:\n" + done.stdout[-3000:])
    bin_path = subprocess.run(
        [swift, "build", "-c", "release", "--package-path", str(package), "--show-bin-path"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, check=True,
    ).stdout.strip()
    tool = Path(bin_path) / product
    if not tool.exists():
        raise RuntimeError(f"built, but {tool} is missing")
    return tool


def find_tool(package: Path, product: str, no_build: bool) -> Path:
    if no_build:
        tool = package / ".build" / "release" / product
        if not tool.exists():
            raise RuntimeError(f"{tool} not found (run without --no-build)")
        return tool
    return swift_build(package, product)


def quarry_bench_flags(quarry: Path) -> set[str] | None:
    """The options `quarry bench` accepts, or None when the subcommand does not exist yet."""
    done = subprocess.run([str(quarry), "bench", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    text = done.stdout
    if done.returncode != 0 or not re.search(r"USAGE:\s*quarry bench\b", text):
        return None
    return set(re.findall(r"--[a-z][a-z0-9-]*", text))


def last_json_object(text: str) -> dict:
    text = text.strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return json.loads(text.splitlines()[-1])


# --------------------------------------------------------------------------------------------
# rules


def read_rules_jsonl(path: Path) -> list[dict]:
    rules = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record, dict) or "id" not in record:
                raise ValueError(f"{path}:{number}: expected a JSON object with an \"id\"")
            record["id"] = str(record["id"])
            rules.append(record)
    return rules


def read_regex(line: str, start: int) -> tuple[str, int]:
    """The regular expression between slashes starting at line[start] == '/'; returns the
    pattern (a `\\/` becomes `/`) and the index after the closing slash."""
    out, i, in_class = [], start + 1, False
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line):
            out.append("/" if line[i + 1] == "/" else line[i:i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            # `[]...]` and `[^]...]`: a leading ] is literal.
            j = i + 1
            if j < len(line) and line[j] == "^":
                j += 1
            if j < len(line) and line[j] == "]":
                out.append(line[i:j + 1])
                i = j + 1
                continue
        elif ch == "/":
            return "".join(out), i + 1
        out.append(ch)
        i += 1
    raise ValueError("unterminated regular expression")


def uses_macro(pattern: str) -> bool:
    """Whether a pattern refers to a macro `{NAME}` or a list `{@NAME}`: a brace outside a
    character class and not after a backslash (`\\p{Lu}`, `\\x{263A}`), that is not a counted
    quantifier (`{2,3}`)."""
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            # An escape; `\\p{..}`, `\\x{..}`, `\\g{..}` and the like take their braces along.
            i += 2
            if i < len(pattern) and pattern[i] == "{" and pattern[i - 1] in "pPxogkN":
                i = pattern.find("}", i) + 1 or len(pattern)
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern.startswith("]", i + 1) or pattern.startswith("^]", i + 1):
                i += 2 if pattern[i + 1] == "]" else 3
                continue
        elif ch == "{" and re.match(r"\{@?[A-Za-z_][\w.\-]*\}", pattern[i:]):
            return True
        i += 1
    return False


def simple_quarry_rules(path: Path) -> list[dict]:
    """A stopgap for when `quarry bench --dump-rules` is not available (quarry skipped or not
    built): the regex rules of a .quarry file that uses no macros, lists, includes or scopes.
    Anything else raises ValueError."""
    rules = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path}:{number}"
        if re.match(r"(include|define|list)\b", line):
            raise ValueError(f"{where}: '{line.split()[0]}' needs Quarry's expansion (use --rules-jsonl)")
        match = re.match(r"rule\s+(\S+)\s+(\S+)\s+", line)
        if not match:
            continue
        rest = match.end()
        if rest >= len(line) or line[rest] != "/":
            raise ValueError(f"{where}: rule '{match.group(1)}' is not a /regex/ rule (use --rules-jsonl)")
        pattern, after = read_regex(line, rest)
        caseless = False
        if after < len(line) and line[after] == "i":
            caseless, after = True, after + 1
        options = line[after:].split("#", 1)[0].split()
        for option in options:
            if option == "caseless":
                caseless = True
            elif option.startswith("scope=") and option != "scope=anywhere":
                raise ValueError(f"{where}: {option} needs Quarry's tokens/sentences (use --rules-jsonl)")
            elif not option.startswith("priority=") and option != "scope=anywhere":
                raise ValueError(f"{where}: unknown rule option '{option}'")
        if uses_macro(pattern):
            raise ValueError(f"{where}: rule '{match.group(1)}' uses a macro or list (use --rules-jsonl)")
        rules.append({"id": match.group(1), "pattern": pattern, "caseless": caseless})
    if not rules:
        raise ValueError(f"{path}: no rules found")
    return rules


# --------------------------------------------------------------------------------------------
# matches files


def quarry_rule_ids(path: Path) -> set[str]:
    with path.open(encoding="utf-8") as handle:
        return {line.split("\t", 2)[1] for line in handle if line.strip()}


def read_matches(path: Path, keep_rules: set[str] | None = None) -> tuple[list[tuple[int, str, int, int]], int]:
    """The TSV lines of a --matches file as sorted tuples, only of the rules in `keep_rules`
    (default: all); also the number of lines left out."""
    rows, dropped = [], 0
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            parts = line.split("\t")
            if len(parts) != 4:
                raise ValueError(f"{path}:{number}: expected DOC_INDEX, RULE_ID, START_BYTE, END_BYTE: {line!r}")
            if keep_rules is not None and parts[1] not in keep_rules:
                dropped += 1
                continue
            rows.append((int(parts[0]), parts[1], int(parts[2]), int(parts[3])))
    rows.sort(key=lambda r: (r[0], r[2], r[3], r[1]))
    return rows, dropped


def compare_matches(quarry_rows: list, naive_rows: list) -> dict:
    """Exact comparison of two sorted match lists (as multisets); the first differences."""
    if quarry_rows == naive_rows:
        return {"equal": True, "quarry": len(quarry_rows), "naive": len(naive_rows)}
    q, n = Counter(quarry_rows), Counter(naive_rows)
    only_q = sorted((q - n).elements(), key=lambda r: (r[0], r[2], r[3], r[1]))
    only_n = sorted((n - q).elements(), key=lambda r: (r[0], r[2], r[3], r[1]))
    return {
        "equal": False, "quarry": len(quarry_rows), "naive": len(naive_rows),
        "only_in_quarry": len(only_q), "only_in_naive": len(only_n),
        "first_only_in_quarry": ["\t".join(map(str, r)) for r in only_q[:MAX_DIFF_LINES]],
        "first_only_in_naive": ["\t".join(map(str, r)) for r in only_n[:MAX_DIFF_LINES]],
    }


def median_row(system: str, label: str, seconds_all: list[float], documents: int, nbytes: int, matches: int,
               rules: int, **extra) -> dict:
    median = statistics.median(seconds_all)
    row = {"system": system, "label": label, "rules": rules, "documents": documents, "bytes": nbytes,
           "matches": matches, "seconds": median, "seconds_all": seconds_all,
           "mb_per_s": nbytes / median / 1e6 if median > 0 else None,
           "docs_per_s": documents / median if median > 0 else None}
    row.update(extra)
    return row


# --------------------------------------------------------------------------------------------
# Python regex


def time_regex(rules: list[dict], texts: list[str], repeats: int) -> dict:
    import regex

    compiled, unsupported = [], []
    start = time.perf_counter()
    for rule in rules:
        if not isinstance(rule.get("pattern"), str) or rule.get("scope", "anywhere") != "anywhere":
            unsupported.append({"id": rule["id"], "reason": "not a plain regex rule"})
            continue
        try:
            compiled.append(regex.compile(rule["pattern"], regex.IGNORECASE if rule.get("caseless") else 0))
        except regex.error as error:
            unsupported.append({"id": rule["id"], "reason": f"regex: {error}"})
    compile_seconds = time.perf_counter() - start

    def one_pass(docs: list[str]) -> tuple[float, int]:
        count = 0
        begin = time.perf_counter()
        for text in docs:
            for pattern in compiled:
                for _ in pattern.finditer(text):
                    count += 1
        return time.perf_counter() - begin, count

    one_pass(texts[:50])
    samples, matches = [], 0
    for _ in range(repeats):
        seconds, matches = one_pass(texts)
        samples.append(seconds)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    return median_row("regex", f"Python regex {regex.__version__} finditer, one pattern per rule", samples,
                      len(texts), nbytes, matches, len(compiled), compile_seconds=compile_seconds,
                      unsupported=unsupported)


# --------------------------------------------------------------------------------------------
# Hyperscan


def time_hyperscan(rules: list[dict], texts: list[str], repeats: int, strict_ucp: bool) -> dict:
    import hyperscan as hs

    base = hs.HS_FLAG_UTF8 | hs.HS_FLAG_SOM_LEFTMOST
    expressions, flags, ids = [], [], []
    unsupported, ascii_rules = [], []
    start = time.perf_counter()
    for index, rule in enumerate(rules):
        pattern = rule.get("pattern")
        if not isinstance(pattern, str) or rule.get("scope", "anywhere") != "anywhere":
            unsupported.append({"id": rule["id"], "reason": "not a plain regex rule"})
            continue
        expression = pattern.encode("utf-8")
        caseless = hs.HS_FLAG_CASELESS if rule.get("caseless") else 0
        # Which rules Hyperscan accepts: compile each one alone (a failing multi-pattern compile
        # does not say which pattern failed). Hyperscan rejects \b in UCP mode, so by default such
        # a rule is retried without HS_FLAG_UCP: \b, \w, \d and \s are then ASCII-only.
        chosen, reason, ucp_reason = None, None, None
        # An `ascii` rule is ASCII in Quarry too: compile it without UCP, like for like.
        ucp_first = [] if rule.get("ascii") else [base | hs.HS_FLAG_UCP | caseless]
        for flag in (ucp_first + ([] if strict_ucp and not rule.get("ascii") else [base | caseless])):
            try:
                hs.Database().compile(expressions=[expression], ids=[0], elements=1, flags=[flag])
                chosen = flag
                break
            except hs.error as error:
                ucp_reason = ucp_reason or str(error)
                reason = str(error)  # the last attempt's error: what keeps the rule out
        if chosen is None:
            unsupported.append({"id": rule["id"], "reason": reason})
            continue
        if not chosen & hs.HS_FLAG_UCP:
            ascii_rules.append({"id": rule["id"], "reason": ucp_reason})
        expressions.append(expression)
        flags.append(chosen)
        ids.append(index)
    if not expressions:
        reasons = Counter(u["reason"] for u in unsupported)
        raise RuntimeError(f"Hyperscan supports none of the {len(rules)} rules: "
                           + "; ".join(f"{n} x {r}" for r, n in reasons.most_common(3)))
    database = hs.Database(mode=hs.HS_MODE_BLOCK)
    database.compile(expressions=expressions, ids=ids, elements=len(expressions), flags=flags)
    compile_seconds = time.perf_counter() - start

    documents = [t.encode("utf-8") for t in texts]
    counter = [0]

    def on_match(rule_id, start, end, flags, context):  # noqa: ARG001 - Hyperscan's signature
        counter[0] += 1

    def one_pass() -> float:
        counter[0] = 0
        begin = time.perf_counter()
        for document in documents:
            database.scan(document, match_event_handler=on_match)
        return time.perf_counter() - begin

    one_pass()
    samples = [one_pass() for _ in range(repeats)]
    return median_row("hyperscan", f"Hyperscan (python hyperscan {hs.__version__}), one database, block mode",
                      samples, len(documents), sum(map(len, documents)), counter[0], len(expressions),
                      compile_seconds=compile_seconds, unsupported=unsupported, ascii_fallback=ascii_rules,
                      rule_ids=[rules[i]["id"] for i in ids])


# --------------------------------------------------------------------------------------------
# report


def print_table(report: dict) -> None:
    corpus = report["corpus"]
    print(f"Rules:  {report['rules_file']} ({report['rules_count']} rules; expanded patterns from "
          f"{report['rules_source']})")
    print(f"Corpus: {corpus['path']}" + (" (first documents only: --documents)" if corpus.get("subset") else ""))
    print(f"        {corpus['documents']} documents, {corpus['bytes']:,} UTF-8 bytes")
    print(f"Timing: median of {report['repeats']} passes (after a warm-up pass, except quarry bench, which has "
          f"none); MB = 10^6 bytes; host {report['host']}")
    print()
    header = ("system", "rules", "MB/s", "docs/s", "matches", "vs naive", "compile s")
    widths = (22, 6, 9, 10, 11, 9, 9)
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
    print("  ".join("-" * w for w in widths))
    for row in report["systems"]:
        ratio = row.get("ratio_vs_naive")
        name = row["system"] + (f" (jobs {row['jobs']})" if row.get("jobs", 1) != 1 else "")
        if row.get("subset"):
            name += " *"
        compile_s = row.get("compile_seconds")
        cells = (
            name,
            str(row.get("rules", "-")),
            f"{row['mb_per_s']:.1f}" if row.get("mb_per_s") else "-",
            f"{row['docs_per_s']:,.0f}" if row.get("docs_per_s") else "-",
            f"{row['matches']:,}" if row.get("matches") is not None else "-",
            f"{ratio:.2f}x" if ratio else "-",
            f"{compile_s:.3f}" if isinstance(compile_s, (int, float)) else "-",
        )
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))))
    print()
    for row in report["systems"]:
        if row.get("subset"):
            print(f"* {row['system']}: timed on the first {row['documents']} documents only "
                  f"(--regex-documents); its ratio uses naive's rate on the whole corpus.")
        if row.get("naive_matches_same_scope") is not None:
            print(f"{row['system']}: {row['matches']:,} matches vs naive-pcre2's "
                  f"{row['naive_matches_same_scope']:,} on the same rules and documents")
        if row["system"].startswith("quarry"):
            extra = {k: v for k, v in row.items() if k not in STANDARD_FIELDS and isinstance(v, (int, float, str, bool))}
            if isinstance(row.get("rule_modes"), dict):
                extra["rule modes"] = ", ".join(f"{n} {m}" for m, n in sorted(row["rule_modes"].items()))
            if extra:
                print(f"{row['system']}: " + "; ".join(f"{k} {v}" for k, v in extra.items()))
    if any(row.get("jobs", 1) != 1 for row in report["systems"]):
        print(f"quarry ran with {report['jobs']} threads; every other system runs on one")
    check = report["check"]
    print()
    if check.get("status") == "equal":
        print(f"check: quarry raw matches == naive-pcre2 matches EXACTLY ({check['naive']:,} matches"
              + (f"; {check['excluded_rules']} rule(s) the naive loop cannot run were left out, e.g. "
                 + ", ".join(check["excluded_rule_ids"][:3]) if check.get("excluded_rules") else "")
              + ")")
    elif check.get("status") == "different":
        print(f"check: FAILED: quarry has {check['quarry']:,} raw matches, naive-pcre2 {check['naive']:,}; "
              f"{check['only_in_quarry']:,} only in quarry, {check['only_in_naive']:,} only in naive")
        for label, key in (("only in quarry", "first_only_in_quarry"), ("only in naive", "first_only_in_naive")):
            for line in check.get(key, []):
                print(f"  {label}: {line.replace(chr(9), '  ')}")
    else:
        print(f"check: not run ({check.get('reason')})")
    for note in report["notes"]:
        print("note: " + note)


# --------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", type=Path, required=True, help="the rule set (.quarry)")
    parser.add_argument("--rules-jsonl", type=Path, default=None,
                        help="expanded rules as JSON Lines {id, pattern, caseless[, scope]} (default: from "
                             "`quarry bench RULES --dump-rules`)")
    parser.add_argument("--corpus", type=Path, default=None,
                        help=f"JSONL with a 'text' field per line (default: $QUARRY_CORPUS or {DEFAULT_CORPUS})")
    parser.add_argument("--documents", type=int, default=None,
                        help="use only the first N documents of the corpus, for every system")
    parser.add_argument("--jobs", type=int, default=1, help="threads for quarry bench (default 1); the others use one")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per system (default 3); median reported")
    parser.add_argument("--regex-documents", type=int, default=None,
                        help="time Python regex on the first N documents only (it is slow with many rules)")
    parser.add_argument("--skip", default="", help=f"comma-separated systems to leave out: {','.join(SYSTEMS)}")
    parser.add_argument("--quarry-no-prefilter", action="store_true",
                        help="also time `quarry bench --no-prefilter` (Quarry's core, every rule on every document)")
    parser.add_argument("--hs-strict-ucp", action="store_true",
                        help="do not retry rules Hyperscan rejects in UCP mode (\\b) without HS_FLAG_UCP")
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="keep the dumped rules and the matches TSV files here (default: a temporary directory)")
    parser.add_argument("--quarry", type=Path, default=None,
                        help="use this quarry binary (not built; default: build and use .build/release/quarry)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("--no-build", action="store_true",
                        help="do not run swift build; use .build/release/quarry and Benchmarks/.build/release/naive-pcre2")
    args = parser.parse_args()

    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if skip - set(SYSTEMS):
        parser.error(f"--skip: unknown system(s) {', '.join(sorted(skip - set(SYSTEMS)))}")
    if args.repeat < 1 or args.jobs < 1:
        parser.error("--repeat and --jobs must be at least 1")
    rules_file = args.rules.resolve()
    if not rules_file.is_file():
        parser.error(f"rules file not found: {rules_file}")

    corpus = args.corpus or (Path(os.environ["QUARRY_CORPUS"]) if os.environ.get("QUARRY_CORPUS") else DEFAULT_CORPUS)
    corpus = corpus.resolve()
    if not corpus.is_file():
        print(f"skipped: corpus not found at {corpus} (pass --corpus PATH or set QUARRY_CORPUS)")
        return 0

    temporary = None
    if args.work_dir:
        work = args.work_dir.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        temporary = tempfile.TemporaryDirectory(prefix="compare_matchers.")
        work = Path(temporary.name)
    try:
        return run(args, skip, rules_file, corpus, work)
    finally:
        if temporary is not None:
            temporary.cleanup()


def run(args, skip: set[str], rules_file: Path, corpus: Path, work: Path) -> int:
    notes: list[str] = []
    rows: list[dict] = []

    # --- corpus (a subset is written out so that every system reads the same file) -----------
    texts = load_texts(corpus)
    if args.documents is not None and args.documents < len(texts):
        texts = texts[:args.documents]
        corpus_used = work / "corpus.jsonl"
        with corpus_used.open("w", encoding="utf-8") as out:
            for text in texts:
                out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    else:
        corpus_used = corpus
    nbytes = sum(len(t.encode("utf-8")) for t in texts)

    # --- Swift tools ------------------------------------------------------------------------
    quarry = naive_tool = None
    if "quarry" not in skip:
        try:
            if args.quarry:
                quarry = args.quarry.resolve()
                if not quarry.is_file():
                    raise RuntimeError(f"{quarry} not found")
            else:
                quarry = find_tool(REPO_ROOT, QUARRY_PRODUCT, args.no_build)
        except (RuntimeError, subprocess.CalledProcessError) as error:
            notes.append(f"quarry not measured: {error}")
    if "naive" not in skip:
        try:
            naive_tool = find_tool(BENCH_PACKAGE, NAIVE_PRODUCT, args.no_build)
        except (RuntimeError, subprocess.CalledProcessError) as error:
            notes.append(f"naive-pcre2 not measured: {error}")
    bench_flags = quarry_bench_flags(quarry) if quarry else None
    if quarry and bench_flags is None:
        message = f"{quarry} has no `bench` subcommand: quarry skipped (and the exact-match check)"
        log(message)
        notes.append(message)

    # --- expanded rules -----------------------------------------------------------------------
    # With --skip quarry, an already-built quarry still expands the rules (it is not timed).
    dumper, dump_flags = quarry, bench_flags
    if dumper is None and args.rules_jsonl is None:
        built = args.quarry.resolve() if args.quarry else REPO_ROOT / ".build" / "release" / QUARRY_PRODUCT
        if built.is_file():
            dumper, dump_flags = built, quarry_bench_flags(built)
    rules_jsonl, rules_source = None, None
    if args.rules_jsonl:
        rules_jsonl, rules_source = args.rules_jsonl.resolve(), f"--rules-jsonl {args.rules_jsonl}"
    elif dump_flags is not None and "--dump-rules" in dump_flags:
        dumped = work / "rules.jsonl"
        done = subprocess.run([str(dumper), "bench", str(rules_file), "--dump-rules", str(dumped)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode == 0 and dumped.is_file():
            rules_jsonl, rules_source = dumped, "quarry bench --dump-rules"
        else:
            notes.append(f"quarry bench --dump-rules failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    if rules_jsonl is None:
        try:
            simple = simple_quarry_rules(rules_file)
        except ValueError as error:
            print(f"error: no expanded rules: {error}. Pass --rules-jsonl FILE (JSON Lines "
                  f"{{\"id\", \"pattern\", \"caseless\"}}) when `quarry bench --dump-rules` is not available.",
                  file=sys.stderr)
            return 2
        rules_jsonl = work / "rules.jsonl"
        with rules_jsonl.open("w", encoding="utf-8") as out:
            for rule in simple:
                out.write(json.dumps(rule, ensure_ascii=False) + "\n")
        rules_source = "this script's reader for plain .quarry files (no macros/lists)"
        notes.append("expanded patterns were read from the .quarry file by this script (no `quarry bench "
                     "--dump-rules` available); fine for plain regex rules only")
    rules = read_rules_jsonl(rules_jsonl)

    # --- quarry -------------------------------------------------------------------------------
    quarry_matches = None

    def quarry_bench(extra: list[str], repeat: int) -> dict | None:
        command = [str(quarry), "bench", str(rules_file), str(corpus_used), "--format", "json",
                   "--jobs", str(args.jobs)] + extra
        if "--repeat" in bench_flags:
            command += ["--repeat", str(repeat)]
        log(f"running quarry {' '.join(command[1:])}")
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            notes.append(f"quarry bench {' '.join(extra)} exited with {done.returncode}: {done.stderr.strip()[-1000:]}")
            return None
        return last_json_object(done.stdout)

    def quarry_row(result: dict, system: str, label: str) -> dict:
        row = dict(result)
        per_rule = row.pop("per_rule", None)
        row.pop("timings", None)
        row.update(system=system, label=label, jobs=args.jobs)
        if isinstance(per_rule, list):
            row["rule_modes"] = dict(Counter(str(r.get("mode")) for r in per_rule))
        seconds = result.get("seconds")
        if isinstance(seconds, (int, float)) and seconds > 0:
            row["mb_per_s"] = result.get("bytes", nbytes) / seconds / 1e6
            row["docs_per_s"] = result.get("documents", len(texts)) / seconds
        if result.get("bytes") not in (None, nbytes) or result.get("documents") not in (None, len(texts)):
            notes.append(f"{system} counted {result.get('documents')} documents / {result.get('bytes')} bytes, "
                         f"this script {len(texts)} / {nbytes}")
        return row

    if quarry and bench_flags is not None:
        result = quarry_bench([], args.repeat)
        if result is not None:
            rows.append(quarry_row(result, "quarry", "Quarry matching core (quarry bench)"))
            # The exact-match check: a second run that writes every raw match (so writing them
            # never counts in the timed figure).
            quarry_matches = work / "quarry-matches.tsv"
            log("quarry: writing raw matches for the check...")
            checked = quarry_bench(["--matches", str(quarry_matches)], 1)
            if checked is None or not quarry_matches.is_file():
                quarry_matches = None
            elif rows[-1].get("matches") is None:
                rows[-1]["matches"] = checked.get("matches")
        if args.quarry_no_prefilter:
            if "--no-prefilter" not in bench_flags:
                notes.append("quarry bench has no --no-prefilter option: that row is left out")
            else:
                result = quarry_bench(["--no-prefilter"], args.repeat)
                if result is not None:
                    rows.append(quarry_row(result, "quarry --no-prefilter",
                                           "Quarry's core without the literal prefilter (every rule on every document)"))

    # --- naive --------------------------------------------------------------------------------
    naive_row, naive_matches = None, None
    if naive_tool:
        naive_matches = work / "naive-matches.tsv"
        command = [str(naive_tool), str(rules_jsonl), "--corpus", str(corpus_used), "--repeat", str(args.repeat),
                   "--warmup", "1", "--matches", str(naive_matches)]
        log(f"timing naive-pcre2 ({len(rules)} rules, {args.repeat} passes)...")
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
        if done.returncode != 0:
            notes.append(f"naive-pcre2 exited with {done.returncode}")
            naive_matches = None
        else:
            naive_row = last_json_object(done.stdout)
            naive_row.update(system="naive-pcre2", label="one JIT-compiled PCRE2 regex per rule, find-all each")
            if naive_row.get("bytes") != nbytes or naive_row.get("documents") != len(texts):
                notes.append(f"naive-pcre2 counted {naive_row.get('documents')} documents / {naive_row.get('bytes')} "
                             f"bytes, this script {len(texts)} / {nbytes}")
            if naive_row.get("skipped"):
                notes.append(f"naive-pcre2 skipped {len(naive_row['skipped'])} rule(s), e.g. "
                             f"{naive_row['skipped'][0]['id']}: {naive_row['skipped'][0]['reason']}")
            if naive_row.get("limit_errors"):
                notes.append(f"naive-pcre2: {naive_row['limit_errors']} search(es) stopped at a PCRE2 limit "
                             "(that rule's matches in that document dropped, as Quarry does)")
            rows.append(naive_row)

    # Per-rule, per-document match counts of the naive loop, to compare the peers on the same scope.
    naive_by_rule_doc: Counter | None = None
    if naive_matches is not None:
        naive_by_rule_doc = Counter()
        with naive_matches.open(encoding="utf-8") as handle:
            for line in handle:
                doc, rule_id, _ = line.split("\t", 2)
                naive_by_rule_doc[(rule_id, int(doc))] += 1

    def naive_count(rule_ids: set[str] | None, documents: int) -> int | None:
        if naive_by_rule_doc is None:
            return None
        return sum(c for (r, d), c in naive_by_rule_doc.items()
                   if d < documents and (rule_ids is None or r in rule_ids))

    # --- regex --------------------------------------------------------------------------------
    if "regex" not in skip:
        try:
            import regex  # noqa: F401
        except ImportError:
            notes.append("regex is not installed (skipped): pip install regex")
        else:
            subset = texts
            if args.regex_documents is not None and args.regex_documents < len(texts):
                subset = texts[:args.regex_documents]
            log(f"timing Python regex ({len(rules)} rules, {len(subset)} documents, {args.repeat} passes)...")
            row = time_regex(rules, subset, args.repeat)
            row["subset"] = len(subset) < len(texts)
            supported = {r["id"] for r in rules} - {u["id"] for u in row["unsupported"]}
            row["naive_matches_same_scope"] = naive_count(supported, len(subset))
            if row["unsupported"]:
                notes.append(f"regex: {len(row['unsupported'])} rule(s) left out, e.g. "
                             f"{row['unsupported'][0]['id']}: {row['unsupported'][0]['reason']}")
            rows.append(row)

    # --- hyperscan ----------------------------------------------------------------------------
    if "hyperscan" not in skip:
        try:
            import hyperscan  # noqa: F401
        except ImportError:
            notes.append("hyperscan is not installed (skipped): pip install hyperscan")
        else:
            log(f"timing Hyperscan ({len(rules)} rules, {args.repeat} passes)...")
            try:
                row = time_hyperscan(rules, texts, args.repeat, args.hs_strict_ucp)
            except Exception as error:  # noqa: BLE001 - Hyperscan compile errors, reported
                notes.append(f"hyperscan not measured: {error}")
            else:
                row["naive_matches_same_scope"] = naive_count(set(row.pop("rule_ids")), len(texts))
                if row["unsupported"]:
                    reasons = Counter(u["reason"] for u in row["unsupported"])
                    notes.append(f"hyperscan: {len(row['unsupported'])} rule(s) not supported by Hyperscan (left out): "
                                 + "; ".join(f"{n} x {r}" for r, n in reasons.most_common(3)))
                if row["ascii_fallback"]:
                    notes.append(f"hyperscan: {len(row['ascii_fallback'])} rule(s) rejected in UCP mode "
                                 f"('{row['ascii_fallback'][0]['reason']}') were compiled WITHOUT HS_FLAG_UCP: "
                                 "their \\b, \\w, \\d, \\s are ASCII-only there (--hs-strict-ucp leaves them out)")
                rows.append(row)
            notes.append("hyperscan reports EVERY match (overlapping ones, and every end position of a "
                         "variable-length match), not leftmost-first non-overlapping ones: its count is not "
                         "comparable match for match")

    # --- ratios and the check -----------------------------------------------------------------
    naive_rate = naive_row.get("mb_per_s") if naive_row else None
    quarry_rules = next((r.get("rules") for r in rows if r["system"] == "quarry"), None)
    if naive_row and quarry_rules is not None and quarry_rules != naive_row.get("rules"):
        notes.append(f"quarry timed {quarry_rules} rules, naive-pcre2 {naive_row.get('rules')} (word-list and scoped "
                     "rules run in Quarry only): the ratio is not like for like")
    for row in rows:
        rate = row.get("mb_per_s")
        row["ratio_vs_naive"] = rate / naive_rate if rate and naive_rate else None

    check: dict
    if quarry_matches is None or naive_matches is None:
        missing = [name for name, path in (("quarry", quarry_matches), ("naive-pcre2", naive_matches)) if path is None]
        check = {"status": "not run", "reason": f"no matches from {' and '.join(missing)}"}
    else:
        # Only rules the naive loop ran are compared: word-list rules (`@list`) are not in the
        # dumped regex rules at all, and scoped rules or rules it could not compile are skipped.
        skipped = {s["id"] for s in (naive_row or {}).get("skipped", [])}
        ran = {r["id"] for r in rules} - skipped
        quarry_rows, dropped = read_matches(quarry_matches, keep_rules=ran)
        excluded = skipped | (quarry_rule_ids(quarry_matches) - ran)
        naive_rows, _ = read_matches(naive_matches)
        check = compare_matches(quarry_rows, naive_rows)
        check["status"] = "equal" if check["equal"] else "different"
        check["excluded_rules"] = len(excluded)
        check["excluded_rule_ids"] = sorted(excluded)[:MAX_DIFF_LINES]
        check["excluded_quarry_matches"] = dropped

    report = {
        "rules_file": str(rules_file),
        "rules_source": rules_source,
        "rules_count": len(rules),
        "corpus": {"path": str(corpus), "documents": len(texts), "bytes": nbytes, "subset": corpus_used != corpus},
        "repeats": args.repeat,
        "jobs": args.jobs,
        "host": f"{platform.node()} {platform.machine()} {os.cpu_count()} cpus",
        "python": platform.python_version(),
        "systems": rows,
        "check": check,
        "notes": notes,
    }
    if args.work_dir:
        notes.append(f"rules and matches files kept in {work}")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)
    return 1 if check.get("status") == "different" else 0


if __name__ == "__main__":
    sys.exit(main())
