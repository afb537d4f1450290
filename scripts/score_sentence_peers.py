#!/usr/bin/env python3
"""Score pySBD, sentencex, ICU and Quarry on the sentence case sets and UD English EWT dev.

The rules are the same as `quarry evaluate sentences`, so the figures can be compared:

  case sets   a case passes when the predicted sentences equal the expected ones after every
              run of white space (the Unicode White_Space property) is collapsed to one space
              and the ends are trimmed; sentences that become empty are dropped on both sides.
              golden (52, and the 48 marked in_pysbd48), sentencex (236), pragmatic (125),
              pysbd (13 issues), from ../shared/data/sbd/; news (89, Quarry's own news-style
              cases), from Tests/QuarrySentencesTests/Fixtures/news_en.jsonl in this project.
  UD dev      boundary precision/recall/F1, where a boundary is the code-point end offset of
              every sentence except the document's last; exact-sentence F1 (start and end both
              equal a gold sentence's); boundary F1 per genre.

pySBD (`pysbd.Segmenter(language="en", clean=False).segment`) and sentencex
(`sentencex.segment("en", text)`) run here, in Python. They return strings, and each one is
located in the text from the end of the previous one, after its surrounding white space is
trimmed. A segment that cannot be found in order is counted under "unlocated" and gives no
sentence. ICU (`--icu-only`) and Quarry are scored by the Swift command itself,
`quarry evaluate sentences --json`, which this script builds in debug mode unless --quarry
names a binary.

    python3 scripts/score_sentence_peers.py
    python3 scripts/score_sentence_peers.py --json
    python3 scripts/score_sentence_peers.py --systems pysbd,sentencex --errors 5

Data missing: the script says "skipped: ..." and exits 0. A missing peer is skipped with a
hint: pip install pysbd sentencex.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from _bench_common import REPO_ROOT, SHARED_DATA, log

SYSTEMS = ("quarry", "icu", "sentencex", "pysbd")
CASE_SETS = (
    ("golden", "sbd/golden_rules_en.jsonl"),
    ("sentencex", "sbd/sentencex_en_tests.jsonl"),
    ("pragmatic", "sbd/pragmatic_segmenter_en_extra.jsonl"),
    ("pysbd", "sbd/pysbd_regression_issues.jsonl"),
    ("news", None),  # in the project, not the shared data: see PROJECT_SETS
)
UD_SET = ("ud", "ud/gold_en_ewt-ud-dev.jsonl")
# Case sets that ship with Quarry (its own cases), relative to the project root.
PROJECT_SETS = {"news": "Tests/QuarrySentencesTests/Fixtures/news_en.jsonl"}

# The Unicode White_Space property: what Swift's Unicode.Scalar.Properties.isWhitespace tests.
# (Python's str.isspace and \s also accept U+001C..U+001F, which are not White_Space.)
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
WHITE_RUN = re.compile(f"[{WHITE_SPACE}]+")
EDGE_SPACE = f"\t\n\x0b\x0c\r \x85\xa0\u1680{''.join(chr(c) for c in range(0x2000, 0x200B))}\u2028\u2029\u202f\u205f\u3000"


def normalize(text: str) -> str:
    return WHITE_RUN.sub(" ", text).strip(" ")


# --------------------------------------------------------------------------------------------
# the systems run here


def dist_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # noqa: BLE001 - cosmetic
        return "?"


def make_peer(name: str):
    """Return (split(text) -> list[str], label); raise ImportError when the peer is missing."""
    if name == "sentencex":
        import sentencex

        return (lambda text: list(sentencex.segment("en", text))), f'sentencex {dist_version("sentencex")}'
    if name == "pysbd":
        import pysbd

        segmenter = pysbd.Segmenter(language="en", clean=False)
        return segmenter.segment, f'pySBD {dist_version("pysbd")} (clean=False)'
    raise ValueError(name)


def locate(text: str, segments: list[str]) -> tuple[list[tuple[int, int]], int]:
    """Code-point spans of the segments, trimmed of white space, found in order; and how many were not found."""
    spans, cursor, unlocated = [], 0, 0
    for segment in segments:
        core = segment.strip(EDGE_SPACE)
        if not core:
            continue
        start = text.find(core, cursor)
        if start < 0:
            unlocated += 1
            continue
        spans.append((start, start + len(core)))
        cursor = start + len(core)
    return spans, unlocated


# --------------------------------------------------------------------------------------------
# scoring, as in EvaluateSentencesCommand.swift


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def case_label(case: dict, index: int) -> str:
    number = case.get("id")
    number = f"#{number}" if isinstance(number, int) else number if isinstance(number, str) else None
    name = case.get("name") if isinstance(case.get("name"), str) else None
    if number and name:
        return f"{number} {name}"
    if number or name:
        return number or name
    if isinstance(case.get("issue"), str):
        return f"issue {case['issue']}"
    return f"case {index + 1}"


def case_labels(cases: list[dict]) -> list[str]:
    labels = [case_label(case, i) for i, case in enumerate(cases)]
    counts = {label: labels.count(label) for label in labels}
    return [f"{label} (case {i + 1})" if counts[label] > 1 else label for i, label in enumerate(labels)]


def score_cases(split, cases: list[dict], name: str, file: str, details: int) -> dict:
    passed = subset_total = subset_passed = 0
    failed, failures = [], []
    for case, label in zip(cases, case_labels(cases)):
        got = [s for s in (normalize(x) for x in split(case["text"])) if s]
        expected = [s for s in (normalize(x) for x in case["sentences"]) if s]
        ok = got == expected
        passed += ok
        if case.get("in_pysbd48") is True:
            subset_total += 1
            subset_passed += ok
        if not ok:
            failed.append(label)
            if len(failures) < details:
                failures.append({"case": label, "expected": expected, "got": got})
    report = {"set": name, "file": file, "total": len(cases), "passed": passed,
              "pass_rate": passed / len(cases) if cases else 0.0, "failed": failed}
    if subset_total:
        report["pysbd48"] = {"total": subset_total, "passed": subset_passed}
    if details:
        report["failures"] = failures
    return report


def counts(gold: int, predicted: int, correct: int) -> dict:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return {"gold": gold, "predicted": predicted, "correct": correct,
            "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score_ud(split, documents: list[dict], name: str, file: str) -> dict:
    totals = {"b": [0, 0, 0], "s": [0, 0, 0]}
    genres: dict[str, list[int]] = {}
    unlocated = 0
    for document in documents:
        text = document["text"]
        gold = sorted((s["start"], s["end"]) for s in document["sentences"])
        predicted, missing = locate(text, split(text))
        unlocated += missing
        gold_b = {end for _, end in gold[:-1]}
        pred_b = {end for _, end in predicted[:-1]}
        hits = len(gold_b & pred_b)
        for key, g, p, c in (("b", len(gold_b), len(pred_b), hits),
                             ("s", len(set(gold)), len(set(predicted)), len(set(gold) & set(predicted)))):
            totals[key][0] += g
            totals[key][1] += p
            totals[key][2] += c
        genre = genres.setdefault(document.get("genre", "all"), [0, 0, 0, 0])
        genre[0] += 1
        genre[1] += len(gold_b)
        genre[2] += len(pred_b)
        genre[3] += hits
    return {
        "set": name, "file": file, "documents": len(documents),
        "boundaries": counts(*totals["b"]), "sentences": counts(*totals["s"]),
        "genres": {g: {**counts(v[1], v[2], v[3]), "documents": v[0]} for g, v in genres.items()},
        "unlocated_segments": unlocated,
    }


def score_peer(name: str, data: dict, details: int) -> dict:
    split, label = make_peer(name)
    report = {"system": name, "label": label, "sets": [], "skipped": []}
    for set_name, (path, rows) in data.items():
        log(f"scoring {name} on {set_name}...")
        if set_name == "ud":
            report["ud"] = score_ud(split, rows, set_name, path.name)
        else:
            report["sets"].append(score_cases(split, rows, set_name, path.name, details))
    return report


# --------------------------------------------------------------------------------------------
# Quarry and ICU through the Swift command


def quarry_binary(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    swift = shutil.which("swift")
    if swift is None:
        raise RuntimeError("swift is not on PATH (pass --quarry PATH)")
    log("building: swift build --product quarry")
    done = subprocess.run([swift, "build", "--package-path", str(REPO_ROOT), "--product", "quarry"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise RuntimeError("swift build failed:\n" + done.stdout[-4000:])
    bin_path = subprocess.run([swift, "build", "--package-path", str(REPO_ROOT), "--show-bin-path"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, check=True).stdout.strip()
    return Path(bin_path) / "quarry"


def score_swift(binary: Path, icu: bool, data: dict, details: int) -> dict:
    report = {"system": "icu" if icu else "quarry",
              "label": "ICU sentence break alone (en@ss=standard)" if icu else "Quarry SentenceSplitter",
              "sets": [], "skipped": []}
    for set_name, (path, _) in data.items():
        command = [str(binary), "evaluate", "sentences", "--json", "--gold", str(path), "--errors", str(details)]
        if icu:
            command.append("--icu-only")
        log("running: " + " ".join(command[1:]))
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} exited with {done.returncode}")
        result = json.loads(done.stdout)
        # --gold names the set "custom": give it its own name back.
        for entry in result.get("sets", []):
            entry["set"] = set_name
            report["sets"].append(entry)
        if "ud" in result:
            result["ud"]["set"] = set_name
            result["ud"].pop("boundary_errors", None)
            report["ud"] = result["ud"]
    return report


# --------------------------------------------------------------------------------------------
# report


def print_table(reports: list[dict], data: dict, notes: list[str]) -> None:
    case_names = [name for name, _ in CASE_SETS if name in data]
    headers = ["system"]
    for name in case_names:
        headers.append(name)
        if name == "golden":
            headers.append("golden48")
    if "ud" in data:
        headers += ["UD bound. F1", "UD P", "UD R", "UD exact F1"]
    rows = []
    for report in reports:
        sets = {entry["set"]: entry for entry in report["sets"]}
        row = [report["system"]]
        for name in case_names:
            entry = sets.get(name)
            row.append(f"{entry['passed']}/{entry['total']}" if entry else "-")
            if name == "golden":
                sub = (entry or {}).get("pysbd48")
                row.append(f"{sub['passed']}/{sub['total']}" if sub else "-")
        if "ud" in data:
            ud = report.get("ud")
            row += [f"{ud['boundaries']['f1']:.4f}", f"{ud['boundaries']['precision']:.4f}",
                    f"{ud['boundaries']['recall']:.4f}", f"{ud['sentences']['f1']:.4f}"] if ud else ["-"] * 4
        rows.append(row)
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths))))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))

    genres = sorted({g for r in reports for g in (r.get("ud") or {}).get("genres", {})})
    if genres:
        print()
        print("UD boundary F1 per genre")
        head = ["system"] + genres
        body = [[r["system"]] + [f"{r['ud']['genres'][g]['f1']:.4f}" if g in r.get("ud", {}).get("genres", {}) else "-"
                                 for g in genres] for r in reports if r.get("ud")]
        w = [max(len(x[i]) for x in body + [head]) for i in range(len(head))]
        print("  ".join(h.ljust(x) if i == 0 else h.rjust(x) for i, (h, x) in enumerate(zip(head, w))))
        for row in body:
            print("  ".join(c.ljust(x) if i == 0 else c.rjust(x) for i, (c, x) in enumerate(zip(row, w))))

    for report in reports:
        for entry in report["sets"]:
            for failure in entry.get("failures", []):
                print(f"{report['system']} {entry['set']} FAIL {failure['case']}")
                print(f"    expected {json.dumps(failure['expected'], ensure_ascii=False)}")
                print(f"    got      {json.dumps(failure['got'], ensure_ascii=False)}")
    print()
    print("Matching: sentences compared after collapsing white-space runs to one space and trimming;")
    print("UD boundary = code-point end of every sentence but the document's last.")
    for report in reports:
        print(f"{report['system']}: {report['label']}")
    for note in notes:
        print("note: " + note)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help=f"comma-separated, from {', '.join(SYSTEMS)} (default: all)")
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help=f"the shared data directory (default: {SHARED_DATA})")
    parser.add_argument("--quarry", help="the quarry binary to run (default: build it with swift build)")
    parser.add_argument("--errors", type=int, default=0, help="show up to N failing cases per system and set")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    args = parser.parse_args()

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in SYSTEMS]
    if unknown:
        parser.error(f"unknown system(s): {', '.join(unknown)}")

    data: dict[str, tuple[Path, list[dict]]] = {}
    notes: list[str] = []
    for name, relative in CASE_SETS + (UD_SET,):
        path = REPO_ROOT / PROJECT_SETS[name] if relative is None else args.data / relative
        if path.is_file():
            data[name] = (path.resolve(), read_jsonl(path))
        else:
            notes.append(f"skipped {name}: {path} not found")
    if not data:
        print(f"skipped: no evaluation data under {args.data}")
        return 0

    reports = []
    binary = None
    if "quarry" in systems or "icu" in systems:
        try:
            binary = quarry_binary(args.quarry)
        except RuntimeError as error:
            notes.append(f"Quarry/ICU not scored: {error}")
    for system in systems:
        if system in ("quarry", "icu"):
            if binary is not None:
                reports.append(score_swift(binary, system == "icu", data, args.errors))
            continue
        try:
            make_peer(system)
        except ImportError:
            notes.append(f"{system} is not installed (skipped): pip install {system}")
            continue
        report = score_peer(system, data, args.errors)
        if report.get("ud", {}).get("unlocated_segments"):
            notes.append(f"{system}: {report['ud']['unlocated_segments']} UD segments not found in the text in order")
        reports.append(report)

    if args.json:
        print(json.dumps({"systems": reports, "notes": notes}, indent=2, ensure_ascii=False))
    else:
        print_table(reports, data, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
