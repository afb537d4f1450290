#!/usr/bin/env python3
"""Black-box mutation runs against the `quarry` command line.

The libFuzzer targets in Fuzz/ call the libraries; this script drives the program a user
runs, the way a user's bad day would: rule files with bytes flipped, lines dropped or
spliced from other rule files; documents with invalid UTF-8, NUL bytes, byte-order marks,
broken JSON Lines records, given as files and on standard input (where the format is
sniffed); and option values that are wrong or odd. Each case runs the CLI in a fresh
process with a time limit and checks what the user would check:

  - the process exits (no signal, no hang past --timeout seconds);
  - the exit status is a documented one (0, 1 or 64), and a non-zero status comes with a
    message on standard error (and never a Swift runtime trap);
  - a rule-file error is reported as FILE:LINE:COL: error: ..., then the line and a caret;
  - JSON Lines output parses, one object per line;
  - nothing is dropped silently: every non-blank input line of a JSON Lines file is either
    an output record or named (FILE:LINE) in an error; a text document is either an output
    record or named in an error; with --repair-utf8 a text document is read unless it is
    binary (a NUL byte) or UTF-16 (a byte-order mark), which are refused with that reason.

A failing case is saved under Fuzz/artifacts/cli/CASE-N/ (the inputs, the command, what was
wrong) and the script exits 1 after the run. Runs are reproducible: --seed fixes the
cases.

Usage:
  scripts/mutate_cli.py                       # 300 cases, seed 1, the release CLI
  scripts/mutate_cli.py --cases 2000 --seed 7
  scripts/mutate_cli.py --seconds 600         # as many cases as fit in 10 minutes
  scripts/mutate_cli.py --quarry .build/debug/quarry --kinds rules,stdin

Needs a built CLI (`swift build -c release`) and, for the documents, the seed article
under ../shared/data/seed (falls back to Examples/ and a built-in text when it is absent).
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUARRY_SHARED_DATA", ROOT.parent / "shared" / "data"))
EXIT_CODES = {0, 1, 64}
TRAP = re.compile(rb"Fatal error|Swift runtime failure|Illegal instruction|Segmentation fault|"
                  rb"AddressSanitizer|Assertion failed|Precondition failed")
DIAGNOSTIC = re.compile(rb"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<kind>error|warning): ")

# Fragments a mutation may insert: what trips parsers of the rule language, of JSON and of
# UTF-8, and what news text is full of.
FRAGMENTS = [
    b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00", b"\xef\xbb\xbf",
    b"\xff\xfe", b"\r\n", b"\r", b"\t", b"\n\n", b"\\", b"\"", b"\xe2\x80\x9c", b"\xe2\x80\x9d",
    b"\xe2\x80\x98", b"\xe2\x80\x99", b"\xc2\xab", b"\xc2\xbb", b"{", b"}", b"[", b"]",
    b"\"text\": ", b"\"id\": ", b"{\"text\": \"", b"null", b"1e999", b"\\u0000", b"\\ud800",
    b"(", b")", b"(?", b"(*SKIP)", b"(?C1)", b"\\G", b"{999999}", b"*", b"+?", b"(a+)+$", b"|",
    b"/", b"//", b"@", b"$", b"include ", b"pipeline ", b"patterns ", b"macro ", b"list ",
    b"rules", b"expect", b"tokens", b"sentences", b"quotes", b"scope=tokens", b"limit=1",
    b"matches=1", b"heap=1", b"[lower=said]", b"[label=PERSON]", b"{macro}", b" from ",
    b"U.S.", b"U.N.", b"said", b"He underlined", b"\xe2\x80\x94", b"\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
]

BUILTIN_TEXT = (
    "SEOUL, South Korea (AP) \u2014 U.S. Secretary of State Antony Blinken said Monday that "
    "the U.N. must act. \u201cWe will not waver,\u201d he said. Blinken emphasized that "
    "allies stand together.\n\nHe underlined \u2018the need\u2019 for talks.\n"
).encode()


def mutate(data: bytes, rng: random.Random, donors: list) -> bytes:
    """One to eight byte-level or line-level edits."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(9)
        n = len(out)
        if op == 0 and n:                                   # flip a bit
            i = rng.randrange(n)
            out[i] ^= 1 << rng.randrange(8)
        elif op == 1:                                       # insert a fragment
            i = rng.randint(0, n)
            out[i:i] = rng.choice(FRAGMENTS)
        elif op == 2 and n:                                 # delete a range
            i = rng.randrange(n)
            del out[i:i + rng.randint(1, 64)]
        elif op == 3 and n:                                 # duplicate a range
            i = rng.randrange(n)
            j = min(n, i + rng.randint(1, 256))
            out[j:j] = out[i:j]
        elif op == 4:                                       # drop or repeat a line
            lines = bytes(out).split(b"\n")
            k = rng.randrange(len(lines))
            if rng.random() < 0.5:
                del lines[k]
            else:
                lines.insert(k, lines[k])
            out = bytearray(b"\n".join(lines))
        elif op == 5 and donors:                            # splice lines of another file
            donor = rng.choice(donors).split(b"\n")
            k = rng.randrange(len(donor))
            piece = b"\n".join(donor[k:k + rng.randint(1, 6)])
            lines = bytes(out).split(b"\n")
            lines.insert(rng.randrange(len(lines) + 1), piece)
            out = bytearray(b"\n".join(lines))
        elif op == 6 and n:                                 # truncate
            del out[rng.randrange(n):]
        elif op == 7 and n:                                 # replace a byte with a random one
            out[rng.randrange(n)] = rng.randrange(256)
        elif op == 8 and n:                                 # change indentation of a line
            lines = bytes(out).split(b"\n")
            k = rng.randrange(len(lines))
            lines[k] = rng.choice([b"", b" ", b"  ", b"    ", b"\t"]) + lines[k].lstrip()
            out = bytearray(b"\n".join(lines))
    return bytes(out)


