#!/usr/bin/env bash
# Builds libQuarryC (the C ABI) and runs the C test program Tests/C/quarry_abi_test.c
# against it: loading, annotating, bad input, batches and four threads sharing one service.
#
#   scripts/test_c_abi.sh            (debug build; -c release for a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=debug
[ "${1:-}" = "-c" ] && CONFIG=${2:-release}
# A C compiler: $CC, cc, or the clang that comes with the Swift toolchain.
if [ -z "${CC:-}" ]; then
  if command -v cc >/dev/null; then CC=cc; else CC="$(dirname "$(readlink -f "$(command -v swift)")")/clang"; fi
fi
command -v "$CC" >/dev/null || [ -x "$CC" ] || { echo "skipped: no C compiler (set CC)" >&2; exit 0; }
swift build -c "$CONFIG" --product QuarryC 2>&1 | tail -1
LIB="$(swift build -c "$CONFIG" --show-bin-path)"
OUT="$(mktemp -d /tmp/quarry-c-abi.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT
"$CC" -std=c11 -Wall -Wextra -Werror -pthread -I Sources/QuarryC/include Tests/C/quarry_abi_test.c \
  -L "$LIB" -lQuarryC -Wl,-rpath,"$LIB" -o "$OUT/quarry_abi_test"
"$OUT/quarry_abi_test" Rules/news.quarry
