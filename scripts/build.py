#!/usr/bin/env python3
"""Builds every entry of wasm-pack.toml's build matrix, then runs wasm-opt on it.

Why our own step: wasm-pack reads no wasm-pack.toml, and we want the wasm-opt
binary and flags pinned in one reviewed place (wasm-pack's own wasm-opt run is
switched off in Cargo.toml). After wasm-opt, an entry may `copy` files out of
its out-dir, and a `bundle` entry becomes the one-file classic script
(glue + base64 wasm + bootstrap, docs/adr/005-build-matrix.md).
Usage: scripts/build.py [NAME ...] (default: all).
"""
import base64
import fcntl
import gzip
import os
import shutil
import subprocess
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    print("+ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)


def brotli_size(raw):
    """Brotli size when the `brotli` module or binary is there, else None."""
    try:
        import brotli
        return len(brotli.compress(raw, quality=11))
    except ImportError:
        pass
    if shutil.which("brotli"):
        out = subprocess.run(["brotli", "-c", "-q", "11"], input=raw, capture_output=True, check=True)
        return len(out.stdout)
    return None


def size_line(path):
    raw = open(path, "rb").read()
    line = f"{os.path.relpath(path, ROOT)}: {len(raw)} bytes, {len(gzip.compress(raw, 9))} gzip"
    br = brotli_size(raw)
    return line + (f", {br} brotli" if br is not None else "")


def write(path, data):
    """Writes atomically: a page loaded during a build gets the old file or the new one, never half."""
    path = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.replace(path + ".tmp", path)


def bundle(entry, out_dir, name):
    """One classic script: the no-modules glue, the wasm as base64, the bootstrap, in one scope."""
    spec = entry["bundle"]
    if entry["target"] != "no-modules":
        sys.exit(f"build.py: [[build]] {entry['name']}: a bundle needs target = \"no-modules\"")
    glue = open(os.path.join(out_dir, name + ".js"), encoding="utf-8").read()
    if not glue.startswith("let wasm_bindgen = (function(exports) {") or "initSync" not in glue:
        sys.exit("build.py: unexpected wasm-bindgen no-modules glue; check scripts/dist/bootstrap.js still fits it")
    wasm = open(os.path.join(out_dir, name + "_bg.wasm"), "rb").read()
    bootstrap = open(os.path.join(ROOT, spec["bootstrap"]), encoding="utf-8").read()
    with open(os.path.join(ROOT, "Cargo.toml"), "rb") as f:
        package = tomllib.load(f)["package"]
    text = "".join([
        f"/*! Biscotte {package['version']} ({package['license']}): one-file build, "
        "wasm-bindgen glue + wasm (base64) + bootstrap. Needs CSP script-src 'wasm-unsafe-eval'. */\n",
        "(function () {\n",
        glue.rstrip() + "\n",
        'var BISCOTTE_WASM = "' + base64.b64encode(wasm).decode("ascii") + '";\n',
        bootstrap.rstrip() + "\n",
        "})();\n",
    ]).encode("utf-8")
    for path in [spec["output"], *spec.get("also", [])]:
        write(path, text)
    print(size_line(os.path.join(ROOT, spec["output"])), flush=True)


def build(entry, wasm_opt):
    name = entry.get("out-name", "biscotte")
    run([
        "wasm-pack", "--quiet", "build", "--mode", "no-install", "--target", entry["target"],
        "--out-dir", entry["out-dir"], "--out-name", name, "--" + entry.get("profile", "release"),
    ])
    out_dir = os.path.join(ROOT, entry["out-dir"])
    wasm = os.path.join(out_dir, name + "_bg.wasm")
    if entry.get("profile", "release") == "release":
        run([os.path.join(ROOT, wasm_opt["bin"]), *wasm_opt["flags"], wasm, "-o", wasm])
    print(size_line(wasm), flush=True)
    for source, target in entry.get("copy", []):
        write(target, open(os.path.join(out_dir, source), "rb").read())
        print(f"{entry['out-dir']}/{source} -> {size_line(os.path.join(ROOT, target))}", flush=True)
    if "bundle" in entry:
        bundle(entry, out_dir, name)


def main(names):
    # One build at a time in this tree: two interleaved runs would bundle or copy a wasm that the
    # other run's wasm-pack has just rewritten, not yet wasm-opt'ed.
    os.makedirs(os.path.join(ROOT, "target"), exist_ok=True)
    lock = open(os.path.join(ROOT, "target", ".build.py.lock"), "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
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
