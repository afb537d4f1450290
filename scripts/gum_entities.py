#!/usr/bin/env python3
"""Turn GUM's entity annotation into a gold file of NAMED entities for `quarry evaluate entities`.

Reads the CC BY part of UD English GUM (../shared/data/ud/en_gum-ud-{dev,train}-ccby.conllu,
licence in LICENSE_GUM.txt beside it; the test split is held out and never read) and writes
JSON Lines, one document a line: {"id" (the GUM doc id), "title", "genre", "url", "source",
"licence", "text", "entities": [{"start", "end", "label", "text"}]}, code-point offsets,
half-open, sorted, never overlapping.

    python3 scripts/gum_entities.py --split dev --output /tmp/gum-dev-entities.jsonl
    .build/release/quarry evaluate entities --gold /tmp/gum-dev-entities.jsonl

Text: surface tokens (a multiword token's form) joined by one space, none after SpaceAfter=No;
sentences joined by "\n", paragraphs ("# newpar") by "\n\n". The words of a multiword token get
consecutive sub-ranges of it (in GUM they always concatenate to its form): "Bernoulli|'s".

Mentions: MISC Entity=(ID-type-... opens a mention, ID) closes it; GUM marks every mention,
named or not. Types person, organization, place become PERSON, ORG, GPE (Quarry scores GPE and
LOC as one class); other types are ignored. A mention's root is its word whose HEAD lies
outside it (the first, if several). It is NAMED when the root is a PROPN, or a common noun with
a PROPN flat dependent ("interviewee David Titley"): "Chicago", "the University of Chicago",
not "he", "the city", "the mayor of Chicago". As in docs/entities.md, a person mention is not
named when its root is plural (groups, demonyms: "Americans", "Republican Senators") or its
name is only TITLES ("the President", "Mr. President", "Madam Speaker"; also "God").

The span kept is the name: from that PROPN out over contiguous name words (a PROPN, or a
capitalised word that is not a determiner, pronoun, adposition, conjunction, particle or
auxiliary: "the Linguistic Society"), across CONNECTORS followed by more name words ("-" for
persons; "of", "and", "the", numbers ... too for the others: "Bank of America"); never across a
word reached from the root by conj, appos, a clause and the like ("Cloud9 and Immortals" ->
"Cloud9"), a comma ("Trinity College, Cambridge" -> "Trinity College"), other words ("X
University in Evanston"), a person's common-noun root, or a mention nested in a person's
("United States President Barack Obama" -> GPE "United States", PERSON "President Barack
Obama"). So "the", "his" and a trailing "'s" stay out, as docs/entities.md wants.

Nesting: mentions are visited longest first and a name overlapping one already kept is dropped,
so the outermost named mention wins ("Aberdeen" in "Aberdeen Grammar School" goes); a name in a
mention that is not named ("the mayor of Chicago"), or outside the outer one's name ("Claudia
Mo of the Civic Party"), stays.

Known departures from docs/entities.md: GUM decides what is a person, organisation or place
(places include buildings; "North Korea" can be ORG); capitalised common nouns GUM tags PROPN
stay ("our Nation", "the Senate"); "of" can run on ("University of Sheffield of the UK").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

UD_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "ud"  # ../shared beside the checkout
LABELS = {"person": "PERSON", "organization": "ORG", "place": "GPE"}
LICENCE = ("CC BY (the CC BY genres of UD English GUM, per LICENSE_GUM.txt: Wikimedia, OpenStax, "
           "YouTube CC and Santa Barbara Corpus texts; political speeches public domain); "
           "annotation: the GUM annotators, https://corpling.uis.georgetown.edu/gum/")
ENTITY = re.compile(r"\((\d+)-([a-z]+)[^()]*(\))?|(\d+)\)")  # opener (ID-type-..., optional ")", or ID)
NOT_NAME_UPOS = {"DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "PUNCT", "AUX", "SYM"}
OUTSIDE_NAME = {"conj", "cc", "appos", "acl", "acl:relcl", "advcl", "parataxis", "list", "dep",
                "orphan", "reparandum", "discourse", "vocative", "dislocated"}
CONNECTORS = {"PERSON": {"-", "–"}, "ORG": {"-", "–", "of", "for", "on", "and", "&", "the", "de"}}
CONNECTORS["GPE"] = CONNECTORS["ORG"]
TITLES = set("""mr mrs ms miss madam madame sir dame lord lady dr doctor prof professor president vice
    emperor empress king queen prince princess duke duchess earl count countess baron chair chairman
    chairwoman director secretary minister prime senator sen representative rep governor gov mayor
    speaker whip leader judge justice chief general major colonel captain lieutenant sergeant admiral
    commander command tsar czar pope bishop archbishop cardinal reverend rev father saint st fellow protector god""".split())


def read_documents(path: Path) -> list[tuple[str, dict, list]]:
    """(doc id, meta, paragraphs) per document; a paragraph is a list of sentences, a sentence a
    list of word dicts; a multiword token's (form, misc) is "token" on its first word."""
    docs, sentence, first, token_end = [], [], 0, 0
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("# newdoc"):
            docs.append((line.split("=", 1)[1].strip(), {}, [[]]))
        elif line.startswith("# meta::"):
            key, _, value = line[len("# meta::"):].partition(" = ")
            docs[-1][1][key] = value.strip()
        elif line == "# newpar" or line.startswith("# newpar "):
            docs[-1][2].append([])
        elif not line.strip():
            if sentence:
                docs[-1][2][-1].append(sentence)
            sentence, token_end = [], 0
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "." in cols[0]:
                continue  # empty node
            if "-" in cols[0]:
                first, token_end = map(int, cols[0].split("-"))
                token = (cols[1], cols[9])
                continue
            n = int(cols[0])
            sentence.append({"form": cols[1], "upos": cols[3], "head": int(cols[6]) - 1, "deprel": cols[7],
                             "misc": cols[9], "plural": cols[4] == "NNPS" or "Number=Plur" in cols[5],
                             "in_token": n <= token_end, **({"token": token} if n == first <= token_end else {})})
    if sentence:
        docs[-1][2][-1].append(sentence)
    return [(doc_id, meta, [p for p in paragraphs if p]) for doc_id, meta, paragraphs in docs if any(paragraphs)]


