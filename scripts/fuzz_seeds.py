#!/usr/bin/env python3
"""Build the seed corpora of the fuzz targets (Fuzz/, scripts/fuzz.sh) into a folder.

    python3 scripts/fuzz_seeds.py Fuzz/corpus/seeds            (what scripts/fuzz.sh runs)
    python3 scripts/fuzz_seeds.py OUT --shared ../shared/data

Writes OUT/TARGET/NAME, one input a file, for the targets rules, documents, pipeline, quotes, tagger,
prefilter and service. Inputs come from the checkout's Rules/ (the rule files; the regexes of their
rules) and, when present, the shared data beside the checkout (../shared/data, or --shared,
or $QUARRY_SHARED_DATA): the seed article, a few Wikinews documents, sentence-boundary cases
and PolNeAR texts. Without the shared data the corpora are built from Rules/ and the texts
in Examples/ only. Every input is at most the target's -max_len (see scripts/fuzz.sh), cut
on a character boundary. The output is the same on every run (no randomness), and OUT is
emptied first.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LEN = {"rules": 8192, "documents": 8192, "pipeline": 4096, "quotes": 4096, "prefilter": 4096, "service": 4096, "tagger": 16384}


def cut(data: bytes, limit: int) -> bytes:
    """The longest prefix of at most `limit` bytes that does not split a UTF-8 character."""
    if len(data) <= limit:
        return data
    end = limit
    while end > 0 and (data[end] & 0xC0) == 0x80:
        end -= 1
    return data[:end]


def jsonl(path: Path, limit: int) -> list[dict]:
    records = []
    if not path.exists():
        return records
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if len(records) >= limit:
                break
            line = line.strip()
            if line:
                records.append(json.loads(line))
    return records


class Corpus:
    def __init__(self, out: Path):
        self.out = out
        self.counts: dict[str, int] = {}
        self.seen: set[tuple[str, bytes]] = set()

    def add(self, target: str, name: str, data: bytes) -> None:
        data = cut(data, MAX_LEN[target])
        if not data or (target, data) in self.seen:
            return
        self.seen.add((target, data))
        folder = self.out / target
        folder.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name)[:60]
        (folder / f"{len(list(folder.iterdir())):04d}-{safe}").write_bytes(data)
        self.counts[target] = self.counts.get(target, 0) + 1


def declarations(text: str) -> list[str]:
    """A rule file's declarations: each unindented line with the indented lines after it."""
    blocks: list[list[str]] = []
    for line in text.split("\n"):
        if line and not line[0].isspace() and not line.startswith("#"):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    return ["\n".join(block).rstrip() + "\n" for block in blocks]


def rule_files() -> list[Path]:
    return sorted((ROOT / "Rules").rglob("*.quarry"))


def seeds_rules(corpus: Corpus) -> None:
    for path in rule_files():
        data = path.read_bytes()
        name = str(path.relative_to(ROOT / "Rules"))
        if len(data) <= MAX_LEN["rules"]:
            corpus.add("rules", name, data)
        # Runs of declarations of about 1.5 KB (one at a time for small files), so that big
        # files seed as well and each kind of declaration appears in a short input.
        chunk = ""
        chunks = 0
        for block in declarations(data.decode("utf-8")):
            if chunk and len(chunk) + len(block) > 1500:
                corpus.add("rules", name, chunk.encode())
                chunk = ""
                chunks += 1
                # The generated benchmark sets repeat one shape: a few chunks of each do.
                if name.startswith("bench/") and chunks == 3:
                    break
            chunk += block
            if len(data) <= 4000:
                corpus.add("rules", name, block.encode())
        if chunk:
            corpus.add("rules", name, chunk.encode())


RULE_LINE = re.compile(r"^rule\s+\S+\s+\S+\s+/((?:\\.|\[(?:\\.|[^\]])*\]|[^/\\\[])+)/([a-z]*)(.*)$")


def regexes() -> list[list[str]]:
    """The regexes of the shipped rules that use no macro or list (as prefilter rule lines),
    a list per rule file."""
    files = []
    for path in rule_files():
        found = []
        files.append(found)
        for line in path.read_text(encoding="utf-8").split("\n"):
            match = RULE_LINE.match(line)
            if not match or "{" in match.group(1).replace("\\{", ""):
                continue
            pattern, flags, rest = match.groups()
            prefix = ("i" if "i" in flags or "caseless" in rest else "") + ("a" if "ascii" in rest else "")
            prefix += "t" if "scope=tokens" in rest else "s" if "scope=sentence" in rest else ""
            found.append((prefix + ":" if prefix else "") + pattern.replace("\\/", "/"))
    return [found for found in files if found]


