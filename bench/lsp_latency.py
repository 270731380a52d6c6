#!/usr/bin/env python3
"""Change-to-diagnostics latency of `baton lsp` (a benchmark, not a test).

Generates a base with the hidden `baton bench-corpus` command, starts `baton lsp` on it over
stdio as an editor does, opens one handoff and sends `didChange` edits that alternately add and
remove an unknown dependency, so every edit changes that file's findings. It times each edit
from sending `didChange` to receiving the `publishDiagnostics` for the file, and prints the
median, 90th percentile and worst per base size.

    cargo build --release
    python3 bench/lsp_latency.py --sizes 1000,10000 --edits 40 --work /tmp/lsp-bench

Measured on the shared 2-core build machine (release build, 20 edits):

    handoffs  before (main 06947b7)        after (lsp-latency)
       1,000  median 18.8 ms               median 2.4 ms (p90 4.6, worst 14.8)
      10,000  median 306.5 ms (p90 370)    median 19.0 ms (p90 20.5, worst 135.3)

An edit is now proportional to what it touches: only the touched files' findings are gathered
and compared for publishing, a `depends_on` change patches `needed_by` instead of rebuilding
every index, a decision's own rules run without the whole history, and only the patched ids can
lose their rendered Markdown.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import time


def frame(body):
    data = json.dumps(body).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(data), data)


def read(stream):
    length = 0
    while True:
        line = stream.readline()
        if not line:
            raise EOFError("baton lsp closed its output")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(stream.read(length))


def wait(proc, wanted):
    while True:
        message = read(proc.stdout)
        if wanted(message):
            return message


def measure(baton, site, edits):
    proc = subprocess.Popen([baton, "lsp", "--today", "2026-11-20"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    send = lambda body: (proc.stdin.write(frame(body)), proc.stdin.flush())
    root = pathlib.Path(site).resolve()
    started = time.perf_counter()
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}})
    wait(proc, lambda m: m.get("id") == 1)
    load = time.perf_counter() - started
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    target = sorted((root / "content").rglob("*.md"))[len(list((root / "content").rglob("*.md"))) // 2]
    uri = target.as_uri()
    text = target.read_text()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    head, _, rest = text.partition("\n")
    timings = []
    for n in range(edits):
        edited = text if n % 2 else f"{head}\ndepends_on: [no-such-handoff-{n}]\n{rest}"
        began = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": n + 2}, "contentChanges": [{"text": edited}]}})
        wait(proc, lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        timings.append((time.perf_counter() - began) * 1000)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    wait(proc, lambda m: m.get("id") == 2)
    send({"jsonrpc": "2.0", "method": "exit"})
    proc.wait(timeout=30)
    return load, timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--work", default="/tmp/lsp-bench")
    parser.add_argument("--baton", default="target/release/baton")
    args = parser.parse_args()
    for size in [int(s) for s in args.sizes.split(",")]:
        site = os.path.join(args.work, f"base-{size}")
        if not os.path.isdir(os.path.join(site, "content")):
            subprocess.run([args.baton, "bench-corpus", "--count", str(size), "--out", site], check=True)
        load, timings = measure(args.baton, site, args.edits)
        timings.sort()
        p90 = timings[int(len(timings) * 0.9) - 1]
        print(f"{size:>6} handoffs: load {load * 1000:.0f} ms; change→diagnostics median "
              f"{statistics.median(timings):.1f} ms, p90 {p90:.1f} ms, worst {timings[-1]:.1f} ms ({len(timings)} edits)")


if __name__ == "__main__":
    main()
