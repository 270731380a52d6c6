#!/usr/bin/env python3
"""Build-speed benchmark: baton against Hugo and mdBook on the same generated content.

    python3 bench/run.py [--sizes 1000,10000] [--runs 5] [--mdbook-max 1000] [--work DIR] [--shape bench|prose]
                         [--no-pagefind]

For each size it generates a corpus (bench/corpus.py, of the shape `--shape` names), then times cold full builds with hyperfine
(the output folder is moved aside before every run), measures peak RSS with /usr/bin/time -v, and
prints a Markdown table of medians with the ratios baton/Hugo and baton/mdBook, then each tool's
output (bytes of its files, files, HTML pages, the largest file, the bytes a reader downloads
from a host that gzips text, and the text its pages show), followed by baton's own
--timings for the largest size. Tools that are missing are reported and skipped;
install them with `apt-get install hugo hyperfine` and `cargo install mdbook --locked`.

Hugo's build makes pages only; baton's also makes a static search index. So a second Hugo row,
"hugo+pagefind", times Hugo followed by Pagefind indexing Hugo's output (`pip install
'pagefind[extended]'`): the same two outputs a reader gets from baton, pages and search.
`--no-pagefind` leaves that row out.
Machines here are shared and noisy: compare ratios from one run, not absolute times.
"""
import argparse
import gzip
import html as htmllib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TODAY = "2026-11-20"


def tool(name):
    path = shutil.which(name)
    if not path:
        print(f"note: `{name}` not found; skipping it", file=sys.stderr)
    return path


