#!/usr/bin/env bash
# Builds the DocC documentation of the Quarry module (its catalog is Sources/Quarry/Quarry.docc;
# the embedding article there is docs/embedding.md) with the docc that ships with Swift, into
# .build/docs. Open .build/docs/index.html through a web server, or pass --static-hosting
# options to docc for a folder you can publish.
#
#   scripts/build_docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# Symbol graphs of every module (public symbols only), from SwiftPM.
OUT=$(swift package dump-symbol-graph --minimum-access-level public 2>&1 | tee /dev/stderr | sed -n 's/.*Files written to //p' | tail -1)
GRAPHS=.build/symbol-graphs
rm -rf "$GRAPHS" && mkdir -p "$GRAPHS"
# The umbrella and the modules it re-exports, plus QuarryIO.
for module in Quarry QuarryCore QuarryTokenizer QuarrySentences QuarryPatterns QuarryQuotes QuarryRules QuarryIO QuarryEvaluation; do
  cp "$OUT"/"$module".symbols.json "$OUT"/"$module"@*.symbols.json "$GRAPHS"/ 2>/dev/null || true
done
DOCC="$(dirname "$(readlink -f "$(command -v swift)")")/docc"
[ -x "$DOCC" ] || DOCC=docc
"$DOCC" convert Sources/Quarry/Quarry.docc \
  --additional-symbol-graph-dir "$GRAPHS" \
  --fallback-display-name Quarry --fallback-bundle-identifier org.quarry.Quarry \
  --output-path .build/docs "$@"
echo "documentation written to .build/docs"
