#!/bin/sh
# Allocations per document of a quarry command in the steady state: runs it over the first N
# and the first 2N documents of a JSON Lines corpus and reports the difference divided by N,
# so that loading rules and models (the same in both runs) cancels out.
#
#   scripts/count_allocations.sh .build/release/quarry 1000 run Rules/news.quarry -f jsonl --jobs 1
#
# The corpus is ../shared/data/corpus/wikinews.jsonl (QUARRY_CORPUS to change it); the
# documents are appended as the command's last argument. Needs a C compiler (cc).
set -eu
if [ $# -lt 3 ]; then
    echo "usage: $0 QUARRY N ARGS..." >&2
    exit 2
fi
quarry=$1; n=$2; shift 2
corpus=${QUARRY_CORPUS:-$(dirname "$0")/../../shared/data/corpus/wikinews.jsonl}
if [ ! -f "$corpus" ]; then
    echo "skipped: no corpus at $corpus (set QUARRY_CORPUS)" >&2
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -shared -fPIC -o "$work/count.so" "$(dirname "$0")/tools/count_allocations.c" -ldl
head -n "$n" "$corpus" > "$work/one.jsonl"
head -n $((2 * n)) "$corpus" > "$work/two.jsonl"
count() {
    LD_PRELOAD="$work/count.so" "$quarry" "$@" 2>&1 >/dev/null | sed -n 's/^allocations: \([0-9]*\) calls, \([0-9]*\) bytes$/\1 \2/p' | tail -n 1
}
set -- "$@"
one=$(count "$@" "$work/one.jsonl")
two=$(count "$@" "$work/two.jsonl")
echo "$one $two $n" | awk '{ printf "allocations per document (documents %d-%d): %.0f calls, %.0f bytes\n", $5 + 1, 2 * $5, ($3 - $1) / $5, ($4 - $2) / $5 }'
