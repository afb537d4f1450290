#!/usr/bin/env bash
# Runs the test suite under a sanitizer, in its own build folder (.build/sanitize-NAME), so
# the normal .build is left as it is.
#
#   scripts/sanitize.sh address      AddressSanitizer: the whole suite
#   scripts/sanitize.sh undefined    UndefinedBehaviorSanitizer on the C code (CICU, CQuarryScan:
#                                    swiftc has no -sanitize=undefined on Linux; Swift code
#                                    traps on overflow and out-of-bounds access by itself in
#                                    the debug build): the whole suite
#   scripts/sanitize.sh thread       ThreadSanitizer: what runs on several threads (the
#                                    parallel runner, the service and its work queue,
#                                    quarry serve over a socket, batches on several threads
#                                    as the C ABI runs them)
#   scripts/sanitize.sh NAME FILTER  only the tests FILTER matches (swift test --filter)
#
# Exit status: swift test's. A sanitizer report fails the test process, so a clean run is
# one that passes. The first build with a sanitizer takes several minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
case "${1:-}" in
  address|undefined|thread) NAME=$1 ;;
  -h|--help) usage; exit 0 ;;
  *) usage >&2; exit 64 ;;
esac
FILTER=${2:-}
if [ -z "$FILTER" ] && [ "$NAME" = thread ]; then
  FILTER='ParallelRunTests|PipelineTests|AnnotationServiceTests|ServeTests|DocumentWriterTests|EmbeddingGuideRunnerTests|WorkQueue'
fi

# Reports go to stderr and end the process with a non-zero status.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"
# Swift's crash backtracer and the sanitizers both want the signal handlers.
export SWIFT_BACKTRACE="enable=no"

if [ "$NAME" = undefined ]; then
  ARGS=(--scratch-path ".build/sanitize-$NAME" -Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=all
        -Xswiftc -Xclang-linker -Xswiftc -fsanitize=undefined)
else
  ARGS=(--scratch-path ".build/sanitize-$NAME" --sanitize="$NAME")
fi
[ -n "$FILTER" ] && ARGS+=(--filter "$FILTER")
echo "swift test ${ARGS[*]}" >&2
swift test "${ARGS[@]}"
