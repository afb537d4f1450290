#!/usr/bin/env python3
"""Builds styles-speech.jsonl from styles.txt (Quarry's own articles in five news styles).

    python3 Tests/Data/quotes/build_styles.py

Each article is "## id | style", its text, "---", then one line per quote: `content |||
cue ||| source ||| entity` (pieces of one content joined with " ++ "). Offsets are code
points, half-open, in the JSON Lines format `quarry evaluate quotes --gold` reads.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from build_gold import cue_and_sources, occurrences  # noqa: E402  (same folder)


def parse(path):
    articles, current, mode = [], None, None
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith("## "):
            ident, _, style = line[3:].partition("|")
            current = {"id": ident.strip(), "style": style.strip(), "lines": [], "quotes": []}
            articles.append(current)
            mode = "text"
        elif current is None or (line.startswith("#") and mode != "text"):
            continue
        elif line == "---":
            mode = "quotes"
        elif mode == "text":
            current["lines"].append(line)
        elif line.strip():
            fields = [f.strip() for f in line.split("|||")]
            if len(fields) != 4:
                sys.exit(f"styles.txt:{number}: expected 'content ||| cue ||| source ||| entity'")
            current["quotes"].append((number, *fields))
    return articles


def main():
    out = open(os.path.join(HERE, "styles-speech.jsonl"), "w", encoding="utf-8")
    total = 0
    for article in parse(os.path.join(HERE, "styles.txt")):
        text = "\n".join(article["lines"]).strip() + "\n"
        attributions, cursor = [], 0
        for number, content, cue, source, entity in article["quotes"]:
            pieces, anchor = [], cursor
            for piece in content.split(" ++ "):
                found = [s for s in occurrences(text, piece) if s >= anchor] or occurrences(text, piece)
                if not found:
                    sys.exit(f"styles.txt:{number}: content not found: {piece[:60]!r}")
                pieces.append([found[0], found[0] + len(piece)])
                anchor = found[0] + len(piece)
            cursor = pieces[0][0]
            cues, sources = cue_and_sources(text, pieces, cue, source, article["id"])
            attributions.append({"content": pieces, "cue": cues, "source": sources, "entity": entity})
            total += 1
        record = {"id": article["id"], "title": article["style"], "source": "quarry", "licence": "CC BY 2.5, Quarry developers",
                  "text": text, "attributions": attributions}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{total} quotes -> styles-speech.jsonl")


if __name__ == "__main__":
    main()
