#!/usr/bin/env python3
"""How often a quote's canonical speaker (its `entity`) is the one the gold names.

`quarry evaluate quotes` scores the speaker *mention* ("he" overlapping the gold "he"); this
scores what the mention resolves to ("Antony Blinken"), on a gold file whose attributions
carry `entity` (Tests/Data/quotes/wikinews-speech.jsonl, styles-speech.jsonl). A gold quote
counts when a predicted quote overlaps its first content piece; the entity is right when one
name contains the other or both end in the same word ("Mr Lewis" / "James Lewis").

    python3 scripts/quote_entities.py [--quarry .build/release/quarry] [--pipeline Rules/news.quarry]
                                      [--gold Tests/Data/quotes/wikinews-speech.jsonl] [--errors]
"""
import argparse
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def same(gold: str, predicted: str) -> bool:
    g, p = gold.lower(), predicted.lower()
    return bool(p) and (p in g or g in p or p.split()[-1] == g.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quarry", default=str(ROOT / ".build" / "release" / "quarry"))
    parser.add_argument("--pipeline", default=str(ROOT / "Rules" / "news.quarry"))
    parser.add_argument("--gold", default=str(ROOT / "Tests" / "Data" / "quotes" / "wikinews-speech.jsonl"))
    parser.add_argument("--errors", action="store_true", help="list each wrong entity")
    args = parser.parse_args()
    gold = [json.loads(line) for line in open(args.gold, encoding="utf-8")]
    documents = "".join(json.dumps({"id": d["id"], "text": d["text"]}) + "\n" for d in gold)
    out = subprocess.run([args.quarry, "run", args.pipeline, "-", "-f", "jsonl", "--layers", "quotes", "--offsets", "codepoints"],
                         input=documents.encode(), capture_output=True, check=True).stdout.decode()
    predicted = {json.loads(line)["id"]: json.loads(line).get("quotes", []) for line in out.splitlines()}
    right, total, wrong = 0, 0, []
    for d in gold:
        quotes = predicted.get(d["id"], [])
        for a in d["attributions"]:
            if not a.get("entity"):
                continue
            start, end = a["content"][0]
            best = max(quotes, key=lambda q: min(end, q["end"]) - max(start, q["start"]), default=None)
            if best is None or min(end, best["end"]) - max(start, best["start"]) <= 0:
                continue
            total += 1
            if same(a["entity"], best["entity"] or ""):
                right += 1
            else:
                wrong.append((d["id"], a["entity"], best["entity"]))
    print(f"{Path(args.gold).name}: entity right {right}/{total}" + (f" ({right / total:.3f})" if total else ""))
    if args.errors:
        for ident, g, p in wrong:
            print(f"  {ident}: gold {g!r}, predicted {p!r}")


if __name__ == "__main__":
    main()
