#!/usr/bin/env bash
# Builds and runs Quarry's libFuzzer targets (the package in Fuzz/; docs/reliability.md,
# "Fuzzing"). Run with --help for the usage.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
FUZZ="$ROOT/Fuzz"
TARGETS=(rules documents pipeline quotes prefilter literals service tagger)

usage() {
  cat <<'EOF'
usage: scripts/fuzz.sh                          print the fuzz targets, one a line
       scripts/fuzz.sh TARGET [SECONDS] [LIBFUZZER-OPTION...]
                                                build TARGET, then fuzz it for SECONDS (default 60)
       scripts/fuzz.sh TARGET --replay FILE...  build TARGET, then run each FILE once
       scripts/fuzz.sh --help

Targets:
  rules      the rule-file loader on arbitrary bytes (lexer, parser, includes, macros, lists,
             PCRE2 and token-pattern compilation, stage options); a file that loads also runs
             its examples and pipelines on a short text
  documents  UTF-8 validation and repair (against Swift's decoder) and the document reader:
             text and JSON Lines files, JSON Lines streamed in small reads, the JSON writer
  pipeline   the news pipeline (Rules/news.quarry) on arbitrary bytes as a document: invalid
             UTF-8 must be refused cleanly; layers must keep their invariants
  quotes     the quotation-mark pairer and quote attribution on arbitrary text
  prefilter  rules (a few regexes) and a document: the prefiltered matcher must find exactly
             what ScanPlan.unfiltered and a plain PCRE2 find-all find
  literals   a pattern from PCRE2's grammar (the input's bytes are the generator's choices)
             and subjects: every match PCRE2 reports holds the literals the prefilter relies
             on, and Quarry's matches equal a plain PCRE2 find-all
  tagger     the tagger's model files and CoNLL-U files (the first byte chooses): a reader
             fails with its format error or gives a model that tags / words placed on their text
  service    request bodies to the annotation service behind `quarry serve`, the C ABI and
             the Python package: documented statuses, JSON errors, one result per document,
             offsets that pick out their text, two threads answering as one

A run builds Fuzz/ in release mode with libFuzzer and AddressSanitizer (the first build takes
a few minutes), makes the seed corpora under Fuzz/corpus/seeds/ (scripts/fuzz_seeds.py, from
Rules/ and ../shared/data when present) if they are missing, and fuzzes with:
  corpus        Fuzz/corpus/TARGET (grows across runs), plus the seeds (Fuzz/corpus/seeds/TARGET
                and the hand-written Fuzz/seeds/TARGET, read only)
  dictionary    Fuzz/dictionaries/*.dict for the target
  limits        -timeout=10 (seconds per input), -rss_limit_mb=2048, -max_len per target;
                leaks reported by LeakSanitizer at exit
A crash, timeout, out-of-memory or leak is saved under Fuzz/artifacts/TARGET/ and the script
exits non-zero, printing the file and the command that replays it. Options after SECONDS go
to libFuzzer as they are (e.g. -seed=1, -only_ascii=1). Fuzz/corpus and Fuzz/artifacts are
git-ignored.

Environment: QUARRY_SHARED_DATA (the shared data folder for the seeds, default
../shared/data), FUZZ_REBUILD_SEEDS=1 (make the seed corpora again).
Needs: swift (6.1 or later, with -sanitize=fuzzer), libicu-dev, libpcre2-dev, pkg-config,
python3 (for the seed corpora).
EOF
}

dictionary() {
  case "$1" in
    rules) echo rules.dict ;;
    documents) echo json.dict ;;
    pipeline | quotes) echo quotes.dict ;;
    prefilter) echo regex.dict ;;
    literals) echo "" ;;
    service) echo service.dict ;;
    tagger) echo "" ;;
  esac
}

max_len() {
  case "$1" in
    rules | documents) echo 8192 ;;
    literals) echo 512 ;;
    tagger) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

is_target() {
  local t
  for t in "${TARGETS[@]}"; do [ "$t" = "$1" ] && return 0; done
  return 1
}

build() {
  local target="$1"
  if ! command -v swift >/dev/null 2>&1; then
    echo "fuzz.sh: swift is not on PATH" >&2
    exit 2
  fi
  if ! pkg-config --exists libpcre2-8 2>/dev/null; then
    echo "fuzz.sh: PCRE2 not found by pkg-config; install libpcre2-dev and pkg-config (apt-get install libpcre2-dev pkg-config)" >&2
    exit 2
  fi
  echo "fuzz.sh: building $target (release, libFuzzer + AddressSanitizer)..." >&2
  local started=$SECONDS
  # lld: ld.gold fails on these links. -Xcc instruments the C targets too (ICU glue, the
  # prefilter's SIMD scans).
  if ! swift build --package-path "$FUZZ" -c release --product "$target" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
    -Xcc -fsanitize=fuzzer-no-link,address >&2; then
    echo "fuzz.sh: the build failed (this needs a Swift toolchain whose compiler supports -sanitize=fuzzer, and lld)" >&2
    exit 2
  fi
  echo "fuzz.sh: built $target in $((SECONDS - started)) s" >&2
}

# The Swift runtime's crash backtracer reads memory that AddressSanitizer reports as a bug of
# its own; libFuzzer prints the stack instead.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
# Deep stacks: a leak report must reach `fuzzSetup` for the suppression below to match, and
# compiling nested lookarounds in the setup recurses far (the default keeps 30 frames).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:malloc_context_size=200}"
# What a target sets up once lives until exit; LeakSanitizer misreads some of it as leaked
# (Fuzz/lsan.supp says why).
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$FUZZ/lsan.supp:print_suppressions=0}"

if [ $# -eq 0 ]; then
  printf '%s\n' "${TARGETS[@]}"
  exit 0
fi
case "$1" in
  -h | --help | help)
    usage
    exit 0
    ;;
esac
TARGET="$1"
shift
if ! is_target "$TARGET"; then
  echo "fuzz.sh: unknown target '$TARGET'; targets: ${TARGETS[*]} (see --help)" >&2
  exit 2
fi
BIN="$FUZZ/.build/release/$TARGET"
COMMON=(-timeout=10 -rss_limit_mb=2048 "-max_len=$(max_len "$TARGET")")
# A target whose input is a generator's choices (literals) has no dictionary.
[ -n "$(dictionary "$TARGET")" ] && COMMON+=("-dict=$FUZZ/dictionaries/$(dictionary "$TARGET")")

if [ "${1:-}" = "--replay" ]; then
  shift
  if [ $# -eq 0 ]; then
    echo "fuzz.sh: --replay needs one or more input files" >&2
    exit 2
  fi
  build "$TARGET"
  # Files given to a libFuzzer binary are run once each; a crash ends the run with its report.
  "$BIN" "${COMMON[@]}" "$@"
  status=$?
  [ $status -eq 0 ] && echo "fuzz.sh: $TARGET ran $# input(s) without a problem" >&2
  exit $status
fi

SECONDS_TO_RUN=60
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
  if ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -eq 0 ]; then
    echo "fuzz.sh: SECONDS must be a positive whole number, not '$1' (see --help)" >&2
    exit 2
  fi
  SECONDS_TO_RUN="$1"
  shift
fi

build "$TARGET"

SEEDS="$FUZZ/corpus/seeds"
if [ ! -d "$SEEDS/$TARGET" ] || [ "${FUZZ_REBUILD_SEEDS:-0}" = 1 ]; then
  if command -v python3 >/dev/null 2>&1; then
    python3 "$ROOT/scripts/fuzz_seeds.py" "$SEEDS" >&2 || echo "fuzz.sh: the seed corpora could not be made; fuzzing from the committed seeds only" >&2
  else
    echo "fuzz.sh: python3 not found; fuzzing from the committed seeds only (Fuzz/seeds/$TARGET)" >&2
  fi
fi
CORPUS="$FUZZ/corpus/$TARGET"
ARTIFACTS="$FUZZ/artifacts/$TARGET"
mkdir -p "$CORPUS" "$ARTIFACTS"
INPUTS=("$CORPUS")
for folder in "$SEEDS/$TARGET" "$FUZZ/seeds/$TARGET"; do
  [ -d "$folder" ] && INPUTS+=("$folder")
done

before="$(ls -1 "$ARTIFACTS")"
echo "fuzz.sh: fuzzing $TARGET for $SECONDS_TO_RUN s" >&2
"$BIN" "${INPUTS[@]}" "${COMMON[@]}" "-max_total_time=$SECONDS_TO_RUN" \
  "-artifact_prefix=$ARTIFACTS/" -print_final_stats=1 "$@"
status=$?

found=()
while IFS= read -r name; do
  [ -n "$name" ] && ! grep -qxF "$name" <<<"$before" && found+=("$ARTIFACTS/$name")
done < <(ls -1 "$ARTIFACTS")
if [ $status -ne 0 ] || [ ${#found[@]} -gt 0 ]; then
  echo >&2
  echo "fuzz.sh: $TARGET found a problem (libFuzzer exit status $status)." >&2
  script="$(realpath --relative-to="$PWD" "$ROOT/scripts/fuzz.sh")"
  for file in "${found[@]}"; do
    file="$(realpath --relative-to="$PWD" "$file")"
    echo "  saved:  $file" >&2
    echo "  replay: $script $TARGET --replay $file" >&2
  done
  [ $status -eq 0 ] && status=1
  exit $status
fi
echo "fuzz.sh: $TARGET: no crash, timeout or leak in $SECONDS_TO_RUN s" >&2