class Failure(Exception):
    pass


class Runner:
    def __init__(self, args):
        self.timeout = args.timeout
        self.work = Path(tempfile.mkdtemp(prefix="quarry-mutate-"))
        # A copy, so that a rebuild during a long run neither changes nor blocks the program.
        self.quarry = str(self.work / "quarry")
        shutil.copy2(Path(args.quarry).resolve(), self.quarry)
        self.rules_copy = self.work / "Rules"
        shutil.copytree(ROOT / "Rules", self.rules_copy)
        self.rule_files = sorted(p for p in self.rules_copy.rglob("*.quarry"))
        self.rule_texts = [p.read_bytes() for p in self.rule_files]
        self.news = str(self.rules_copy / "news.quarry")
        self.documents = self._documents()
        self.artifacts = ROOT / "Fuzz" / "artifacts" / "cli"
        self.failures = 0
        self.counts = {}
        self.statuses = {}
        self.commands = []

    def _documents(self):
        docs = []
        seed = SHARED / "seed" / "blinken-seoul.txt"
        if seed.exists():
            docs.append(seed.read_bytes())
        examples = ROOT / "Examples"
        if examples.is_dir():
            docs += [p.read_bytes() for p in sorted(examples.glob("*.txt"))[:8]]
        wikinews = SHARED / "corpus" / "wikinews.jsonl"
        if wikinews.exists():
            with open(wikinews, "rb") as f:
                for _, line in zip(range(20), f):
                    try:
                        docs.append(json.loads(line)["text"].encode())
                    except (ValueError, KeyError):
                        pass
        return docs or [BUILTIN_TEXT]

    def run(self, argv, stdin=None):
        self.commands.append(argv + (["< stdin"] if stdin is not None else []))
        start = time.monotonic()
        try:
            p = subprocess.run([self.quarry] + argv, input=stdin if stdin is not None else b"",
                               capture_output=True, timeout=self.timeout, cwd=self.work)
        except subprocess.TimeoutExpired:
            raise Failure(f"no exit within {self.timeout} s")
        self.statuses[p.returncode] = self.statuses.get(p.returncode, 0) + 1
        if p.returncode < 0:
            raise Failure(f"killed by signal {-p.returncode}")
        if p.returncode not in EXIT_CODES:
            raise Failure(f"exit status {p.returncode} is not a documented one (0, 1, 64)")
        if TRAP.search(p.stderr):
            raise Failure("a runtime trap or crash message on standard error")
        if p.returncode != 0 and not p.stderr.strip():
            raise Failure(f"exit status {p.returncode} with nothing on standard error")
        p.seconds = time.monotonic() - start
        return p

    # -- checks ---------------------------------------------------------------------------

    @staticmethod
    def jsonl_records(p):
        records = []
        for n, line in enumerate(p.stdout.split(b"\n"), 1):
            if not line:
                continue
            try:
                value = json.loads(line)
            except ValueError as e:
                raise Failure(f"output line {n} is not JSON: {e}: {line[:120]!r}")
            if not isinstance(value, dict):
                raise Failure(f"output line {n} is not a JSON object")
            records.append(value)
        return records

    @staticmethod
    def check_rule_diagnostics(p):
        """Every error about a rule file comes as FILE:LINE:COL, the line, and a caret."""
        lines = p.stderr.split(b"\n")
        for i, line in enumerate(lines):
            m = DIAGNOSTIC.match(line)
            if not m or m.group("kind") != b"error":
                continue
            rest = lines[i + 1:i + 4]
            if not any(l.strip().startswith(b"^") for l in rest):
                raise Failure(f"rule error without the line and a caret: {line[:160]!r}")

    # -- cases ----------------------------------------------------------------------------

    def case_rules(self, rng):
        """A mutated rule file, checked, then run on a document."""
        k = rng.randrange(len(self.rule_files))
        original = self.rule_files[k]
        mutated = mutate(self.rule_texts[k], rng, self.rule_texts)
        # Beside the original, so its includes and lists resolve.
        path = original.with_name("mutated-" + original.name)
        path.write_bytes(mutated)
        files = {path.name: mutated}
        try:
            p = self.run(["check", str(path)])
            self.check_rule_diagnostics(p)
            if p.returncode == 1 and b"error" not in p.stderr:
                raise Failure("check failed without an error message")
            doc = self.work / "doc.txt"
            doc.write_bytes(rng.choice(self.documents))
            r = self.run(["run", str(path), str(doc), "-f", "jsonl", "--quiet"])
            self.check_rule_diagnostics(r)
            if p.returncode == 0 and r.returncode == 0:
                if len(self.jsonl_records(r)) != 1:
                    raise Failure("a rule file that checks clean wrote no record for the document")
            if p.returncode == 1 and r.returncode == 0:
                raise Failure("check found errors but run accepted the file")
        except Failure as f:
            f.files = files
            raise
        finally:
            path.unlink(missing_ok=True)

    def case_text(self, rng):
        """A mutated document as a .txt file, rejected or repaired."""
        data = mutate(rng.choice(self.documents), rng, self.documents)
        doc = self.work / "mutated.txt"
        doc.write_bytes(data)
        repair = rng.random() < 0.5
        argv = ["run", self.news, str(doc), "-f", "jsonl", "--layers",
                rng.choice(["all", "spans,quotes", "tokens", "quotes"]),
                "--offsets", rng.choice(["codepoints", "utf8", "utf16"])]
        if repair:
            argv.append("--repair-utf8")
        try:
            p = self.run(argv)
            records = self.jsonl_records(p)
            if p.returncode == 0 and len(records) != 1:
                raise Failure(f"status 0 but {len(records)} records for one document")
            if p.returncode == 1 and not records and str(doc).encode() not in p.stderr:
                raise Failure("the document was dropped without an error naming it")
            if repair and p.returncode != 0 and data and not self.refused_by_design(data, p.stderr):
                raise Failure("--repair-utf8 given, yet the document was refused")
            self.check_offsets(records, data, argv)
        except Failure as f:
            f.files = {"mutated.txt": data}
            raise

    @staticmethod
    def refused_by_design(data, stderr):
        """Text files Quarry refuses even with --repair-utf8 (docs: binary files and UTF-16),
        with a message saying why; anything else it must repair and read."""
        if b"looks like a binary file (NUL byte" in stderr:
            return b"\x00" in data
        if b"looks like UTF-16" in stderr:
            return data[:2] in (b"\xff\xfe", b"\xfe\xff")
        return False

    @staticmethod
    def check_offsets(records, data, argv):
        """Token offsets pick out the text written beside them (valid UTF-8 inputs)."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return
        if not records or "tokens" not in records[0]:
            return
        unit = argv[argv.index("--offsets") + 1]
        if unit == "codepoints":
            source, cut = text, lambda s, a, b: s[a:b]
        elif unit == "utf8":
            source, cut = text.encode(), lambda s, a, b: s[a:b].decode("utf-8", "replace")
        else:
            source, cut = text.encode("utf-16-le"), lambda s, a, b: s[2 * a:2 * b].decode("utf-16-le", "replace")
        for token in records[0]["tokens"][:2000]:
            if isinstance(token, dict) and {"start", "end", "text"} <= token.keys():
                if cut(source, token["start"], token["end"]) != token["text"]:
                    raise Failure(f"token offsets {token['start']}-{token['end']} ({unit}) do not "
                                  f"pick out {token['text']!r}")

    def make_jsonl(self, rng):
        lines = []
        for _ in range(rng.randint(1, 6)):
            text = rng.choice(self.documents)[:rng.randint(0, 3000)].decode("utf-8", "replace")
            record = {"text": text}
            if rng.random() < 0.7:
                record["id"] = f"doc-{rng.randrange(1000)}"
            if rng.random() < 0.3:
                record["url"] = "https://example.org/" + str(rng.randrange(100))
            lines.append(json.dumps(record, ensure_ascii=rng.random() < 0.5).encode())
        return mutate(b"\n".join(lines) + b"\n", rng, [])

    def check_jsonl_accounting(self, p, data, name):
        records = self.jsonl_records(p)
        named = set(int(n) for n in re.findall(re.escape(name) + rb":(\d+):", p.stderr))
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        nonblank = [i + 1 for i, l in enumerate(lines) if l.strip(b" \t\r\n")]
        if len(records) + len(named) < len(nonblank):
            raise Failure(f"{len(nonblank)} non-blank input lines but {len(records)} records and "
                          f"{len(named)} lines named in errors: something was dropped silently")

    def case_jsonl(self, rng):
        """A mutated JSON Lines file: every line is a record or an error naming it."""
        data = self.make_jsonl(rng)
        doc = self.work / "mutated.jsonl"
        doc.write_bytes(data)
        argv = ["run", self.news, str(doc), "-f", "jsonl", "--jobs", str(rng.randint(1, 3))]
        if rng.random() < 0.5:
            argv.append("--repair-utf8")
        try:
            p = self.run(argv)
            self.check_jsonl_accounting(p, data, str(doc).encode())
        except Failure as f:
            f.files = {"mutated.jsonl": data}
            raise

    def case_stdin(self, rng):
        """Standard input, its format sniffed: JSON Lines or text, mutated either way."""
        if rng.random() < 0.5:
            data = self.make_jsonl(rng)
        else:
            data = mutate(rng.choice(self.documents), rng, self.documents)
        argv = [rng.choice(["run", "tokenize", "split"])]
        if argv[0] == "run":
            argv.append(self.news)
        argv += ["-", "-f", "jsonl"]
        if rng.random() < 0.5:
            argv.append("--repair-utf8")
        try:
            p = self.run(argv, stdin=data)
            records = self.jsonl_records(p)
            if data.lstrip()[:1] == b"{":
                self.check_jsonl_accounting(p, data, b"stdin")
            elif p.returncode == 0 and data.strip() and len(records) != 1:
                raise Failure(f"text on standard input gave {len(records)} records")
        except Failure as f:
            f.files = {"stdin": data}
            raise

    OPTION_VALUES = {
        "-f": ["text", "json", "jsonl", "tsv", "csv", "conllu", "html", "xml", "", "JSONL"],
        "--offsets": ["codepoints", "utf8", "utf16", "bytes", ""],
        "--layers": ["all", "tokens", "spans", "quotes", "sentences", "tokens,tokens", "", ",",
                     "spans,nothing", "ALL"],
        "--jobs": ["0", "-1", "1", "2", "64", "x", "99999999999999999999"],
        "--max-document-size": ["0", "1", "64K", "256M", "2G", "5G", "-1", "1.5M", "K", "abc"],
        "--input-format": ["auto", "text", "jsonl", "csv"],
        "--pipeline": ["news", "nope", ""],
        "--glob": ["*.txt", "[", "**", "*.jsonl", ""],
    }

    def case_options(self, rng):
        """Options with wrong, odd or extreme values, in any order."""
        doc = self.work / "doc.txt"
        doc.write_bytes(rng.choice(self.documents))
        argv = [rng.choice(["run", "tokenize", "split"])]
        if argv[0] == "run":
            argv.append(rng.choice([self.news, self.news + ".missing", str(doc)]))
        names = list(self.OPTION_VALUES)
        for name in rng.sample(names, rng.randint(1, 4)):
            if argv[0] != "run" and name in ("--pipeline", "--layers"):
                continue
            argv += [name, rng.choice(self.OPTION_VALUES[name])]
        argv.append(rng.choice([str(doc), str(self.work), "missing.txt", "-"]))
        if rng.random() < 0.2:
            argv.append(rng.choice(["--no-such-option", "--quiet", "--color", "-q", "--"]))
        p = self.run(argv, stdin=rng.choice(self.documents))
        if p.returncode == 64 and b"rror" not in p.stderr and b"sage" not in p.stderr:
            raise Failure("usage error without a message")

    KINDS = {"rules": case_rules, "text": case_text, "jsonl": case_jsonl, "stdin": case_stdin,
             "options": case_options}

    def save(self, n, kind, failure):
        folder = self.artifacts / f"case-{n}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in getattr(failure, "files", {}).items():
            (folder / name).write_bytes(data)
        (folder / "README").write_text(
            f"kind: {kind}\nproblem: {failure}\ncommands (run in a copy of Rules/, see "
            f"scripts/mutate_cli.py):\n" + "\n".join("quarry " + " ".join(a) for a in self.commands) + "\n")
        return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.split("\n")[2:]))
    default_quarry = ROOT / ".build" / "release" / "quarry"
    if not default_quarry.exists():
        default_quarry = ROOT / ".build" / "debug" / "quarry"
    parser.add_argument("--quarry", default=str(default_quarry), help="the CLI to run (default: %(default)s)")
    parser.add_argument("--cases", type=int, default=300, help="how many cases (default 300)")
    parser.add_argument("--seconds", type=float, help="run cases until this many seconds have passed instead")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds one command may take (default 30)")
    parser.add_argument("--kinds", default=",".join(Runner.KINDS),
                        help="comma-separated case kinds (default: %(default)s)")
    args = parser.parse_args()
    if not Path(args.quarry).exists():
        sys.exit(f"mutate_cli.py: no CLI at {args.quarry}; build it with `swift build -c release`")
    kinds = args.kinds.split(",")
    unknown = [k for k in kinds if k not in Runner.KINDS]
    if unknown:
        sys.exit(f"mutate_cli.py: unknown kind {', '.join(unknown)}; the kinds: {', '.join(Runner.KINDS)}")

    rng = random.Random(args.seed)
    runner = Runner(args)
    started = time.monotonic()
    n = 0
    try:
        while (n < args.cases) if args.seconds is None else (time.monotonic() - started < args.seconds):
            n += 1
            kind = rng.choice(kinds)
            # Each case gets its own generator, so one case can be replayed from its number.
            case_rng = random.Random(f"{args.seed}-{n}")
            runner.commands = []
            try:
                Runner.KINDS[kind](runner, case_rng)
                runner.counts[kind] = runner.counts.get(kind, 0) + 1
            except Failure as failure:
                runner.failures += 1
                folder = runner.save(n, kind, failure)
                print(f"case {n} ({kind}): {failure} — saved in {folder}", file=sys.stderr)
    finally:
        shutil.rmtree(runner.work, ignore_errors=True)
    elapsed = time.monotonic() - started
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(runner.statuses.items()))
    kinds_run = ", ".join(f"{k} {v}" for k, v in sorted(runner.counts.items()))
    print(f"mutate_cli.py: {n} cases in {elapsed:.0f} s (seed {args.seed}; {kinds_run}); "
          f"exit statuses {statuses}; {runner.failures} failing")
    sys.exit(1 if runner.failures else 0)


if __name__ == "__main__":
    main()
