#!/usr/bin/env python3
"""Write the word forms of the quote stage's reporting verbs, for the cue rules.

The cue rules of Rules/en/quotes.quarry test `[in=@quote-speech-forms]`: every form of
every verb of Rules/en/quote-speech-verbs.txt (say, says, said, saying; pointed out). The
verbs file lists a verb by its lemma when its forms are regular and by all its forms when
not; this script makes the regular ones by the rules that file's header states, so the
rules do not depend on the tagger's lemmas for verbs the treebanks lack ("joked" has the
lemma "jok" there). A verb of several words inflects its first word ("pointed out"). Verbs
with a gap ("describe * as") and the `=quote` entries are spelled out by rules, which test
their first word in quote-speech-heads.txt; `=be` entries are left out.

    python3 scripts/make_quote_forms.py            # rewrites Rules/en/quote-speech-{forms,heads}.txt
    python3 scripts/make_quote_forms.py --check    # exit 1 when the file is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[1] / "Rules" / "en"
SOURCE = RULES / "quote-speech-verbs.txt"
TARGET = RULES / "quote-speech-forms.txt"
HEADS = RULES / "quote-speech-heads.txt"

HEADER = """\
# Every form of the speech profile's reporting verbs, one a line, for the cue rules of
# quotes.quarry (`[in=@quote-speech-forms]`); a verb of several words inflects its first
# ("pointed out"); the Penn tag of the first token says which form it is. Generated from quote-speech-verbs.txt by scripts/make_quote_forms.py (the
# regular forms by the rules of that file's header); edit that file and run the script, or
# `--check` to see whether this one is current. Hand-written data, no licence conditions.
"""
HEADS_HEADER = """\
# Every form of the first word of the speech profile's reporting verbs with a gap
# ("describe * as") and of the verbs that need a quotation ("call"), one a line, for the cue
# rules of quotes.quarry (`[in=@quote-speech-heads]`), which spell out the rest.
# Generated from quote-speech-verbs.txt by scripts/make_quote_forms.py; do not edit.
"""


def regular(lemma: str) -> list[str]:
    """The lemma, third person, past and -ing form of a regular verb."""
    if re.search(r"(s|x|z|ch|sh)$", lemma):
        third = lemma + "es"
    elif re.search(r"[^aeiou]y$", lemma):
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("e"):
        past = lemma + "d"
    elif re.search(r"[^aeiou]y$", lemma):
        past = lemma[:-1] + "ied"
    else:
        past = lemma + "ed"
    ing = lemma[:-1] + "ing" if lemma.endswith("e") and not lemma.endswith("ee") else lemma + "ing"
    return [lemma, third, past, ing]


def forms(lines: list[str], heads: bool = False) -> list[str]:
    """Every form of the verbs, the multiword ones inflected on their first word ("pointed
    out"), or (`heads`) the forms of the first words of the entries rules spell out: gaps
    ("describe * as") and `=quote` entries ("call")."""
    result: list[str] = []
    for line in lines:
        entry = line.strip()
        if not entry or entry.startswith("#") or entry.endswith("=be"):
            continue
        quote = entry.endswith("=quote")
        entry = entry.removesuffix("=quote").strip()
        parts = [p.strip() for p in entry.split("|")]
        spelled = "*" in entry or quote
        if spelled != heads:
            continue
        if heads:
            found = [p.split()[0] for p in parts] if len(parts) > 1 else regular(parts[0].split()[0])
        elif len(parts) > 1:
            found = parts
        else:
            first, _, rest = parts[0].partition(" ")
            found = [f"{form} {rest}".strip() for form in regular(first)]
        for form in found:
            if form not in result:
                result.append(form)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that the file is current")
    args = parser.parse_args()
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    outputs = [(TARGET, HEADER, forms(lines)), (HEADS, HEADS_HEADER, forms(lines, heads=True))]
    stale = False
    for path, header, entries in outputs:
        text = header + "\n" + "\n".join(entries) + "\n"
        if args.check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                print(f"{path} is out of date: run python3 scripts/make_quote_forms.py", file=sys.stderr)
                stale = True
            else:
                print(f"{path} is current")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}: {len(entries)} forms")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