def mentions(sentence: list[dict]) -> list[tuple[int, int, str, str]]:
    """(first word, last word, GUM type, entity id) of every mention, in the order they open."""
    open_ids, found = {}, []
    for i, word in enumerate(sentence):
        field = next((f[7:] for f in word["misc"].split("|") if f.startswith("Entity=")), "")
        for m in ENTITY.finditer(field):
            if m.group(1):
                found.append([i, None, m.group(2), m.group(1)])
                open_ids.setdefault(m.group(1), []).append(found[-1])
                if m.group(3):
                    open_ids[m.group(1)].pop()[1] = i
            else:
                open_ids[m.group(4)].pop()[1] = i
    return [tuple(m) for m in found if m[1] is not None]


def name_span(sentence: list[dict], mention: tuple, found: list[tuple]) -> tuple[int, int] | None:
    """The name (first word, last word) inside `mention` (a `mentions` tuple), or None when the
    mention is not named; `found` are the sentence's other mentions."""
    s, e, kind, ident = mention
    label = LABELS[kind]
    root = next(i for i in range(s, e + 1) if not s <= sentence[i]["head"] <= e)
    anchor = root if sentence[root]["upos"] == "PROPN" else next(  # "interviewee David Titley"
        (i for i in range(s, e + 1) if sentence[i]["head"] == root and sentence[i]["deprel"].startswith("flat")
         and sentence[i]["upos"] == "PROPN"), None)
    if anchor is None or (label == "PERSON" and sentence[root]["plural"]):
        return None
    blocked = {i for s2, e2, _, id2 in found if id2 != ident and s <= s2 and e2 <= e
               and not s2 <= anchor <= e2 for i in range(s2, e2 + 1)} if label == "PERSON" else set()

    def in_name(i: int) -> bool:
        if i == root:  # a common-noun root: "the Comédie-Française" yes, "interviewee David Titley" no
            return label != "PERSON"
        while sentence[i]["head"] != root:  # climb to the root's child on the path
            i = sentence[i]["head"]
            if not s <= i <= e:
                return False
        return sentence[i]["deprel"] not in OUTSIDE_NAME

    def role(i: int) -> str | None:
        w = sentence[i]
        if i in blocked or not in_name(i):
            return None
        if w["upos"] == "PROPN" or (w["form"][:1].isupper() and w["upos"] not in NOT_NAME_UPOS):
            return "name"
        return "connector" if w["form"].lower() in CONNECTORS[label] or (label != "PERSON" and w["upos"] == "NUM") else None

    start = end = anchor
    for step, limit in ((-1, s), (1, e)):
        i = anchor + step
        while (i - limit) * step <= 0 and role(i):
            if role(i) == "name":
                start, end = min(start, i), max(end, i)
            i += step
    words = [sentence[i]["form"].lower().rstrip(".") for i in range(start, end + 1)]
    if label == "PERSON" and all(w in TITLES or w in CONNECTORS[label] for w in words):
        return None
    return start, end


