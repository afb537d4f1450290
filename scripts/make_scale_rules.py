#!/usr/bin/env python3
"""Write a large regex rule file (10,000 rules by default) to measure how Quarry scales.

    python3 scripts/make_scale_rules.py                    # /tmp/scale-10000.quarry
    python3 scripts/make_scale_rules.py --rules 20000      # /tmp/scale-20000.quarry
    python3 scripts/make_scale_rules.py --rules 5000 --out PATH
    quarry check /tmp/scale-10000.quarry
    quarry bench /tmp/scale-10000.quarry corpus.jsonl --jobs 1

It answers "do 10,000 rules compile in under a second and stay under 100 MB, and does
`--jobs N` scale": a rule set of the size that keyword and gazetteer matchers are run with,
one PCRE2 pattern per rule, in one `patterns scale overlap=all` stage and a pipeline `bench`
that runs only that stage (the layout of Rules/bench, see Rules/bench/README.md).

The rules, in this order, until --rules N are written:

  1. the 1,000 rules of Rules/bench/gazetteer-1000.quarry as they are (with their `expect`
     lines); for N < 1,000 the first N of them;
  2. one `\\bWORD\\b` rule per entry of every list of Rules/bench/wordlists-100.quarry (100
     lists, 5,952 entries), `/.../i` for the lists marked `ignorecase`, with the label of
     the list's own rule. Regex characters are escaped, a space matches `\\s+`, an
     apostrophe matches `'` or `’` (as in the gazetteer). When N leaves room for only some
     entries, they are taken round-robin over the lists (first entry of every list, then
     the second, ...), so a smaller set keeps the mix of topics;
  3. inflected variants of the word-list entries: for a caseless (common noun) list a
     plural-tolerant rule, `\\bWORD(?:s|es)?\\b`, `\\bWORD(?:es)?\\b` after x/z/ch/sh,
     `\\bSTEM(?:y|ies)\\b` after a consonant and y (skipped when the list already holds the
     plural, the entry is itself the plural of another entry, or it ends in s, ed, ing,
     ness, ism, ium or ics, rarely pluralised); for a list of proper names a possessive,
     `\\bNAME['’]s\\b`. Taken round-robin over the lists when not all fit;
  4. two-word combinations of gazetteer names with words, as hand-written rule sets have
     them: "NAME government", "NAME army", ... for places, "NAME spokesman", ... for
     organisations, "NAME said", ... for people, `\\b(?:NAME)\\s+WORD\\b`, using the name
     pattern of every gazetteer rule that is just `\\b...\\b` (no lookaround); the words
     are taken in turn across the groups, so a smaller set has every group;
  5. places with event words from the word lists ("Iraq earthquake", "Brazil elections"),
     only needed above about 20,000 rules.

Rule ids are unique (`wl_LIST_ENTRY`, `..._pl`, `..._poss`, `gx_NAME_WORD`, `ge_NAME_WORD`,
a number appended on a clash). The stage gets `expect` lines only for rules that are in the
file, so `quarry test` passes too.

Sources: the two hand-written files of Rules/bench named above (this project's own, see its
README) and the short word tables typed below. Nothing is downloaded; no licence beyond the
project's. The output depends only on those files and --rules: running twice gives the
same bytes.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

from _bench_common import read_lists

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "Rules" / "bench"
GAZETTEER = BENCH / "gazetteer-1000.quarry"
WORDLISTS = BENCH / "wordlists-100.quarry"

# Step 4: words after a gazetteer name, by the name's label: (word, label of the new rule).
COMBINATIONS: dict[str, list[tuple[str, str]]] = {
    "GPE": [
        ("government", "ORG"), ("army", "ORG"), ("police", "ORG"), ("parliament", "ORG"),
        ("embassy", "FACILITY"), ("officials", "PERSON_ROLE"), ("president", "PERSON_ROLE"),
        ("prime minister", "PERSON_ROLE"), ("foreign ministry", "ORG"), ("national team", "ORG"),
        ("authorities", "ORG"), ("border", "LOC"), ("forces", "ORG"), ("media", "ORG"),
        ("economy", "ECONOMY"), ("court", "ORG"),
    ],
    "LOC": [
        ("region", "LOC"), ("conflict", "EVENT"), ("coast", "LOC"), ("crisis", "EVENT"),
        ("peace process", "EVENT"), ("countries", "LOC"),
    ],
    "ORG": [
        ("spokesman", "PERSON_ROLE"), ("spokeswoman", "PERSON_ROLE"), ("chief", "PERSON_ROLE"),
        ("officials", "PERSON_ROLE"), ("headquarters", "FACILITY"), ("statement", "EVENT"),
        ("report", "EVENT"), ("members", "PERSON_ROLE"), ("leader", "PERSON_ROLE"),
        ("chairman", "PERSON_ROLE"),
    ],
    "PERSON": [
        ("said", "ATTRIBUTION"), ("told", "ATTRIBUTION"), ("says", "ATTRIBUTION"),
        ("added", "ATTRIBUTION"), ("administration", "ORG"), ("government", "ORG"),
        ("announced", "EVENT"), ("denied", "EVENT"),
    ],
}

# Step 5: word lists whose entries follow a place name in headlines ("Iraq earthquake").
EVENT_LISTS = ["natural_disasters", "elections", "unrest", "economy", "war_terms", "crimes",
               "diplomacy", "weather", "disasters_response", "energy"]

SIBILANT = re.compile(r"(?:x|z|ch|sh)$", re.IGNORECASE)
CONSONANT_Y = re.compile(r"[^aeiou]y$", re.IGNORECASE)
# Endings of words that are rarely pluralised (skiing, dizziness, socialism, sodium, physics).
# A word ending in s or ed is already a plural or not a noun (shorts, killed in action).
MASS_NOUN = re.compile(r"(?:ing|ness|ism|ium|ics|s|ed)$", re.IGNORECASE)


def list_labels(path: Path) -> dict[str, str]:
    """List name -> label of its `rule wl_NAME LABEL /\\b{@NAME}\\b/`."""
    labels = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"rule wl_(\w+) (\S+) /", line)
        if m:
            labels[m.group(1)] = m.group(2)
    return labels


def read_gazetteer(path: Path) -> list[list[str]]:
    """Every rule of the gazetteer as its lines: the `rule` line and its indented lines."""
    rules: list[list[str]] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("rule "):
            current = [line]
            rules.append(current)
        elif current is not None and line[:1] in (" ", "\t") and line.strip():
            current.append(line)
        elif line.strip():
            current = None
    return rules


def entry_pattern(entry: str) -> str:
    """One list entry as regex text: metacharacters escaped, a space matches `\\s+`,
    an apostrophe `'` or `’`."""
    words = []
    for word in entry.split():
        word = re.sub(r"([\\.^$|?*+()\[\]{}/#])", r"\\\1", word)
        words.append(re.sub(r"['’]", "['’]", word))
    return r"\s+".join(words)


def bounded(body: str, entry: str) -> str:
    """`\\b...\\b`, a lookaround instead of `\\b` where the entry starts or ends with a non-word character."""
    start = r"\b" if re.match(r"\w", entry) else r"(?<!\w)"
    end = r"\b" if re.search(r"\w$", entry) else r"(?!\w)"
    return start + body + end


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "x"


def unique(base: str, seen: set[str]) -> str:
    ident, n = base, 2
    while ident in seen:
        ident, n = f"{base}_{n}", n + 1
    seen.add(ident)
    return ident


def plural_body(entry: str) -> str | None:
    """The plural-tolerant regex of a common noun, or None when it has no regular plural."""
    last = entry.split()[-1]
    if not re.fullmatch(r"[A-Za-z]+", last) or len(last) < 3 or last.isupper():
        return None
    if MASS_NOUN.search(last):
        return None
    escaped = entry_pattern(entry)
    if CONSONANT_Y.search(entry):
        return escaped[:-1] + "(?:y|ies)"
    if SIBILANT.search(entry):
        return escaped + "(?:es)?"
    return escaped + "(?:s|es)?"


def plural_forms(entry: str) -> set[str]:
    low = entry.lower()
    forms = {low + "s", low + "es"}
    if CONSONANT_Y.search(low):
        forms.add(low[:-1] + "ies")
    return forms


def is_plural_of_another(entry: str, entries: set[str]) -> bool:
    low = entry.lower()
    return any(low in plural_forms(other) for other in entries if other != low)


def name_body(rule_line: str) -> str | None:
    """The name alternatives of a gazetteer rule `rule ID LABEL /\\b...\\b/`, when it has no lookaround."""
    m = re.match(r"rule \S+ \S+ /(.*)/$", rule_line)
    if not m:
        return None
    pattern = m.group(1)
    if not (pattern.startswith(r"\b") and pattern.endswith(r"\b")) or re.search(r"\(\?<?[=!]", pattern):
        return None
    body = pattern[2:-2]
    if body.endswith("\\"):
        return None
    # Wrap a top-level alternation so a suffix applies to every alternative.
    depth, top_bar = 0, False
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = body.index("]", i + 2)
            i = j + 1
            continue
        depth += c == "("
        depth -= c == ")"
        top_bar |= c == "|" and depth == 0
        i += 1
    return f"(?:{body})" if top_bar else body


def build(n: int) -> str:
    gazetteer = read_gazetteer(GAZETTEER)
    all_lists = read_lists(WORDLISTS)
    labels = list_labels(WORDLISTS)
    seen: set[str] = set()
    sections: list[tuple[str, list[str]]] = []
    count = 0

    def room() -> int:
        return n - count

    # 1. The gazetteer as it is.
    chosen = gazetteer[: min(n, len(gazetteer))]
    lines = []
    for rule in chosen:
        seen.add(rule[0].split()[1])
        lines.extend(rule)
    count += len(chosen)
    sections.append(("Names, the rules of gazetteer-1000.quarry as they are.", lines))

    # 2. One rule per word-list entry, round-robin over the lists when not all fit.
    items = [(name, caseless, index, entry) for name, caseless, entries in all_lists for index, entry in enumerate(entries)]
    if room() < len(items):
        order = sorted(range(len(items)), key=lambda k: (items[k][2], k))
        keep = set(order[: max(room(), 0)])
        items = [item for k, item in enumerate(items) if k in keep]
    lines = []
    for name, caseless, _, entry in items:
        ident = unique(f"wl_{name}_{slug(entry)}", seen)
        flag = "i" if caseless else ""
        lines.append(f"rule {ident} {labels[name]} /{bounded(entry_pattern(entry), entry)}/{flag}")
    count += len(lines)
    sections.append(("One rule per word-list entry of wordlists-100.quarry, `/.../i` where the list ignores case.", lines))

    # 3. Plural-tolerant variants of common nouns, possessives of proper names, round-robin
    #    over the lists when not all fit.
    variants: list[tuple[int, int, str]] = []
    for list_index, (name, caseless, entries) in enumerate(all_lists):
        lowered = {e.lower() for e in entries}
        turn = 0
        for entry in entries:
            if caseless:
                if lowered & plural_forms(entry) or is_plural_of_another(entry, lowered):
                    continue
                body = plural_body(entry)
                if body is None:
                    continue
                ident = f"wl_{name}_{slug(entry)}_pl"
                rule = f"{labels[name]} /{bounded(body, entry)}/i"
            else:
                if not re.search(r"[A-Za-z]$", entry) or entry.endswith("s"):
                    continue
                ident = f"wl_{name}_{slug(entry)}_poss"
                possessive = entry_pattern(entry) + "['’]s"
                rule = f"{labels[name]} /{bounded(possessive, entry)}/"
            variants.append((turn, list_index, f"{ident} {rule}"))
            turn += 1
    if room() < len(variants):
        keep = set(sorted(range(len(variants)), key=lambda k: (variants[k][0], k))[: max(room(), 0)])
        variants = [v for k, v in enumerate(variants) if k in keep]
    lines = []
    for _, _, text in variants:
        ident, rule = text.split(" ", 1)
        lines.append(f"rule {unique(ident, seen)} {rule}")
    count += len(lines)
    sections.append(("Inflected variants: plurals of common nouns, possessives of proper names.", lines))

    # 4. Gazetteer names followed by a word, the words taken in turn across the groups.
    names: dict[str, list[tuple[str, str]]] = {label: [] for label in COMBINATIONS}
    for rule in gazetteer:
        parts = rule[0].split()
        body = name_body(rule[0])
        if body is not None and parts[2] in names:
            names[parts[2]].append((parts[1], body))
    def name_then_word(lines: list[str], prefix: str, named: list[tuple[str, str]], word: str, label: str) -> None:
        """`\\bNAME\\s+WORD\\b` rules for each name, while there is room."""
        for rule_id, body in named:
            if len(lines) >= room():
                break
            ident = unique(f"{prefix}_{rule_id.split('_', 1)[1]}_{slug(word)}", seen)
            lines.append(f"rule {ident} {label} /\\b{body}\\s+{entry_pattern(word)}\\b/")

    lines = []
    for turn in range(max(len(words) for words in COMBINATIONS.values())):
        for label, words in COMBINATIONS.items():
            if turn >= len(words):
                continue
            word, new_label = words[turn]
            name_then_word(lines, "gx", names[label], word, new_label)
    count += len(lines)
    sections.append(("Names followed by a word: \"NAME government\", \"NAME spokesman\", \"NAME said\".", lines))

    # 5. Places followed by an event word of the word lists.
    by_name = {name: (caseless, entries) for name, caseless, entries in all_lists}
    events = [(name, entry) for name in EVENT_LISTS for entry in by_name[name][1] if re.search(r"\w$", entry)]
    lines = []
    for name, entry in events:
        name_then_word(lines, "ge", names["GPE"], entry, labels[name])
    count += len(lines)
    sections.append(("Places followed by an event word of the word lists: \"NAME earthquake\".", lines))

    if count < n:
        sys.exit(f"make_scale_rules.py: only {count} rules can be made, fewer than --rules {n}")

    text = "U.S. Secretary of State Antony Blinken arrived in Seoul after the earthquake, the second of two earthquakes."
    expects = [(ident, f'  expect "{text}" -> {label} "{span}"') for ident, label, span in [
        ("gpe_seoul", "GPE", "Seoul"),
        ("per_antony_blinken", "PERSON", "Antony Blinken"),
        ("wl_natural_disasters_earthquake", "DISASTER", "earthquake"),
        ("wl_natural_disasters_earthquake_pl", "DISASTER", "earthquakes"),
    ]]

    out = [
        f"# Scale benchmark: {n:,} regex rules in one patterns stage.",
        "#",
        "# Generated by scripts/make_scale_rules.py from Rules/bench/gazetteer-1000.quarry and",
        "# Rules/bench/wordlists-100.quarry: the gazetteer rules, one `\\bWORD\\b` rule per word-list",
        "# entry, plural and possessive variants, and name + word combinations. Do not edit by",
        "# hand: run the script. See the script's docstring.",
    ]
    for title, body in sections:
        if body:
            out += ["", f"# {title} ({sum(1 for l in body if l.startswith('rule '))} rules)", *body]
    out += ["", "patterns scale overlap=all", *(line for ident, line in expects if ident in seen),
            "", "pipeline bench", "  patterns scale", ""]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rules", type=int, default=10000, help="number of rules (default 10000)")
    parser.add_argument("--out", type=Path, default=None,
                        help="output file (default /tmp/scale-N.quarry, /tmp/scale-10000.quarry for the default N)")
    args = parser.parse_args()
    if args.rules < 1:
        parser.error("--rules must be at least 1")
    text = build(args.rules)
    if args.out is None:
        args.out = Path(f"/tmp/scale-{args.rules}.quarry")
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {args.rules} rules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
