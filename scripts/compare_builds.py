#!/usr/bin/env python3
"""Two quarry binaries on the same command, alternated, in one sitting.

Runs `OLD ARGS...` and `NEW ARGS...` in turn --runs times each (alternated, so that load on a
shared machine falls on both alike), checks that both wrote the same bytes to stdout, and
reports the median CPU time (user + system) of each and their ratio.

    python3 scripts/compare_builds.py /tmp/quarry-before .build/release/quarry -- \\
        run Rules/news.quarry -f jsonl --jobs 1 ../shared/data/corpus/wikinews.jsonl

Exit status: 0 same output, 1 the outputs differ, 2 a run failed.
"""
import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile


def run(binary, args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    digest = hashlib.sha256()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.run([binary, *args], stdout=out, stderr=subprocess.DEVNULL)
        out.seek(0)
        for chunk in iter(lambda: out.read(1 << 20), b""):
            digest.update(chunk)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc.returncode, cpu, digest.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--runs", type=int, default=5)
    argv = sys.argv[1:]
    if "--" not in argv:
        parser.error("give the quarry arguments after --")
    cut = argv.index("--")
    options = parser.parse_args(argv[:cut])
    args = argv[cut + 1:]
    if not args:
        parser.error("give the quarry arguments after --")
    times = {"old": [], "new": []}
    digests = {}
    for _ in range(options.runs):
        for name in ("old", "new"):
            code, cpu, digest = run(getattr(options, name), args)
            if code != 0:
                print(f"{name}: exit status {code}", file=sys.stderr)
                return 2
            times[name].append(cpu)
            digests.setdefault(name, digest)
    old, new = statistics.median(times["old"]), statistics.median(times["new"])
    # On a shared machine load only adds time: the minimum is the steadier figure, the median
    # the usual one; both are shown.
    low_old, low_new = min(times["old"]), min(times["new"])
    print(f"old: median {old:.3f} s CPU, min {low_old:.3f} ({', '.join(f'{t:.2f}' for t in times['old'])})")
    print(f"new: median {new:.3f} s CPU, min {low_new:.3f} ({', '.join(f'{t:.2f}' for t in times['new'])})")
    print(f"new/old: median {new / old:.3f}, min {low_new / low_old:.3f}   output: {'same' if digests['old'] == digests['new'] else 'DIFFERENT'}")
    return 0 if digests["old"] == digests["new"] else 1


if __name__ == "__main__":
    sys.exit(main())
