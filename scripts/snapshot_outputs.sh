#!/usr/bin/env bash
# Snapshot what Quarry computes, so that a refactoring can be checked to change nothing.
#
#   scripts/snapshot_outputs.sh QUARRY_BINARY OUT_DIR
#   diff -r OUT_DIR_BEFORE OUT_DIR_AFTER
#
# Records every evaluation figure (tokens, sentences, quotes on PolNeAR dev and train), the
# news pipeline's JSON Lines output over Wikinews and the seed article in every format, and
# every match of the four rule sets (news and Rules/bench) over Wikinews, with and without the
# prefilter. Throughput lines are dropped (they are timings, compared separately).
# Needs ../shared/data; stops with a message when it is absent.
set -euo pipefail
Q=${1:?usage: snapshot_outputs.sh QUARRY_BINARY OUT_DIR}
OUT=${2:?usage: snapshot_outputs.sh QUARRY_BINARY OUT_DIR}
cd "$(dirname "$0")/.."
DATA=../shared/data
if [ ! -f "$DATA/corpus/wikinews.jsonl" ]; then
  echo "snapshot_outputs.sh: $DATA/corpus/wikinews.jsonl is missing; nothing to compare" >&2
  exit 2
fi
mkdir -p "$OUT"
WN=$DATA/corpus/wikinews.jsonl
SEED=Examples/blinken-seoul.txt
# Figures: keep everything but timing lines.
notime() { grep -v -i -E 'MB/s|seconds|[0-9]+(\.[0-9]+)? ?ms\b|chars/s|docs/s' || true; }
"$Q" evaluate tokens 2>&1 | notime > "$OUT/eval-tokens.txt"
"$Q" evaluate sentences 2>&1 | notime > "$OUT/eval-sentences.txt"
"$Q" evaluate quotes 2>&1 | notime > "$OUT/eval-quotes-dev.txt"
"$Q" evaluate quotes --split train 2>&1 | notime > "$OUT/eval-quotes-train.txt"
for f in text json jsonl tsv; do
  "$Q" run Rules/news.quarry -f "$f" "$SEED" > "$OUT/seed-run.$f" 2>&1 || true
done
"$Q" tokenize -f conllu --words "$SEED" > "$OUT/seed-tokenize.conllu" 2>&1 || true
"$Q" split "$SEED" > "$OUT/seed-split.txt" 2>&1 || true
"$Q" run Rules/news.quarry -f jsonl "$WN" 2>&1 | sha256sum > "$OUT/wikinews-run.sha256"
"$Q" tokenize -f jsonl "$WN" 2>&1 | sha256sum > "$OUT/wikinews-tokenize.sha256"
"$Q" split -f jsonl "$WN" 2>&1 | sha256sum > "$OUT/wikinews-split.sha256"
for rules in Rules/news.quarry Rules/bench/gazetteer-1000.quarry Rules/bench/wordlists-100.quarry Rules/bench/structural-50.quarry; do
  name=$(basename "$rules" .quarry)
  "$Q" bench "$rules" "$WN" --repeat 1 --matches "$OUT/matches-$name.tsv" > /dev/null
  "$Q" bench "$rules" "$WN" --repeat 1 --no-prefilter --matches "$OUT/matches-$name-unfiltered.tsv" > /dev/null
  cmp -s "$OUT/matches-$name.tsv" "$OUT/matches-$name-unfiltered.tsv" && echo "$name: prefiltered == unfiltered" >> "$OUT/matches-summary.txt" || echo "$name: DIFFERENT" >> "$OUT/matches-summary.txt"
  wc -l < "$OUT/matches-$name.tsv" | sed "s/^/$name matches: /" >> "$OUT/matches-summary.txt"
  sha256sum "$OUT/matches-$name.tsv" | cut -d' ' -f1 | sed "s/^/$name sha256: /" >> "$OUT/matches-summary.txt"
  rm -f "$OUT/matches-$name.tsv" "$OUT/matches-$name-unfiltered.tsv"
done
echo "snapshot written to $OUT"
