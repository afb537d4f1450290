#!/usr/bin/env python3
"""Write the two derived benchmark sets of Rules/bench from the hand-written ones.

    python3 scripts/make_bench_sets.py            # rewrites the two files below
    python3 scripts/make_bench_sets.py --check    # exit 1 when a file is out of date

  Rules/bench/gazetteer-common-1000.quarry  1,000 `\\bNAME\\b` rules: every other name of
        gazetteer-1000.quarry (500) and 500 common words and phrases of news text (months,
        weekdays, time zones, government, military and religious titles, professions,
        elections, diplomacy, economy, war, crime and law terms), most of them lower-case.
        Common words are what make a gazetteer expensive: their literals occur on every line.
  Rules/bench/wordlists-alt-100.quarry      the 100 lists of wordlists-100.quarry, each
        written out as ONE alternation `\\b(?:a|b|c|...)\\b` in the list's own order (not the
        prefix trie `{@list}` expands to), `/.../i` where the list is `ignorecase`.

Sources: the two hand-written files in Rules/bench (this project's own, see its README) and
the time-zone abbreviations typed below (common knowledge). No package data; no licence
beyond the project's. The output depends only on those files: running twice gives the same
bytes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "Rules" / "bench"

# Time-zone abbreviations seen in datelines and schedules (typed for this script).
TIME_ZONES = [
    "GMT", "UTC", "BST", "CET", "CEST", "EET", "EEST", "WET", "MSK", "IST", "PKT", "ICT",
    "SGT", "HKT", "JST", "KST", "AEST", "AEDT", "ACST", "AWST", "NZST", "NZDT", "EST", "EDT",
    "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "HST", "AST", "ART", "BRT",
]

# Lists of wordlists-100.quarry whose entries become gazetteer rules, in this order, with a
# label each. Every entry of these lists is used until 500 common-word rules are written.
COMMON_LISTS = [
    ("time_words", "DATE"), ("government_titles", "TITLE"), ("military_ranks", "TITLE"),
    ("religious_titles", "TITLE"), ("professions", "TITLE"), ("elections", "POLITICS"),
    ("diplomacy", "POLITICS"), ("economy", "ECONOMY"), ("war_terms", "WAR"), ("crimes", "CRIME"),
    ("legal_terms", "LAW"), ("finance", "ECONOMY"), ("unrest", "POLITICS"), ("kinship", "PERSON_NOUN"),
]
COMMON_RULES = 500


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
            if line.startswith("  ") and line.strip() and not line.strip().startswith("#"):
                current.append(line.strip())
            elif not line.startswith("  "):
                current = None
    return lists


def entry_pattern(entry: str) -> str:
    """One list entry as regex text: metacharacters escaped, a space matches `\\s+`."""
    out = []
    for word in entry.split(" "):
        out.append(re.sub(r"([\\.^$|?*+()\[\]{}/])", r"\\\1", word))
    return r"\s+".join(out)


def bounded(alternatives: str, entries: list[str]) -> str:
    """`\\b...\\b`, with lookarounds instead of `\\b` where an entry starts or ends with a non-word character."""
    starts_word = all(re.match(r"\w", e) for e in entries)
    ends_word = all(re.search(r"\w$", e) for e in entries)
    return (r"\b" if starts_word else r"(?<!\w)") + alternatives + (r"\b" if ends_word else r"(?!\w)")


def rule_id(prefix: str, text: str, seen: set[str]) -> str:
    base = prefix + (re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "x")
    ident, n = base, 2
    while ident in seen:
        ident, n = f"{base}_{n}", n + 1
    seen.add(ident)
    return ident


def gazetteer_common(lists: dict[str, tuple[bool, list[str]]]) -> str:
    source = (BENCH / "gazetteer-1000.quarry").read_text(encoding="utf-8").splitlines()
    names = [line for line in source if line.startswith("rule ")][::2]
    seen = {line.split()[1] for line in names}
    common: list[str] = []
    taken: set[str] = set()

    def add(entry: str, label: str, caseless: bool) -> None:
        key = entry.lower() if caseless else entry
        if key in taken or len(common) >= COMMON_RULES:
            return
        taken.add(key)
        ident = rule_id("cw_", entry, seen)
        flag = "i" if caseless else ""
        common.append(f"rule {ident} {label} /{bounded(entry_pattern(entry), [entry])}/{flag}")

    for zone in TIME_ZONES:
        add(zone, "TIMEZONE", False)
    for name, label in COMMON_LISTS:
        caseless, entries = lists[name]
        for entry in entries:
            add(entry, label, caseless)
    if len(common) < COMMON_RULES:
        sys.exit(f"only {len(common)} common-word rules; add lists to COMMON_LISTS")
    lines = [
        "# Benchmark: a gazetteer of 1,000 names, half of them common words of news text.",
        "#",
        "# Generated by scripts/make_bench_sets.py from gazetteer-1000.quarry (every other",
        "# rule, 500) and wordlists-100.quarry (500 entries of its lists of months and",
        "# weekdays, titles, professions, politics, economy, war, crime and law terms, plus",
        "# time-zone abbreviations), one `\\bWORD\\b` rule per entry, `/.../i` where the list",
        "# ignores case. Do not edit by hand: edit the sources and run the script.",
        "# See README.md in this folder.",
        "",
        "# Names (from gazetteer-1000.quarry).",
        *names,
        "",
        "# Common words and phrases.",
        *common,
        "",
        "patterns gazetteer overlap=all",
        '  expect "The Prime Minister of Japan met the minister on Tuesday at 9 a.m. JST." -> GPE "Japan"',
        '  expect "The Prime Minister of Japan met the minister on Tuesday at 9 a.m. JST." -> TIMEZONE "JST"',
        '  expect "The Prime Minister of Japan met the minister on Tuesday at 9 a.m. JST." -> DATE "Tuesday"',
        "",
        "pipeline bench",
        "  patterns gazetteer",
        "",
    ]
    return "\n".join(lines)


def wordlists_alt(all_lists: list[tuple[str, bool, list[str]]]) -> str:
    source = (BENCH / "wordlists-100.quarry").read_text(encoding="utf-8").splitlines()
    labels = {}
    for line in source:
        m = re.match(r"rule wl_(\w+) (\S+) /", line)
        if m:
            labels[m.group(1)] = m.group(2)
    rules = []
    for name, caseless, entries in all_lists:
        body = "(?:" + "|".join(entry_pattern(e) for e in entries) + ")"
        flag = "i" if caseless else ""
        rules.append(f"rule alt_{name} {labels[name]} /{bounded(body, entries)}/{flag}")
    lines = [
        "# Benchmark: 100 word lists, each written out as one regex alternation.",
        "#",
        "# Generated by scripts/make_bench_sets.py from wordlists-100.quarry: the same",
        "# entries in the same order, but as `\\b(?:a|b|c|...)\\b` (spaces as `\\s+`), as",
        "# people write word lists in plain regex rule sets, not as the prefix trie that",
        "# `{@list}` expands to. Do not edit by hand. See README.md in this folder.",
        "",
        *rules,
        "",
        "patterns wordlists overlap=all",
        '  expect "The striker scored a penalty before the earthquake hit Alabama." -> SPORT_TERM "penalty"',
        '  expect "The striker scored a penalty before the earthquake hit Alabama." -> DISASTER "earthquake"',
        '  expect "The striker scored a penalty before the earthquake hit Alabama." -> GPE "Alabama"',
        "",
        "pipeline bench",
        "  patterns wordlists",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing them")
    args = parser.parse_args()
    all_lists = read_lists(BENCH / "wordlists-100.quarry")
    by_name = {name: (caseless, entries) for name, caseless, entries in all_lists}
    outputs = {
        BENCH / "gazetteer-common-1000.quarry": gazetteer_common(by_name),
        BENCH / "wordlists-alt-100.quarry": wordlists_alt(all_lists),
    }
    stale = 0
    for path, text in outputs.items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"{path.relative_to(ROOT)} is out of date: run scripts/make_bench_sets.py", file=sys.stderr)
                stale += 1
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
