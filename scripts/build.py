#!/usr/bin/env python3
"""Builds every entry of wasm-pack.toml's build matrix, then runs wasm-opt on it.

Why our own step: wasm-pack reads no wasm-pack.toml, and we want the wasm-opt
binary and flags pinned in one reviewed place (wasm-pack's own wasm-opt run is
switched off in Cargo.toml). After wasm-opt, an entry may `copy` files out of
its out-dir, a `bundle` becomes the one-file classic script (glue + wasm as a Latin-1 string +
bootstrap, docs/adr/005-build-matrix.md) and a `package` the npm package
directory (an ES module with the wasm inside, docs/adr/007-npm-package.md);
files listed in `minify` are then minified with esbuild. Before all that, binaryen
gives the wasm's imports and exports short names, renamed in the glue from the mapping
it prints.
A file named in [budget] stops the build when its brotli size is over its budget.
Last, the language packs of [texts] are copied out (docs/adr/009-language-packs.md).
Usage: scripts/build.py [NAME ...] (default: all).
"""
import fcntl
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    print("+ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)


def brotli_size(raw):
    """Brotli size at quality 11, by node's zlib (the bench measures with the same): the build
    needs node anyway, and Python's standard library has no brotli."""
    script = ("const z = require('zlib'); process.stdout.write(String(z.brotliCompressSync("
              "require('fs').readFileSync(0), { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length))")
    done = subprocess.run(["node", "-e", script], input=raw, capture_output=True, check=True)
    return int(done.stdout)


def size_line(path):
    raw = open(path, "rb").read()
    return f"{os.path.relpath(path, ROOT)}: {len(raw)} bytes, {len(gzip.compress(raw, 9))} gzip, {brotli_size(raw)} brotli"


def check_budget(path, budget):
    """The line printed for a file with a brotli budget (wasm-pack.toml's [budget]); stops the
    build when the file weighs more."""
    with open(path, "rb") as f:
        size = brotli_size(f.read())
    name = os.path.relpath(path, ROOT)
    if size > budget:
        sys.exit(f"build.py: {name} is {size} B brotli, over its budget of {budget} B "
                 f"(wasm-pack.toml [budget]; docs/adr/008-wasm-size.md)")
    return f"{name}: {size} B brotli, budget {budget} B ({budget - size} B left)"


def write(path, data):
    """Writes atomically: a page loaded during a build gets the old file or the new one, never half."""
    path = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.replace(path + ".tmp", path)


def cargo_package():
    with open(os.path.join(ROOT, "Cargo.toml"), "rb") as f:
        return tomllib.load(f)["package"]


def source(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read().rstrip() + "\n"


# The escapes of the wasm's Latin-1 literal: characters a JavaScript string cannot hold as they
# are (`"`, `\\`, line breaks), NUL (which an HTML parser replaces, were the script inlined) and
# `<` (so that `</script` never appears).
ESCAPES = {0: "\\0", 10: "\\n", 13: "\\r", 34: '\\"', 60: "\\x3c", 92: "\\\\"}


def wasm_literal(wasm):
    """The npm module's wasm as the body of a JavaScript string literal, one character per byte:
    character code = byte value (Latin-1), with the escapes above (`\\x00` for NUL before a
    digit, where `\\0` would read as an octal escape). Modules are UTF-8; scripts/dist/wasm.js
    turns it into bytes natively (docs/adr/020-wasm-as-latin-1.md). Checked by decoding it with
    that very script."""
    out = []
    for i, byte in enumerate(wasm):
        if byte == 0 and i + 1 < len(wasm) and 48 <= wasm[i + 1] <= 57:
            out.append("\\x00")
        else:
            out.append(ESCAPES.get(byte) or chr(byte))
    literal = "".join(out)
    check_decoding(literal, wasm)
    return literal


def wasm_comment(wasm):
    """The wasm as the body of a JavaScript comment, one character per byte (Latin-1), escaped
    as scripts/dist/comment.js reads it back: `^` and a letter for `^`, `<`, CR and a `/` after
    `*` (so that `*/` never ends the comment early, `</script` or `<!--` never appear, and a
    minifier's line-break normalising changes nothing). Checked by decoding it with that very
    script."""
    out, previous = [], None
    for byte in wasm:
        if byte == 0x2F and previous == 0x2A:
            out.append("^s")
        else:
            out.append(COMMENT_ESCAPES.get(byte) or chr(byte))
        previous = byte
    comment = "".join(out)
    check_decoding(comment, wasm, "scripts/dist/comment.js",
                   "uncommented(eval('(function () {/*!' + text + '*/})'))")
    return comment


COMMENT_ESCAPES = {0x5E: "^c", 0x3C: "^l", 0x0D: "^r"}


def check_decoding(text, wasm, reader=None, expression="eval('\"' + text + '\"')"):
    """Stops the build unless scripts/dist/wasm.js (after `reader`, if any) turns `text`, as
    `expression` reads it, back into `wasm`, run by node: both ways, the native one
    (`Uint8Array.fromBase64`, given to node when it lacks it) and the loop for browsers without
    it."""
    for native in (True, False):
        shim = ("Uint8Array.fromBase64 ??= (s) => new Uint8Array(Buffer.from(s, 'base64'));\n" if native
                else "delete Uint8Array.fromBase64;\n")
        script = shim + source("scripts/dist/wasm.js") + (source(reader) if reader else "") + """
            const text = require("fs").readFileSync(0, "utf8");
            const bytes = wasmBytes(%s, %d);
            process.stdout.write(Buffer.from(bytes).toString("hex"));
        """ % (expression, len(wasm))
        try:
            done = subprocess.run(["node", "-e", script], input=text, capture_output=True,
                                  text=True, encoding="utf-8", timeout=120)
        except subprocess.TimeoutExpired:
            sys.exit("build.py: decoding the wasm's text did not finish (scripts/dist/wasm.js)")
        if done.returncode != 0 or bytes.fromhex(done.stdout) != wasm:
            way = "natively" if native else "by the loop"
            sys.exit(f"build.py: the wasm's text does not decode back to the wasm {way} " + done.stderr.strip())


def sync_only(glue):
    """The no-modules glue without its asynchronous loader (fetch, instantiateStreaming, the
    script's URL): the one-file script and the npm module start with `initSync` and the wasm they
    carry, so that code is never called (docs/size-log.md).
    Nor `initSync`'s handling of its deprecated argument form (wasm.js passes the bytes as they
    are), nor the `TextEncoder.encodeInto` fallback (every browser that runs our wasm's features,
    reference types and multi-value, has `encodeInto`).
    Each cut must match exactly once, or the build stops: a new wasm-bindgen needs a look here."""
    cuts = [
        ("    let script_src;\n", "    }\n", ""),
        ("    async function __wbg_load(", "    function initSync(", "    function initSync("),
        ("    let __wbg_init_promise;\n", "    return Object.assign(__wbg_init, { initSync }, exports);",
         "    return Object.assign({ initSync }, exports);"),
        ("        if (module !== undefined) {\n            if (Object.getPrototypeOf(module)",
         "pass a single object instead')\n            }\n        }\n", ""),
        ("    if (!('encodeInto' in cachedTextEncoder)) {\n", "        };\n    }\n", ""),
    ]
    for start, end, keep in cuts:
        if glue.count(start) != 1:
            sys.exit(f"build.py: the glue changed where sync_only cuts ({start.strip()!r}); see sync_only")
        i = glue.index(start)
        j = glue.index(end, i) + len(end)
        glue = glue[:i] + keep + glue[j:]
    if "__wbg_init" in glue or "script_src" in glue or "deprecated parameters" in glue or "encodeInto =" in glue:
        sys.exit("build.py: the glue still has code sync_only cuts (async loader, deprecated initSync form, encodeInto fallback)")
    return glue


def embedded(entry, out_dir, name):
    """wasm-bindgen's no-modules glue and wasm.js, the shared start of the one-file script and
    of the npm module (docs/adr/005-build-matrix.md, 007-npm-package.md), and the wasm, which
    each carries its own way."""
    if entry["target"] != "no-modules":
        sys.exit(f"build.py: [[build]] {entry['name']}: bundle and package need target = \"no-modules\"")
    glue = open(os.path.join(out_dir, name + ".js"), encoding="utf-8").read()
    if not glue.startswith("let wasm_bindgen = (function(exports) {") or "initSync" not in glue:
        sys.exit("build.py: unexpected wasm-bindgen no-modules glue; check scripts/dist/*.js still fit it")
    glue = sync_only(glue)
    wasm = open(os.path.join(out_dir, name + "_bg.wasm"), "rb").read()
    return (glue.rstrip() + "\n" + f"var BISCOTTE_SIZE = {len(wasm)};\n" + activate_helper()
            + source("scripts/dist/wasm.js")), wasm


def activate_helper():
    """scripts/dist/activate.js as the glue imports it in a shipped build: the object
    `biscotteActivate` of the bundle's or module's own scope (no global), its functions no longer
    exported (src/web/activation.rs names them; the wasm-bindgen tests import the file as the ES
    module it is)."""
    text = source("scripts/dist/activate.js")
    names = re.findall(r"^export function (\w+)\(", text, re.M)
    if not names or len(re.findall(r"\bexport\b", text)) != len(names):
        sys.exit("build.py: scripts/dist/activate.js must export functions (`export function name(`) and nothing else")
    members = ", ".join(f"{name}: {name}" for name in names)
    return text.replace("export function", "function") + f"var biscotteActivate = {{ {members} }};\n"


# UTF-8's byte-order mark: it decides how a browser decodes a classic script, over the page's
# charset and the server's (WHATWG Encoding, "decode"), and the one-file script's wasm comment
# is not ASCII.
BOM = b"\xef\xbb\xbf"

# V8's explicit compile hint (Chrome 136 and later; other engines read a comment): compile every
# function of the file while it streams in, off the main thread, rather than each on its first
# call (for the one-file script, inside the head's task). Start calls most of the glue's
# functions (docs/adr/018-start-up-and-interaction.md, decision 7).
COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"


# What the one-file script's outer function is called with until carry_wasm puts the wasm there:
# a global name, which esbuild leaves as it is.
WASM_HOLDER = "BISCOTTE_WASM_SOURCE"


def bundle(entry, shared):
    """One classic script, UTF-8 with a byte-order mark: glue and bootstrap in one function,
    called with WASM_HOLDER, which carry_wasm replaces by the function holding the wasm once the
    code is minified (esbuild would drop the comment)."""
    spec = entry["bundle"]
    package = cargo_package()
    text = "".join([
        f"/*! Biscotte {package['version']} ({package['license']}): one-file build, "
        "wasm-bindgen glue + bootstrap + wasm (in a comment). Needs CSP script-src 'wasm-unsafe-eval'. */\n",
        "(function (wasmSource) {\n",
        shared,
        source("scripts/dist/comment.js"),
        source(spec["bootstrap"]),
        f"}})({WASM_HOLDER});\n",
    ]).encode("utf-8")
    text = BOM + COMPILE_HINT + text
    for path in [spec["output"], *spec.get("also", [])]:
        write(path, text)


def carry_wasm(entry, wasm):
    """Puts the wasm into each of the bundle's files, as the comment of the function its outer
    function is called with (docs/adr/021-wasm-in-a-comment.md)."""
    holder = f"function(){{/*!{wasm_comment(wasm)}*/}}".encode("utf-8")
    spec = entry["bundle"]
    for path in [spec["output"], *spec.get("also", [])]:
        with open(os.path.join(ROOT, path), "rb") as f:
            text = f.read()
        if text.count(WASM_HOLDER.encode()) != 1:
            sys.exit(f"build.py: {path} does not name {WASM_HOLDER} exactly once; see carry_wasm")
        text = text.replace(WASM_HOLDER.encode(), holder)
        if re.search(rb"</script|<!--", text, re.I):
            sys.exit(f"build.py: {path} holds `</script` or `<!--` with its wasm; see wasm_comment")
        write(path, text)
    print(size_line(os.path.join(ROOT, spec["output"])), flush=True)


def language_packs(matrix):
    """{language: JSON text} of wasm-pack.toml's [texts] dir (docs/adr/009-language-packs.md)."""
    spec = matrix.get("texts")
    if not spec:
        return {}
    folder = os.path.join(ROOT, spec["dir"])
    packs = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            if not isinstance(json.loads(text), dict):
                sys.exit(f"build.py: {spec['dir']}/{name} is not a JSON object")
            packs[name[:-len(".json")]] = text
    return packs


def copy_language_packs(matrix):
    """The packs as they are, in each folder of [texts] `out`: for the config's `texts.<lang>`."""
    for lang, text in language_packs(matrix).items():
        for folder in matrix["texts"].get("out", []):
            write(os.path.join(folder, lang + ".json"), text.encode("utf-8"))


def npm_pack_modules(packs):
    """`texts/<lang>.js` (the pack as an ES module's default export) and its types."""
    types = ('import type { TextKey } from "../biscotte.js";\n'
             "/** Every text of this language, for the config's `texts`. */\n"
             "declare const texts: Record<TextKey, string>;\nexport default texts;\n")
    files = {}
    for lang, text in packs.items():
        files[f"texts/{lang}.js"] = ("export default " + text.strip() + ";\n").encode("utf-8")
        files[f"texts/{lang}.d.ts"] = types.encode("utf-8")
    return files


def npm_package(entry, shared, wasm, packs):
    """The npm package directory: an ES module with the wasm inside, its types, package.json
    (version, description, license and repository from Cargo.toml), README and licences."""
    spec = entry["package"]
    template = spec["template"]
    package = cargo_package()
    npm_fields = json.loads(source(os.path.join(template, "package.json")))
    manifest = {
        "name": npm_fields.pop("name"),
        "version": package["version"],
        "description": package["description"],
        "license": package["license"],
        "repository": {"type": "git", "url": package["repository"]},
        **npm_fields,
    }
    module = "".join([
        f"/*! Biscotte {package['version']} ({package['license']}): npm module, "
        "wasm-bindgen glue + wasm (as a string). Needs CSP script-src 'wasm-unsafe-eval'. */\n",
        f'var BISCOTTE_WASM = "{wasm_literal(wasm)}";\n',
        shared,
        source(os.path.join(template, spec["entry"])),
    ])
    files = {
        spec["entry"]: module.encode("utf-8"),
        "package.json": (json.dumps(manifest, indent=2) + "\n").encode("utf-8"),
        **npm_pack_modules(packs),
    }
    for path in manifest["files"]:
        if path not in files and not (path.endswith("/") and any(f.startswith(path) for f in files)):
            found = [p for p in (os.path.join(template, path), path) if os.path.exists(os.path.join(ROOT, p))]
            if not found:
                sys.exit(f"build.py: package file {path} is neither in {template}/ nor at the top level")
            files[path] = open(os.path.join(ROOT, found[0]), "rb").read()
    out = os.path.join(ROOT, spec["dir"])
    shutil.rmtree(out, ignore_errors=True)
    for path, data in files.items():
        write(os.path.join(spec["dir"], path), data)
    print(size_line(os.path.join(out, spec["entry"])), flush=True)


def wasm_imports(wasm_path):
    """[(module, name)] of the wasm's imports, as the engine reads them (node's WebAssembly)."""
    script = ("const m = new WebAssembly.Module(require('fs').readFileSync(process.argv[1]));"
              "process.stdout.write(JSON.stringify(WebAssembly.Module.imports(m).map(i => [i.module, i.name])))")
    done = subprocess.run(["node", "-e", script, wasm_path], capture_output=True, text=True, check=True)
    return [tuple(pair) for pair in json.loads(done.stdout)]


def optimize(wasm_path, glue_path, wasm_opt):
    """Runs wasm-opt, whose last pass gives the wasm's imports, exports and import module short
    names (wasm-pack.toml's [wasm-opt] `short-names`), then renames them in the glue from the
    mapping it prints. `--converge` repeats every pass, the renaming too, each time printing its
    mapping: they are composed. In the glue, each import is a key `name: function` of its
    import object and the module a key `"module": import0`; the exports are only read as
    `wasm.<name>` after `wasm = instance.exports`. Any other shape stops the build rather than
    guess."""
    cmd = [os.path.join(ROOT, wasm_opt["bin"]), *wasm_opt["flags"], *wasm_opt["short-names"], wasm_path, "-o", wasm_path]
    print("+ " + " ".join(cmd), flush=True)
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    decoder, mapping, pos = json.JSONDecoder(), None, 0
    while out[pos:].strip():
        step, pos = decoder.raw_decode(out, len(out) - len(out[pos:].lstrip()))
        mapping = step if mapping is None else compose(mapping, step)
    if mapping is None:
        sys.exit("build.py: wasm-opt printed no mapping of the names it gave; see optimize")
    glue = open(glue_path, encoding="utf-8").read()
    modules = {module for module, _ in wasm_imports(wasm_path)}
    old_modules = {module for module, _, _ in mapping.get("imports", [])}
    for _, old, new in mapping.get("imports", []):
        key = re.compile(r"(?<![\w$])" + re.escape(old) + r": function\b")
        if glue.count(old) != 1 or len(key.findall(glue)) != 1:
            sys.exit(f"build.py: import {old} is not once in the glue, as a key of its import object; see optimize")
        glue = key.sub(new + ": function", glue)
    if mapping.get("imports") and modules != old_modules:
        if len(old_modules) != 1 or len(modules) != 1:
            sys.exit("build.py: imports from more than one module; optimize needs updating")
        key = '"' + old_modules.pop() + '": import0'
        if glue.count(key) != 1:
            sys.exit(f"build.py: {key} is not once in the glue; see optimize")
        glue = glue.replace(key, '"' + modules.pop() + '": import0')
    exports = dict(mapping.get("exports", []))
    if exports:
        if re.findall(r"\.exports\b", glue) != [".exports"] or "wasm = instance.exports;" not in glue or "wasm[" in glue:
            sys.exit("build.py: the glue reaches the wasm's exports other than as wasm.<name>; see optimize")

        def rename(match):
            if match.group(1) not in exports:
                sys.exit(f"build.py: the glue reads wasm.{match.group(1)}, which the wasm does not export")
            return "wasm." + exports[match.group(1)]
        glue = re.sub(r"(?<![\w$.])wasm\.([A-Za-z_$][\w$]*)", rename, glue)
        rename_init_output(glue_path[:-len(".js")] + ".d.ts", exports)
    open(glue_path, "w", encoding="utf-8").write(glue)


def compose(first, then):
    """The mapping of two renamings in a row, as wasm-opt prints them: imports as [module, old,
    new], exports as [old, new]."""
    imports = {old: new for _, old, new in then.get("imports", [])}
    exports = dict(then.get("exports", []))
    return {
        "imports": [[module, old, imports.get(new, new)] for module, old, new in first.get("imports", [])],
        "exports": [[old, exports.get(new, new)] for old, new in first.get("exports", [])],
    }


def rename_init_output(types_path, exports):
    """The glue's types with the exports' new names in `InitOutput` (what `init()` resolves to)."""
    types = open(types_path, encoding="utf-8").read()
    start = types.find("interface InitOutput {\n")
    if start < 0:
        sys.exit(f"build.py: no InitOutput in {types_path}; see rename_init_output")
    end = types.index("\n}\n", start)

    def rename(match):
        if match.group(1) not in exports:
            sys.exit(f"build.py: InitOutput lists {match.group(1)}, which the wasm does not export")
        return "readonly " + exports[match.group(1)] + ":"
    block = re.sub(r"readonly ([A-Za-z_$][\w$]*):", rename, types[start:end])
    open(types_path, "w", encoding="utf-8").write(types[:start] + block + types[end:])


def minify(path, tool):
    """Minifies a distributed script in place with esbuild ([minify] in wasm-pack.toml), keeping
    its byte-order mark and its compile hint, if it has them (esbuild drops the hint)."""
    full = os.path.join(ROOT, path)
    run([os.path.join(ROOT, tool["bin"]), *tool["flags"], full, "--outfile=" + full + ".min"])
    with open(full, "rb") as f:
        start = f.read(len(BOM) + len(COMPILE_HINT))
    bom = start.startswith(BOM)
    hint = start.removeprefix(BOM).startswith(COMPILE_HINT)
    with open(full + ".min", "rb") as f:
        text = f.read().removeprefix(BOM).removeprefix(COMPILE_HINT)
    text = (BOM if bom else b"") + (COMPILE_HINT if hint else b"") + text
    write(path + ".min", text)
    # A distributed script must hold nothing that would end or hide an inline <script> in HTML
    # (esbuild writes an escaped `<` in a string back as itself).
    if re.search(rb"</script|<!--", text, re.I):
        sys.exit(f"build.py: {path} holds `</script` or `<!--` after minifying; see minify")
    os.replace(full + ".min", full)
    print("minified " + size_line(full), flush=True)


def build(entry, matrix):
    wasm_opt = matrix["wasm-opt"]
    name = entry.get("out-name", "biscotte")
    cargo_args = entry.get("cargo-args", [])
    run([
        "wasm-pack", "--quiet", "build", "--mode", "no-install", "--target", entry["target"],
        "--out-dir", entry["out-dir"], "--out-name", name, "--" + entry.get("profile", "release"),
        *(["--", *cargo_args] if cargo_args else []),
    ])
    out_dir = os.path.join(ROOT, entry["out-dir"])
    wasm = os.path.join(out_dir, name + "_bg.wasm")
    if entry.get("profile", "release") == "release":
        optimize(wasm, os.path.join(out_dir, name + ".js"), wasm_opt)
    if entry["target"] == "web":
        packs_beside_module(os.path.join(out_dir, name + ".js"))
        # The ES module's glue: the compile hint first (start calls most of it, ADR 018 decision
        # 7), the activation helper it imports last.
        glue_path = os.path.join(out_dir, name + ".js")
        with open(glue_path, "rb") as f:
            glue = f.read()
        write(os.path.relpath(glue_path, ROOT), COMPILE_HINT + glue + b"\n" + activate_helper().encode("utf-8"))
    print(size_line(wasm), flush=True)
    for source, target in entry.get("copy", []):
        write(target, open(os.path.join(out_dir, source), "rb").read())
        print(f"{entry['out-dir']}/{source} -> {size_line(os.path.join(ROOT, target))}", flush=True)
    if "bundle" in entry or "package" in entry:
        shared, embedded_wasm = embedded(entry, out_dir, name)
        if "bundle" in entry:
            bundle(entry, shared)
        if "package" in entry:
            npm_package(entry, shared, embedded_wasm, language_packs(matrix))
    for path in entry.get("minify", []):
        minify(path, matrix["minify"])
    if "bundle" in entry:
        carry_wasm(entry, embedded_wasm)
    for path in outputs(entry):
        if path in matrix.get("budget", {}):
            print(check_budget(os.path.join(ROOT, path), matrix["budget"][path]), flush=True)


def packs_beside_module(glue_path):
    """The ES module's `start(config, texts)` defaults `texts` to the `texts/` folder beside the
    module (import.meta.url), as the one-file script finds it beside its <script> tag: a Japanese
    page gets dist/texts/ja.json with no configuration (docs/adr/013-packs-at-run-time.md)."""
    glue = open(glue_path, encoding="utf-8").read()
    head = "export function start(config, texts) {"
    if glue.count(head) != 1:
        sys.exit("build.py: the ES module's start(config, texts) is not once in the glue; see packs_beside_module")
    glue = glue.replace(head, "export function start(config, texts = new URL('texts/', import.meta.url).href) {")
    open(glue_path, "w", encoding="utf-8").write(glue)
    types_path = glue_path[:-len(".js")] + ".d.ts"
    types = open(types_path, encoding="utf-8").read()
    head = "export function start(config: any, texts: any): void;"
    if types.count(head) != 1:
        sys.exit("build.py: the ES module's types lack start(config, texts); see packs_beside_module")
    open(types_path, "w", encoding="utf-8").write(types.replace(head, "export function start(config: any, texts?: any): void;"))


def outputs(entry):
    """The files an entry writes outside its out-dir (paths from the repository root)."""
    paths = [target for _, target in entry.get("copy", [])]
    if "bundle" in entry:
        paths += [entry["bundle"]["output"], *entry["bundle"].get("also", [])]
    if "package" in entry:
        paths.append(os.path.join(entry["package"]["dir"], entry["package"]["entry"]))
    return paths


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
    made = {path for entry in matrix["build"] for path in outputs(entry)}
    stray = set(matrix.get("budget", {})) - made
    if stray:
        sys.exit(f"build.py: [budget] names {', '.join(sorted(stray))}, which no [[build]] writes")
    for entry in entries:
        build(entry, matrix)
    copy_language_packs(matrix)


if __name__ == "__main__":
    main(sys.argv[1:])