def document(doc_id: str, meta: dict, paragraphs: list, source: str) -> dict:
    text, entities = "", []
    for p, paragraph in enumerate(paragraphs):
        for k, sentence in enumerate(paragraph):
            text += "\n\n" if p and not k else "\n" if k else ""
            offsets = []  # per word: (start, end) in the text
            for word in sentence:
                if "token" in word:  # a multiword token: its form once, its words as sub-ranges
                    form, misc = word["token"]
                    cursor, text = len(text), text + form + ("" if "SpaceAfter=No" in misc else " ")
                if word["in_token"]:
                    offsets.append((cursor, cursor + len(word["form"])))
                    cursor += len(word["form"])
                else:
                    offsets.append((len(text), len(text) + len(word["form"])))
                    text += word["form"] + ("" if "SpaceAfter=No" in word["misc"] else " ")
            text = text.rstrip(" ")
            found = [m for m in mentions(sentence) if m[2] in LABELS]
            names = []
            for mention in found:
                span = name_span(sentence, mention, found)
                if span:
                    names.append((mention[0] - mention[1], mention[0], *span, LABELS[mention[2]]))
            kept = []
            for _, _, s, e, label in sorted(names, key=lambda n: (n[0], n[1])):  # longest mention first
                if all(e < ks or ke < s for ks, ke, _ in kept):
                    kept.append((s, e, label))
            for s, e, label in kept:
                start, end = offsets[s][0], offsets[e][1]
                entities.append({"start": start, "end": end, "label": label, "text": text[start:end]})
    entities.sort(key=lambda m: m["start"])
    return {"id": doc_id, "title": meta.get("title", ""), "genre": meta.get("genre", ""), "url": meta.get("sourceURL", ""),
            "source": source, "licence": LICENCE, "text": text, "entities": entities}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "train"), required=True, help="which GUM split (test is held out)")
    parser.add_argument("--output", type=Path, required=True, help="JSON Lines file to write")
    args = parser.parse_args()
    path = UD_DIR / f"en_gum-ud-{args.split}-ccby.conllu"
    if not path.is_file():
        print(f"error: {path} is absent: the CC BY part of UD English GUM is expected there", file=sys.stderr)
        return 1
    source = f"UD English GUM, {path.name}"
    docs = [document(doc_id, meta, paragraphs, source) for doc_id, meta, paragraphs in read_documents(path)]
    with args.output.open("w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    counts = Counter(m["label"] for doc in docs for m in doc["entities"])
    print(f"{path.name}: {len(docs)} documents, {sum(counts.values())} named mentions "
          f"({', '.join(f'{label} {counts[label]}' for label in ('PERSON', 'ORG', 'GPE'))}) -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
