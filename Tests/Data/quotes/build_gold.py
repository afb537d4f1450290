#!/usr/bin/env python3
"""Builds wikinews-speech.jsonl from annotations.txt and the Wikinews corpus in ../shared.

    python3 Tests/Data/quotes/build_gold.py [path/to/wikinews.jsonl]

Each annotation line is `content ||| cue ||| source ||| entity` (see annotations.txt);
offsets in the output are code points (Python str indices), half-open, as in PolNeAR's
JSON Lines files, so `quarry evaluate quotes --gold` reads it as it is.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "corpus", "wikinews.jsonl")


def occurrences(text, needle):
    result, start = [], text.find(needle)
    while start >= 0:
        result.append(start)
        start = text.find(needle, start + 1)
    return result


def nearest(text, needle, anchor, what, article):
    found = occurrences(text, needle)
    if not found:
        sys.exit(f"{article}: {what} not found: {needle!r}")
    start = min(found, key=lambda s: min(abs(s - anchor[0]), abs(s + len(needle) - anchor[1]), abs(s - anchor[1]), abs(s + len(needle) - anchor[0])))
    return [start, start + len(needle)]


QUOTE_MARKS = "\"“‘'«"


def paragraph_quotations(text, piece):
    """A piece split where a paragraph break is followed by an opening quotation mark (a
    quotation that goes on in the next paragraph), without the break."""
    start, end = piece
    result, k = [], start
    while True:
        brk = text.find("\n", k, end)
        if brk < 0:
            break
        nxt = brk
        while nxt < end and text[nxt] in "\n \t":
            nxt += 1
        if nxt < end and text[nxt] in QUOTE_MARKS:
            result.append([start, brk])
            start = nxt
        k = nxt
    result.append([start, end])
    return result


def cue_and_sources(text, pieces, cue, source, article):
    """The cue's span nearest the content, and each source's (`a + b`) nearest the cue."""
    span = (pieces[0][0], pieces[-1][1])
    cues = [nearest(text, cue, span, "cue", article)] if cue else []
    around = (cues[0][0], cues[0][1]) if cues else span
    sources = [nearest(text, s.strip(), around, "source", article) for s in source.split(" + ")] if source else []
    return cues, sources


def parse(path):
    articles, current = {}, None
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith("## "):
            current = line[3:].strip()
            articles[current] = []
        elif line.strip() and not line.startswith("#"):
            fields = [f.strip().replace("\\n", "\n") for f in line.split("|||")]
            if len(fields) != 4 or current is None:
                sys.exit(f"annotations.txt:{number}: expected 'content ||| cue ||| source ||| entity'")
            articles[current].append((number, *fields))
    return articles


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_CORPUS
    articles = parse(os.path.join(HERE, "annotations.txt"))
    texts = {}
    for line in open(corpus, encoding="utf-8"):
        d = json.loads(line)
        if d["id"] in articles:
            texts[d["id"]] = d
    out = open(os.path.join(HERE, "wikinews-speech.jsonl"), "w", encoding="utf-8")
    total = 0
    for article, quotes in articles.items():
        d = texts[article]
        text = d["text"]
        attributions, cursor = [], 0
        for number, content, cue, source, entity in quotes:
            pieces, anchor = [], cursor
            selector = None
            if "@" in content and content.rsplit("@", 1)[1].isdigit():
                content, selector = content.rsplit("@", 1)
                content = content.strip()
            for k, piece in enumerate(content.split(" ++ ")):
                found = [s for s in occurrences(text, piece) if s >= anchor]
                if selector and k == 0:
                    found = occurrences(text, piece)[int(selector) - 1:]
                if not found:
                    sys.exit(f"annotations.txt:{number}: content not found after offset {anchor}: {piece[:60]!r}")
                pieces.append([found[0], found[0] + len(piece)])
                anchor = found[0] + len(piece)
            cursor = pieces[0][0]
            cues, sources = cue_and_sources(text, pieces, cue, source, article)
            quote = {"cue": cues, "source": sources, "entity": entity}
            # A direct quote of several quotations (interrupted by its cue, or going on in the
            # next paragraph) is one quote per quotation, each with the cue and source, the later
            # ones linked to the first by "run" (its index in the article's list).
            quotations = [q for piece in pieces for q in paragraph_quotations(text, piece)]
            if len(quotations) > 1 and all(text[s] in QUOTE_MARKS for s, _ in quotations):
                first = len(attributions)
                for k, q in enumerate(quotations):
                    attributions.append({"content": [q], **quote, **({"run": first} if k else {})})
                    total += 1
                continue
            attributions.append({"content": pieces, **quote})
            total += 1
        record = {"id": d["id"], "title": d.get("title"), "source": "wikinews", "licence": "CC BY 2.5, Wikinews contributors",
                  "url": d.get("url"), "date": d.get("date"), "text": text, "attributions": attributions}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(articles)} articles, {total} quotes -> wikinews-speech.jsonl")


if __name__ == "__main__":
    main()