def word_lists() -> list[list[str]]:
    """The entries of the entity word lists under Rules/en/entities (one a line)."""
    lists = []
    for path in sorted((ROOT / "Rules" / "en" / "entities").glob("*.txt")):
        entries = [line.split("\t")[0].strip() for line in path.read_text(encoding="utf-8").split("\n")]
        entries = [e for e in entries if e and not e.startswith("#") and "|" not in e]
        if entries:
            lists.append(entries)
    return lists


def texts(shared: Path | None) -> list[tuple[str, str]]:
    """News texts: the seed article, its paragraphs, and a few documents of the shared data."""
    result: list[tuple[str, str]] = []
    seed = shared / "seed" / "blinken-seoul.txt" if shared else None
    if not seed or not seed.exists():
        seed = ROOT / "Examples" / "blinken-seoul.txt"
    if seed.exists():
        article = seed.read_text(encoding="utf-8")
        result.append(("seed-article", article))
        for k, paragraph in enumerate(p for p in article.split("\n\n") if p.strip()):
            result.append((f"seed-paragraph-{k}", paragraph))
        for k, start in enumerate(range(0, len(article), 400)):
            result.append((f"seed-window-{k}", article[start:start + 700]))
    if shared:
        for record in jsonl(shared / "corpus" / "wikinews.jsonl", 12):
            result.append((f"wikinews-{record.get('id', '')}", record["text"][:3000]))
        for record in jsonl(shared / "corpus" / "wikinews_gum.jsonl", 6):
            result.append((f"gum-{record.get('id', '')}", record["text"][:3000]))
        for record in jsonl(shared / "quotes" / "polnear" / "polnear_dev.jsonl", 6):
            if isinstance(record.get("text"), str):
                result.append((f"polnear-{len(result)}", record["text"][:3000]))
    return result


def sentence_cases(shared: Path | None) -> list[str]:
    if not shared:
        return []
    cases = []
    for name in ["golden_rules_en.jsonl", "pysbd_regression_issues.jsonl"]:
        for record in jsonl(shared / "sbd" / name, 400):
            if isinstance(record.get("text"), str):
                cases.append(record["text"])
    return cases


def seeds_text_targets(corpus: Corpus, shared: Path | None) -> None:
    for name, text in texts(shared):
        corpus.add("pipeline", name, text.encode())
        # The quote stage: the texts with quotation marks.
        if re.search("[\"“”‘’«»„]", text):
            corpus.add("quotes", name, text.encode())
    # Short sentence-boundary cases, a few per input.
    cases = sentence_cases(shared)
    for k in range(0, min(len(cases), 120), 4):
        joined = "\n\n".join(cases[k:k + 4])
        corpus.add("pipeline", f"sbd-{k}", joined.encode())
        if re.search("[\"“”‘’«»„']", joined):
            corpus.add("quotes", f"sbd-{k}", joined.encode())


def seeds_documents(corpus: Corpus, shared: Path | None) -> None:
    news = texts(shared)
    for name, text in news[:8]:
        corpus.add("documents", name + ".txt", text[:1500].encode())
    # JSON Lines: records of the shared corpora with their other fields, a few a file.
    records: list[dict] = []
    if shared:
        records += [dict(r, text=r["text"][:800]) for r in jsonl(shared / "corpus" / "wikinews.jsonl", 6)]
        records += [dict(r, text=r["text"][:800]) for r in jsonl(shared / "corpus" / "wikinews_gum.jsonl", 3)]
        records += jsonl(shared / "sbd" / "golden_rules_en.jsonl", 6)
    if not records:
        records = [{"id": name, "text": text[:800], "source": "seed"} for name, text in news[:6]]
    for k in range(0, len(records), 3):
        lines = [json.dumps(r, ensure_ascii=k % 2 == 0) for r in records[k:k + 3]]
        corpus.add("documents", f"records-{k}.jsonl", ("\n".join(lines) + "\n").encode())


