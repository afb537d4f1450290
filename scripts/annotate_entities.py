#!/usr/bin/env python3
"""Build and check Quarry's named-entity gold set (Tests/Data/entities/wikinews-entities.jsonl).

The gold set is written by hand as surface strings, not offsets: an annotation file lists, per
article, the mentions by label and text, and this script finds them in the article's text,
turns them into code-point offsets and checks the result. The annotation stays readable and
reviewable, and the offsets are reproducible from it.

    python3 scripts/annotate_entities.py select                # which articles (fixed seed)
    python3 scripts/annotate_entities.py show wikinews-736     # an article's text, paragraphs numbered
    python3 scripts/annotate_entities.py build                 # annotations -> gold JSON Lines
    python3 scripts/annotate_entities.py check                 # validate the gold file alone
    python3 scripts/annotate_entities.py review [ID]           # capitalised words left outside every mention

`select`, `show` and `build` read the Wikinews corpus in ../shared/data/corpus (not shipped with
Quarry); `check` needs only the gold file, which holds the texts.

Annotation file (Tests/Data/entities/annotations.txt), UTF-8, `#` starts a comment line:

    article wikinews-736                  # starts an article, by its corpus id
    PERSON  President Joe Biden           # LABEL, then the surface text (spaces as in the text)
    PERSON  Biden
    GPE     Washington  @1,3              # only the 1st and 3rd whole-word occurrences
    ORG     Apple  !2                     # every occurrence but the 2nd
    -       Washington Post  @1           # claim text without making a mention (see below)

A line without a selector annotates EVERY whole-word occurrence of the text in the article
(case-sensitive; an occurrence is whole-word when the characters on either side are not
letters or digits). Occurrences are numbered from 1 in text order, counting all of them,
also those inside longer mentions. Longer surface strings are placed first and an occurrence
that overlaps a mention already placed is skipped, so "President Joe Biden" and "Biden" can
both be listed: the bare "Biden" lines up with the other occurrences only. The label `-`
places a span that blocks shorter strings but is not written to the gold (a name inside a
title of a work, a "Georgia" that is a person's first name, ...). A selected occurrence that
overlaps a longer mention, or a line whose text does not occur, is an error.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = (REPO_ROOT / ".." / "shared" / "data" / "corpus").resolve()
CORPUS = SHARED_CORPUS / "wikinews.jsonl"
GUM = SHARED_CORPUS / "wikinews_gum.jsonl"
DATA_DIR = REPO_ROOT / "Tests" / "Data" / "entities"
ANNOTATIONS = DATA_DIR / "annotations.txt"
GOLD = DATA_DIR / "wikinews-entities.jsonl"

LABELS = ("PERSON", "ORG", "GPE", "LOC")
BLOCK = "-"
LICENCE = "CC BY 2.5, Wikinews contributors"

# Article selection: a fixed seed, a length window, and topic buckets by title keywords
# (the corpus' own categories are only "politics" and "economy").
SEED = 20261201
MIN_CHARS, MAX_CHARS = 1200, 3200
TOPICS = {
    "sport": r"\b(football|soccer|cup|league|championship|olympic\w*|tennis|cricket|rugby|grand prix|golf|marathon|match|wins? .* (title|final))\b",
    "disaster": r"\b(earthquake|flood\w*|hurricane|typhoon|cyclone|storm|tsunami|fire|blaze|explosion|crash\w*|derail\w*|landslide|volcano)\b",
    "science": r"\b(scientists?|nasa|space|satellite|study|researchers?|disease|virus|vaccine|telescope|species|dinosaur|planet|climate)\b",
    "business": r"\b(company|companies|shares?|bank|merger|acquire\w*|profits?|airline|stock|sales|takeover|ceo|bankrupt\w*)\b",
    "politics": r"\b(election|elected|president|prime minister|parliament|minister|senate|vote|referendum|coalition|protest\w*)\b",
}
PER_TOPIC = 4


def fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        fail(f"{path} not found (the Wikinews corpus lives in ../shared/data/corpus)")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def normalise(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def shingles(text: str, n: int = 8) -> set[str]:
    words = normalise(text).split()
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


class GumIndex:
    """What identifies the Wikinews documents of GUM, which the gold set must not use."""

    def __init__(self) -> None:
        gum = read_jsonl(GUM)
        self.titles = {normalise(d["title"]) for d in gum}
        self.urls = {d.get("url") for d in gum if d.get("url")}
        self.shingles: set[str] = set()
        for d in gum:
            self.shingles |= shingles(d["text"])

    def overlaps(self, article: dict) -> bool:
        """Same title, same URL, or more than two shared 8-word sequences of text."""
        return (normalise(article["title"]) in self.titles or article.get("url") in self.urls
                or len(shingles(article["text"]) & self.shingles) > 2)


def topic_of(title: str) -> str | None:
    for topic, pattern in TOPICS.items():
        if re.search(pattern, title, re.IGNORECASE):
            return topic
    return None


def select(corpus: list[dict], gum: GumIndex) -> list[tuple[str, dict]]:
    """PER_TOPIC articles per topic: the corpus shuffled with SEED, then the first articles of
    the right length whose title falls in the topic (first matching topic wins), none from GUM."""
    order = list(range(len(corpus)))
    random.Random(SEED).shuffle(order)
    chosen: dict[str, list[dict]] = {topic: [] for topic in TOPICS}
    for index in order:
        article = corpus[index]
        if not (MIN_CHARS <= len(article["text"]) <= MAX_CHARS):
            continue
        topic = topic_of(article["title"])
        if topic is None or len(chosen[topic]) >= PER_TOPIC or gum.overlaps(article):
            continue
        chosen[topic].append(article)
        if all(len(v) >= PER_TOPIC for v in chosen.values()):
            break
    return [(topic, a) for topic in TOPICS for a in chosen[topic]]


# MARK: - Annotation file

class Annotation:
    def __init__(self, line: int, label: str, surface: str, include: set[int] | None, exclude: set[int]):
        self.line, self.label, self.surface, self.include, self.exclude = line, label, surface, include, exclude


def parse_annotations(path: Path) -> list[tuple[str, int, list[Annotation]]]:
    """[(article id, line, annotations)] in file order."""
    articles: list[tuple[str, int, list[Annotation]]] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path.name}:{number}"
        if line.startswith("article "):
            articles.append((line.split()[1], number, []))
            continue
        if not articles:
            fail(f"{where}: a mention before the first `article` line")
        label, _, rest = line.partition(" ")
        if label not in LABELS and label != BLOCK:
            fail(f"{where}: unknown label {label!r} (expected one of {', '.join(LABELS)} or {BLOCK})")
        rest = rest.strip()
        include: set[int] | None = None
        exclude: set[int] = set()
        selector = re.search(r"\s+([@!])(\d+(?:,\d+)*)$", rest)
        if selector:
            numbers = {int(n) for n in selector.group(2).split(",")}
            if selector.group(1) == "@":
                include = numbers
            else:
                exclude = numbers
            rest = rest[:selector.start()]
        if not rest:
            fail(f"{where}: no surface text")
        articles[-1][2].append(Annotation(number, label, rest, include, exclude))
    return articles


def is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def occurrences(text: str, surface: str) -> list[int]:
    """Start offsets (code points) of the whole-word occurrences of `surface`."""
    starts, i = [], text.find(surface)
    while i >= 0:
        end = i + len(surface)
        before_ok = i == 0 or not is_word_char(text[i - 1]) or not is_word_char(surface[0])
        after_ok = end == len(text) or not is_word_char(text[end]) or not is_word_char(surface[-1])
        if before_ok and after_ok:
            starts.append(i)
        i = text.find(surface, i + 1)
    return starts


def place(article_id: str, text: str, annotations: list[Annotation], source: str) -> list[dict]:
    """The mentions of one article, longest surface strings first; see the module doc."""
    taken: list[tuple[int, int]] = []
    mentions: list[dict] = []

    def overlaps(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in taken)

    for a in sorted(annotations, key=lambda a: (-len(a.surface), a.line)):
        where = f"{source}:{a.line} [{article_id}]"
        starts = occurrences(text, a.surface)
        if not starts:
            fail(f"{where}: {a.surface!r} does not occur as a whole word")
        wanted = a.include if a.include is not None else set(range(1, len(starts) + 1)) - a.exclude
        bad = sorted(n for n in wanted | a.exclude if not 1 <= n <= len(starts))
        if bad:
            fail(f"{where}: {a.surface!r} occurs {len(starts)} times; no occurrence {bad}")
        placed = 0
        for n, start in enumerate(starts, 1):
            end = start + len(a.surface)
            if n not in wanted:
                continue
            if overlaps(start, end):
                if a.include is not None:
                    fail(f"{where}: occurrence {n} of {a.surface!r} overlaps a longer mention")
                continue
            taken.append((start, end))
            placed += 1
            if a.label != BLOCK:
                mentions.append({"start": start, "end": end, "label": a.label, "text": a.surface})
        if placed == 0:
            fail(f"{where}: every occurrence of {a.surface!r} is inside a longer mention (remove the line?)")
    return sorted(mentions, key=lambda m: (m["start"], m["end"]))


# MARK: - Checks

def validate(articles: list[dict], source: str) -> list[str]:
    """Problems with a gold set: offsets whose text differs, overlaps, unknown labels, duplicate ids."""
    problems, seen = [], set()
    for number, article in enumerate(articles, 1):
        where = f"{source}:{number}"
        for key in ("id", "title", "source", "licence", "text", "entities"):
            if key not in article:
                problems.append(f"{where}: no {key!r}")
        if article.get("id") in seen:
            problems.append(f"{where}: duplicate id {article.get('id')}")
        seen.add(article.get("id"))
        text, previous_end = article.get("text", ""), -1
        for m in article.get("entities", []):
            s, e = m.get("start"), m.get("end")
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
                problems.append(f"{where}: bad offsets {m}")
                continue
            if text[s:e] != m.get("text"):
                problems.append(f"{where}: text[{s}:{e}] is {text[s:e]!r}, not {m.get('text')!r}")
            if m.get("label") not in LABELS:
                problems.append(f"{where}: unknown label in {m}")
            if s < previous_end:
                problems.append(f"{where}: {m} overlaps the previous mention or is out of order")
            if text[s:e] != text[s:e].strip():
                problems.append(f"{where}: white space at the edge of {m}")
            previous_end = max(previous_end, e)
    return problems


def counts(articles: list[dict]) -> dict[str, int]:
    result = {label: 0 for label in LABELS}
    for article in articles:
        for m in article["entities"]:
            result[m["label"]] += 1
    return result


CAPITALISED = re.compile(r"\b[A-Z][\w.'’-]*")


def uncovered(article: dict) -> list[str]:
    """Capitalised words outside every mention, with a little context, for review."""
    text, spans, result = article["text"], [(m["start"], m["end"]) for m in article["entities"]], []
    for match in CAPITALISED.finditer(text):
        s, e = match.span()
        if any(s < me and ms < e for ms, me in spans):
            continue
        context = text[max(0, s - 25):e + 25].replace("\n", " ")
        result.append(f"{match.group():<18} …{context}…")
    return result


# MARK: - Commands

def command_select(args: argparse.Namespace) -> None:
    for topic, article in select(read_jsonl(CORPUS), GumIndex()):
        print(f"{topic:<9} {article['id']:<18} {len(article['text']):>5}  {article['title']}")


def command_show(args: argparse.Namespace) -> None:
    by_id = {a["id"]: a for a in read_jsonl(CORPUS)}
    article = by_id.get(args.id) or fail(f"no article {args.id}")
    print(f"# {article['id']}: {article['title']} ({article.get('date')})")
    for number, paragraph in enumerate(article["text"].split("\n\n"), 1):
        print(f"[{number}] {paragraph}\n")


def command_build(args: argparse.Namespace) -> None:
    corpus = {a["id"]: a for a in read_jsonl(CORPUS)}
    gum = GumIndex()
    out = []
    for article_id, line, annotations in parse_annotations(args.annotations):
        article = corpus.get(article_id)
        if article is None:
            fail(f"{args.annotations.name}:{line}: no article {article_id} in the corpus")
        if gum.overlaps(article):
            fail(f"{args.annotations.name}:{line}: {article_id} is also in GUM; it may not be used")
        entities = place(article_id, article["text"], annotations, args.annotations.name)
        out.append({"id": article_id, "title": article["title"], "source": "wikinews", "licence": LICENCE,
                    "url": article.get("url"), "date": article.get("date"),
                    "text": article["text"], "entities": entities})
    problems = validate(out, args.output.name)
    if problems:
        fail("\n".join(problems))
    with args.output.open("w", encoding="utf-8") as handle:
        for article in out:
            handle.write(json.dumps(article, ensure_ascii=False) + "\n")
    total = counts(out)
    print(f"wrote {args.output} : {len(out)} articles, {sum(total.values())} mentions "
          + ", ".join(f"{k} {v}" for k, v in total.items()))


def command_check(args: argparse.Namespace) -> None:
    articles = [json.loads(line) for line in args.gold.open(encoding="utf-8") if line.strip()]
    problems = validate(articles, args.gold.name)
    if GUM.exists():
        gum = GumIndex()
        problems += [f"{a['id']} is also in GUM" for a in articles if gum.overlaps(a)]
    else:
        print(f"note: {GUM} absent; the GUM overlap check is skipped", file=sys.stderr)
    for p in problems:
        print(p)
    total = counts(articles)
    print(f"{args.gold.name}: {len(articles)} articles, {sum(total.values())} mentions "
          + ", ".join(f"{k} {v}" for k, v in total.items()) + ("" if problems else "; no problems"))
    sys.exit(1 if problems else 0)


def command_review(args: argparse.Namespace) -> None:
    articles = [json.loads(line) for line in args.gold.open(encoding="utf-8") if line.strip()]
    for article in articles:
        if args.id and article["id"] != args.id:
            continue
        print(f"## {article['id']}: {article['title']}")
        for m in article["entities"]:
            print(f"  {m['label']:<7}{m['start']:>6} {m['text']}")
        print("  -- capitalised words outside every mention:")
        for line in uncovered(article):
            print("  " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("select", help="list the articles chosen with the fixed seed").set_defaults(run=command_select)
    show = sub.add_parser("show", help="print an article's text with numbered paragraphs")
    show.add_argument("id")
    show.set_defaults(run=command_show)
    build = sub.add_parser("build", help="turn the annotation file into the gold JSON Lines file")
    build.add_argument("--annotations", type=Path, default=ANNOTATIONS)
    build.add_argument("--output", type=Path, default=GOLD)
    build.set_defaults(run=command_build)
    check = sub.add_parser("check", help="validate a gold file (offsets, overlaps, labels, GUM)")
    check.add_argument("gold", type=Path, nargs="?", default=GOLD)
    check.set_defaults(run=command_check)
    review = sub.add_parser("review", help="list mentions and capitalised words left outside them")
    review.add_argument("id", nargs="?")
    review.add_argument("--gold", type=Path, default=GOLD)
    review.set_defaults(run=command_review)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
