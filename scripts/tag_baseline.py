#!/usr/bin/env python3
"""The starting point of a transformation-based (Brill/Hepple) tagger, as a baseline for
Quarry's perceptron: each word's most frequent UPOS in the training files, and for a word never
seen, the most frequent UPOS of its last three letters (else the commonest tag). Scored on the
dev files' gold words (no tokenization), as docs/tagging.md quotes it.

    python3 scripts/tag_baseline.py        # ../shared/data/ud train -> EWT dev, GUM dev
"""
import sys
from collections import Counter, defaultdict
from pathlib import Path

UD = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "ud"
TRAIN = ["en_ewt-ud-train.conllu", "en_gum-ud-train-ccby.conllu"]
DEV = ["en_ewt-ud-dev.conllu", "en_gum-ud-dev-ccby.conllu"]


def words(path: Path):
    """(form, UPOS) of every syntactic word of a CoNLL-U file."""
    for line in path.open(encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.rstrip("\n").split("\t")
        if "-" in columns[0] or "." in columns[0]:
            continue
        yield columns[1], columns[3]


def main() -> int:
    missing = [name for name in TRAIN + DEV if not (UD / name).exists()]
    if missing:
        print(f"tag_baseline: not found in {UD}: {', '.join(missing)}", file=sys.stderr)
        return 1
    by_word, by_ending, overall = defaultdict(Counter), defaultdict(Counter), Counter()
    for name in TRAIN:
        for form, upos in words(UD / name):
            by_word[form][upos] += 1
            by_ending[form.lower()[-3:]][upos] += 1
            overall[upos] += 1
    for name in DEV:
        total = right = 0
        for form, upos in words(UD / name):
            table = by_word.get(form) or by_ending.get(form.lower()[-3:]) or overall
            right += table.most_common(1)[0][0] == upos
            total += 1
        print(f"{name}: {total} words, UPOS {right / total:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