def seeds_prefilter(corpus: Corpus, shared: Path | None) -> None:
    files = regexes()
    news = [text for _, text in texts(shared)] or ["SEOUL, Nov 9 (Reuters) - North Korea said."]
    # Three rules from three rule files and a text slice per input, so that the gazetteers'
    # literal rules meet the structural ones (dates, money, units).
    lists = word_lists()
    for k in range(150):
        group = []
        for j in range(3):
            patterns = files[(k + j * 5) % len(files)]
            group.append(patterns[(k * 7 + j) % len(patterns)])
        # Every fifth input has a word list (matched over tokens) among its rules.
        if lists and k % 5 == 0:
            entries = lists[(k // 5) % len(lists)]
            start = (k * 13) % max(1, len(entries) - 12)
            group[1] = ("wi:" if k % 10 == 0 else "w:") + "|".join(entries[start:start + 12])
        text = news[k % len(news)]
        offset = (k * 211) % max(1, len(text) - 600)
        body = "\n".join(group) + "\n\n" + text[offset:offset + 600]
        corpus.add("prefilter", f"rules-{k}", body.encode())


def seeds_service(corpus: Corpus, shared: Path | None) -> None:
    """Calls as the service target reads them (Fuzz/Sources/service/main.swift): a mode byte
    (0 a text, 1 a line of options and a text, 2 a batch request, +4 the batch on two threads
    as well), then the text or request."""
    news = [text for _, text in texts(shared)] or ["“We will not waver,” Blinken said in Seoul."]
    options = [{}, {"layers": "all"}, {"layers": ["tokens", "quotes"], "offsets": "utf16"},
               {"offsets": "utf8", "tokens": "columns", "layers": "all"}, {"format": "jsonl"},
               {"format": "html"}, {"pipeline": "news-attribution"}, {"index_base": 7}]
    for k, text in enumerate(news[:24]):
        text = text[:900]
        fields = options[k % len(options)]
        corpus.add("service", f"text-{k}", bytes([0]) + text.encode())
        line = json.dumps({key: value for key, value in fields.items() if key != "index_base"}, ensure_ascii=k % 3 == 0)
        corpus.add("service", f"options-{k}", bytes([1]) + line.encode() + b"\n" + text.encode())
        single = dict({"text": text, "id": f"doc-{k}"}, **fields)
        corpus.add("service", f"single-{k}", bytes([2]) + json.dumps(single, ensure_ascii=k % 3 == 0).encode())
        batch = dict({"documents": [{"text": t[:400]} for t in news[k:k + 3]] + [{"id": 5, "text": text[:200], "url": "u"}]}, **fields)
        corpus.add("service", f"batch-{k}", bytes([6]) + json.dumps(batch).encode())


def seeds_tagger(corpus: Corpus, shared: Path | None) -> None:
    """The tagger target: a byte choosing the reader, then CoNLL-U text (the UD dev files' first
    sentences, when present) or a model file (the shipped one, cut to the length limit; the
    small hand-made model is in Fuzz/seeds/tagger)."""
    model = ROOT / "Rules" / "en" / "tagger.qtag"
    if model.exists():
        corpus.add("tagger", "shipped-model", b"\x00" + model.read_bytes())
    if shared is None:
        return
    for name in ("en_ewt-ud-dev.conllu", "en_gum-ud-dev-ccby.conllu"):
        path = shared / "ud" / name
        if not path.exists():
            continue
        blocks = path.read_bytes().split(b"\n\n")
        for k in range(0, min(len(blocks), 60), 6):
            corpus.add("tagger", f"{name}-{k}", b"\x01" + b"\n\n".join(blocks[k:k + 6]) + b"\n\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to fill (emptied first)")
    parser.add_argument("--shared", type=Path, help="the shared data folder (default: ../shared/data beside the checkout)")
    args = parser.parse_args()
    shared = args.shared or Path(os.environ.get("QUARRY_SHARED_DATA") or ROOT.parent / "shared" / "data")
    if not shared.exists():
        print(f"fuzz_seeds: no shared data at {shared}; seeding from Rules/ and Examples/ only", file=sys.stderr)
        shared = None
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    corpus = Corpus(args.out)
    seeds_rules(corpus)
    seeds_documents(corpus, shared)
    seeds_text_targets(corpus, shared)
    seeds_prefilter(corpus, shared)
    seeds_service(corpus, shared)
    seeds_tagger(corpus, shared)
    print("fuzz_seeds: " + ", ".join(f"{t} {n}" for t, n in sorted(corpus.counts.items())) + f" inputs in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
