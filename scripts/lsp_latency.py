#!/usr/bin/env python3
"""How long `quarry lsp` takes to publish diagnostics after a change.

Opens a rule file (default Rules/news.quarry, with everything it includes), then sends
N changes that alternate between a broken and the fixed text, and reports the time from
each change to its diagnostics: median, min and max in milliseconds. Timing only; the
tests check what the diagnostics say.

    python3 scripts/lsp_latency.py [--quarry .build/release/quarry] [--file Rules/news.quarry] [-n 20]
"""
import argparse, json, os, statistics, subprocess, time

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--quarry", default=".build/release/quarry")
parser.add_argument("--file", default="Rules/news.quarry")
parser.add_argument("-n", type=int, default=20, help="changes to time (default 20)")
args = parser.parse_args()

server = subprocess.Popen([args.quarry, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

def send(message):
    body = json.dumps(dict(message, jsonrpc="2.0")).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()

def receive():
    header = b""
    while not header.endswith(b"\r\n\r\n"):
        byte = server.stdout.read(1)
        if not byte:
            raise SystemExit("quarry lsp closed its output")
        header += byte
    length = next(int(line.split(b":")[1]) for line in header.split(b"\r\n") if line.lower().startswith(b"content-length"))
    return json.loads(server.stdout.read(length))

def diagnostics(uri):
    while True:
        message = receive()
        if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
            return message["params"]["diagnostics"]

path = os.path.abspath(args.file)
uri = "file://" + path
text = open(path, encoding="utf-8").read()
# A change that breaks the file: the first patterns stage of its pipeline misspelt.
lines = text.split("\n")
target = next((i for i, l in enumerate(lines) if l.startswith("  patterns ")), None)
broken = "\n".join(l + "x" if i == target else l for i, l in enumerate(lines)) if target is not None else text + "\nrule broken X /(/\n"

send({"id": 1, "method": "initialize", "params": {"capabilities": {}}})
receive()
start = time.perf_counter()
send({"method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "quarry", "version": 1, "text": text}}})
opened = diagnostics(uri)
print(f"open: {1000 * (time.perf_counter() - start):.0f} ms, {len(opened)} diagnostics")
times, counts = [], []
for k in range(args.n):
    body = broken if k % 2 == 0 else text
    start = time.perf_counter()
    send({"method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": k + 2}, "contentChanges": [{"text": body}]}})
    counts.append(len(diagnostics(uri)))
    times.append(1000 * (time.perf_counter() - start))
print(f"change -> diagnostics, {args.n} changes: median {statistics.median(times):.0f} ms, min {min(times):.0f}, max {max(times):.0f} "
      f"(diagnostics per change: {sorted(set(counts))})")
send({"id": 2, "method": "shutdown"})
receive()
send({"method": "exit"})
server.wait()
