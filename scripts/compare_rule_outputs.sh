#!/bin/sh
# Every rule file under Rules/ run by two quarry builds over the same corpus, output compared
# byte for byte: a rule file with pipelines runs each of them (quarry run --pipeline), one
# without runs its rules through `quarry bench --matches` (every raw match, before overlaps).
#
#   scripts/compare_rule_outputs.sh /tmp/quarry-before .build/release/quarry [corpus.jsonl]
#
# Exit status 0 when every output is the same, 1 otherwise.
set -u
old=$1; new=$2
corpus=${3:-$(dirname "$0")/../../shared/data/corpus/wikinews.jsonl}
if [ ! -f "$corpus" ]; then
    echo "skipped: no corpus at $corpus" >&2
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for file in Rules/*.quarry Rules/*/*.quarry; do
    pipelines=$(sed -n 's/^pipeline \([A-Za-z0-9_-]*\).*/\1/p' "$file")
    if [ -n "$pipelines" ]; then
        for p in $pipelines; do
            "$old" run "$file" --pipeline "$p" -f jsonl --layers all --jobs 2 --quiet "$corpus" > "$work/old" 2>/dev/null
            "$new" run "$file" --pipeline "$p" -f jsonl --layers all --jobs 2 --quiet "$corpus" > "$work/new" 2>/dev/null
            if cmp -s "$work/old" "$work/new"; then echo "same      $file ($p): $(wc -c < "$work/new") bytes"
            else echo "DIFFERENT $file ($p)"; status=1; fi
        done
    else
        "$old" bench "$file" "$corpus" --jobs 1 --repeat 1 --matches "$work/old" > /dev/null 2>&1
        "$new" bench "$file" "$corpus" --jobs 1 --repeat 1 --matches "$work/new" > /dev/null 2>&1
        if [ ! -s "$work/new" ] && [ ! -s "$work/old" ]; then echo "not alone $file (no rules, or they read the spans of a pipeline declared elsewhere)"
        elif cmp -s "$work/old" "$work/new"; then echo "same      $file (every match): $(wc -l < "$work/new") matches"
        else echo "DIFFERENT $file (every match)"; status=1; fi
    fi
    rm -f "$work/old" "$work/new"
done
exit $status
