#!/usr/bin/env python3
"""Writes Wikinews (../shared/data/corpus/wikinews.jsonl) as ONE JSON Lines document of about
10 MB, for checking that a matcher's time stays linear on a long document:

    python3 scripts/make_long_document.py > /tmp/long.jsonl
    quarry bench Rules/bench/tokens-stress.quarry /tmp/long.jsonl --jobs 1 --repeat 1
"""
import json
import pathlib
import sys

corpus = pathlib.Path(__file__).resolve().parent.parent.parent / "shared/data/corpus/wikinews.jsonl"
if not corpus.exists():
    sys.exit(f"make_long_document.py: {corpus} is missing")
texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8") if line.strip()]
print(json.dumps({"id": "wikinews-as-one", "text": "\n\n".join(texts)}, ensure_ascii=False))
