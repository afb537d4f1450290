#!/usr/bin/env bash
# Builds a package that depends on Quarry by path from an unrelated folder and runs it with
# no QUARRY_RULES set and without Quarry's source Rules/ folder, so that only the language
# data bundled as package resources can serve. Also checks that swift-argument-parser and
# Hummingbird (the CLI's and the server's dependencies) are not in the embedding package's graph.
#
#   scripts/check_embedding.sh            (about 3-5 minutes: a fresh build of Quarry)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/quarry-embedding.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
echo "check_embedding: working in $WORK"

# A copy of Quarry as committed plus local changes (no build products).
mkdir -p "$WORK/quarry-copy"
(cd "$ROOT" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$WORK/quarry-copy")
mkdir -p "$WORK/app"
cp -r "$ROOT/Examples/embedding/." "$WORK/app/"
sed -i "s|QUARRY_PATH|$WORK/quarry-copy|; s|QUARRY_IDENTITY|quarry-copy|g" "$WORK/app/Package.swift"

cd "$WORK/app"
unset QUARRY_RULES
swift build -c release 2>&1 | tail -3
for dependency in argument-parser hummingbird swift-nio; do
  if [ -e Package.resolved ] && grep -q "$dependency" Package.resolved; then
    echo "check_embedding: FAIL: $dependency is in the embedding package's graph" >&2
    exit 1
  fi
  if ls .build/checkouts 2>/dev/null | grep -q "$dependency"; then
    echo "check_embedding: FAIL: $dependency was fetched" >&2
    exit 1
  fi
done
echo "check_embedding: swift-argument-parser, Hummingbird and SwiftNIO are not in the graph"

# Without the source checkout's Rules/ (and from another folder), only the bundle can serve.
BIN="$(swift build -c release --show-bin-path)/quarry-embed"
rm -rf "$WORK/quarry-copy/Rules"
cd /
"$BIN"
echo "check_embedding: OK"
