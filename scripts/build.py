#!/usr/bin/env python3
"""Builds every entry of wasm-pack.toml's build matrix, then runs wasm-opt on it.

Why our own step: wasm-pack reads no wasm-pack.toml, and we want the wasm-opt
binary and flags pinned in one reviewed place (wasm-pack's own wasm-opt run is
switched off in Cargo.toml). Usage: scripts/build.py [NAME ...] (default: all).
"""
import os
import subprocess
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    print("+ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)


def size_line(path):
    import gzip
    raw = open(path, "rb").read()
    return f"{os.path.relpath(path, ROOT)}: {len(raw)} bytes, {len(gzip.compress(raw, 9))} gzip"


def build(entry, wasm_opt):
    out_dir = entry["out-dir"]
    run([
        "wasm-pack", "--quiet", "build", "--mode", "no-install", "--target", entry["target"],
        "--out-dir", out_dir, "--out-name", entry.get("out-name", "biscotte"), "--" + entry.get("profile", "release"),
    ])
    wasm = os.path.join(ROOT, out_dir, entry.get("out-name", "biscotte") + "_bg.wasm")
    if entry.get("profile", "release") == "release":
        run([os.path.join(ROOT, wasm_opt["bin"]), *wasm_opt["flags"], wasm, "-o", wasm])
    print(size_line(wasm), flush=True)


def main(names):
    with open(os.path.join(ROOT, "wasm-pack.toml"), "rb") as f:
        matrix = tomllib.load(f)
    entries = [b for b in matrix["build"] if not names or b["name"] in names]
    unknown = set(names) - {b["name"] for b in matrix["build"]}
    if unknown:
        sys.exit(f"build.py: no [[build]] named {', '.join(sorted(unknown))} in wasm-pack.toml")
    for entry in entries:
        build(entry, matrix["wasm-opt"])


if __name__ == "__main__":
    main(sys.argv[1:])