def hyperfine(command, prepare, runs):
    """Median, min and max seconds of `command` over `runs` cold runs."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(["hyperfine", "--style", "none", "--runs", str(runs), "--prepare", prepare,
                        "--export-json", out.name, command], check=True, stdout=subprocess.DEVNULL)
        result = json.load(open(out.name))["results"][0]
    return result["median"], result["min"], result["max"]


def peak_rss_mb(command, prepare):
    subprocess.run(prepare, shell=True, check=True)
    done = subprocess.run(["/usr/bin/time", "-v", "sh", "-c", command], capture_output=True, text=True)
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return int(match.group(1)) / 1024 if match else float("nan")


# Files a host compresses on the way to the reader (GitHub Pages, GitLab Pages, Netlify and
# Cloudflare Pages all gzip or brotli these); anything else (images, the search index's
# already-gzipped .bin files) goes as it is.
COMPRESSED_BY_HOSTS = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")


def visible_text(html):
    """Bytes of the text a reader sees on an HTML page: markup, scripts, styles and titles
    (the tab's, and SVG tooltips) removed, entities decoded, whitespace runs read as one space.
    A lower bound of what a page must weigh, whatever its markup."""
    html = re.sub(r"<(script|style|title)\b[^>]*>.*?</\1>", "", html, flags=re.S | re.I)
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", html))
    return len(re.sub(r"\s+", " ", text).encode())


def output_stats(folder):
    """Bytes, files, HTML pages, the largest file (path, bytes), the bytes a reader's browser
    downloads of it all from a host that gzips text (level 6), and the bytes of text the HTML
    pages show (`visible_text`), under `folder`."""
    size, files, pages, largest, transferred, shown = 0, 0, 0, ("", 0), 0, 0
    for top, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(top, name)
            length = os.path.getsize(path)
            size, files = size + length, files + 1
            pages += name.endswith(".html")
            if length > largest[1]:
                largest = (os.path.relpath(path, folder), length)
            if name.endswith(COMPRESSED_BY_HOSTS):
                with open(path, "rb") as f:
                    data = f.read()
                transferred += len(gzip.compress(data, 6))
                if name.endswith(".html"):
                    shown += visible_text(data.decode("utf-8", errors="replace"))
            else:
                transferred += length
    return size, files, pages, largest, transferred, shown


def pagefind_command():
    """How to run Pagefind here (its own binary, or the Python package's module), or None."""
    if shutil.which("pagefind"):
        return "pagefind"
    found = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True)
    if found.returncode == 0:
        return f"{sys.executable} -m pagefind"
    print("note: Pagefind not found (pip install 'pagefind[extended]'); skipping hugo+pagefind", file=sys.stderr)
    return None


def corpus_dir(args, n):
    """Where the corpus of `n` handoffs of the chosen shape is kept between runs."""
    return os.path.join(args.work, str(n) if args.shape == "bench" else f"{args.shape}-{n}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mdbook-max", type=int, default=1000, help="mdBook grows quadratically; skip it above this size")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "baton-bench"))
    parser.add_argument("--shape", choices=("bench", "prose"), default="bench",
                        help="the corpus: `bench` (the default, every figure in RESULTS.md) or `prose` (longer pages, "
                             "no inline decisions); see bench/corpus.py")
    parser.add_argument("--no-pagefind", action="store_true",
                        help="leave out the hugo+pagefind row (Hugo's pages, then Pagefind's search index of them)")
    args = parser.parse_args()

    if not tool("hyperfine"):
        sys.exit("hyperfine is required: apt-get install hyperfine")
    # The installed binary's profile (Cargo.toml's `dist`: whole-program LTO), not `--release`.
    subprocess.run(["cargo", "build", "--profile", "dist", "--locked", "--quiet"], cwd=ROOT, check=True)
    baton = os.path.join(ROOT, "target", "dist", "baton")
    hugo, mdbook = tool("hugo"), tool("mdbook")
    pagefind = pagefind_command() if hugo and not args.no_pagefind else None

    trash = os.path.join(args.work, "trash")
    os.makedirs(trash, exist_ok=True)

    def aside(path):
        # Before each run the last output is moved aside, not deleted: deleting tens of thousands
        # of files takes minutes on some disks, and on ext4 it slows the next run's file
        # creation (the allocator steps over recently freed inodes), which would time the disk.
        # Then `sync` flushes what the last run wrote, so no run pays for its predecessor's
        # writeback (baton writes 650 MB at 10,000 handoffs, Hugo 120 MB).
        return f"mv {path} $(mktemp -d {trash}/XXXXXX)/ 2>/dev/null || true; sync"

    rows, medians, outputs = [], {}, []
    for n in [int(s) for s in args.sizes.split(",")]:
        corpus = corpus_dir(args, n)
        if not os.path.isdir(os.path.join(corpus, "baton")):
            subprocess.run([sys.executable, os.path.join(HERE, "corpus.py"), str(n), corpus, "--shape", args.shape],
                           check=True)
        # Each tool: (command, what runs untimed before it, its output folder).
        commands = {"baton": (f"{baton} build {corpus}/baton --out {corpus}/baton-out --today {TODAY} > /dev/null 2>&1",
                              f"{aside(corpus + '/baton-out')}; rm -rf {corpus}/baton/.baton", f"{corpus}/baton-out")}
        if hugo:
            build_hugo = f"cd {corpus}/hugo && hugo --quiet -d {{out}} > /dev/null"
            clean_hugo = f"{aside('{out}')}; rm -rf {corpus}/hugo/resources"
            out = f"{corpus}/hugo-out"
            commands["hugo"] = (build_hugo.format(out=out), clean_hugo.format(out=out), out)
            if pagefind:
                # Pagefind writes its index into the site (`pagefind/`), as a deploy would carry it.
                out = f"{corpus}/hugo-pagefind-out"
                commands["hugo+pagefind"] = (f"{build_hugo.format(out=out)} && {pagefind} --site {out} > /dev/null",
                                             clean_hugo.format(out=out), out)
        if mdbook and n <= args.mdbook_max:
            commands["mdbook"] = (f"mdbook build {corpus}/mdbook -d {corpus}/mdbook-out > /dev/null 2>&1",
                                  aside(corpus + "/mdbook-out"), f"{corpus}/mdbook-out")
        for name, (command, prepare, out) in commands.items():
            median, low, high = hyperfine(command, prepare, args.runs)
            rss = peak_rss_mb(command, prepare)
            medians[(name, n)] = (median, rss)
            rows.append((n, name, median, low, high, rss))
            # The RSS run's output is still in place: what a deploy would upload.
            outputs.append((n, name, output_stats(out)))

    print(f"| handoffs | tool | median s | min s | max s | peak RSS MB | baton ÷ tool (time) | baton ÷ tool (RSS) |")
    print(f"|---:|---|---:|---:|---:|---:|---:|---:|")
    for n, name, median, low, high, rss in rows:
        base_t, base_rss = medians[("baton", n)]
        print(f"| {n} | {name} | {median:.2f} | {low:.2f} | {high:.2f} | {rss:.0f} | "
              f"{base_t / median:.2f} | {base_rss / rss:.2f} |")
    print("\n| handoffs | tool | output MB | files | HTML pages | files ≤ 1.1 × pages + 200 | largest file | bytes ÷ Hugo's "
          "| gzipped MB | gzipped ÷ Hugo's | baton ÷ tool (bytes) | text shown MB |")
    print("|---:|---|---:|---:|---:|---|---|---:|---:|---:|---:|---:|")
    sizes_of = {(n, name): stats for n, name, stats in outputs}
    for n, name, (size, files, pages, (largest, largest_size), transferred, shown) in outputs:
        hugo = sizes_of.get((n, "hugo"))
        ratio = f"{size / hugo[0]:.2f}" if hugo else "—"
        gzipped_ratio = f"{transferred / hugo[4]:.2f}" if hugo else "—"
        within = "yes" if files <= 1.1 * pages + 200 else "no"
        baton_ratio = sizes_of[(n, "baton")][0] / size
        print(f"| {n} | {name} | {size / 1e6:.1f} | {files} | {pages} | {within} | "
              f"`{largest}` {largest_size / 1e6:.1f} MB | {ratio} | {transferred / 1e6:.1f} | {gzipped_ratio} | "
              f"{baton_ratio:.2f} | {shown / 1e6:.1f} |")
    sizes = sorted({n for n, *_ in rows})
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        growth = medians[("baton", large)][0] / medians[("baton", small)][0]
        print(f"\nbaton {large} / {small} build time: {growth:.2f}x for {large / small:.0f}x the handoffs")
    largest = corpus_dir(args, sizes[-1])
    subprocess.run(aside(f"{largest}/baton-out") + f"; rm -rf {largest}/baton/.baton", shell=True, check=True)
    timings = subprocess.run([baton, "build", f"{largest}/baton", "--out", f"{largest}/baton-out", "--today", TODAY,
                              "--timings"], capture_output=True, text=True)
    print(f"\nbaton --timings at {sizes[-1]} handoffs (cold):\n```\n{timings.stderr.strip()}\n```")
    # The same build again: nothing changed, so it keeps the output (see docs/publishing.md).
    again = hyperfine(f"{baton} build {largest}/baton --out {largest}/baton-out --today {TODAY} > /dev/null 2>&1",
                      "true", args.runs)[0]
    cold = medians[("baton", sizes[-1])][0]
    print(f"\nno-change rebuild at {sizes[-1]} handoffs: median {again:.2f} s = {again / cold:.2f} x the cold build")
    print(f"\nThe moved-aside outputs are in {trash}; delete them when the machine is idle.")


if __name__ == "__main__":
    main()
