// What the one-file script and the npm module share, put after wasm-bindgen's no-modules glue
// by scripts/build.py: the wasm's decoder, and starting the wasm and Biscotte, failing closed.
// The wasm travels inside the JavaScript as text, one character per byte, the character's code
// being the byte (Latin-1): in the npm module a string literal (`BISCOTTE_WASM`, build.py's
// `wasm_literal`), in the one-file script a comment (comment.js). The browser turns it into
// bytes natively (`btoa`, then `Uint8Array.fromBase64`), so the main thread spends no decoding
// loop on it on every page view; where `fromBase64` is missing, a plain loop does it
// (docs/adr/020-wasm-as-latin-1.md). Text of another length than the wasm's, or with a character
// that is not a byte, means the script was changed on its way.
var CHANGED = 'the script was changed on its way: not decoded as UTF-8 (its byte-order mark was removed, or a proxy re-encoded it), bundled with its comments moved, or pasted into the page; serve the file as it is';

function wasmBytes(text, size) {
  if (text.length !== size) throw new Error(CHANGED);
  if (Uint8Array.fromBase64) {
    try {
      text = btoa(text);
    } catch (error) {
      throw new Error(CHANGED);
    }
    return Uint8Array.fromBase64(text);
  }
  var bytes = new Uint8Array(size);
  for (var i = 0; i < size; i++) {
    var code = text.charCodeAt(i);
    if (code > 255) throw new Error(CHANGED);
    bytes[i] = code;
  }
  return bytes;
}

// The glue's API once the wasm is compiled and instantiated (synchronously), or null with the
// reason in the console: then nothing of Biscotte runs and gated markup stays inert.
function startWasm(text) {
  try {
    wasm_bindgen.initSync(wasmBytes(text, BISCOTTE_SIZE));
    return wasm_bindgen;
  } catch (error) {
    console.error("Biscotte: WebAssembly could not start (the error says why; most often a Content-Security-Policy without 'wasm-unsafe-eval'); no banner, optional scripts stay blocked.", error);
    return null;
  }
}

// Starts Biscotte with a configuration; false, with the reason in the console, if it threw.
function startBiscotte(api, config) {
  try {
    api.start(config);
    return true;
  } catch (error) {
    console.error('Biscotte: could not start; optional scripts stay blocked.', error);
    return false;
  }
}
