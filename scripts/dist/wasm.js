// What the one-file script and the npm module share, put after wasm-bindgen's no-modules glue
// by scripts/build.py: the wasm's decoder, and starting the wasm and Biscotte, failing closed.
// The wasm travels inside the JavaScript as text (build.py's `wasm_text`), in parts: `BISCOTTE_WASM`
// holds each part's text, one or two characters per byte, `BISCOTTE_ORDER` as hex each part's 90
// byte values coded as one character, the byte of the first character first; the others are two
// characters, an escape character and one more, in byte order. Why not base64: a byte run
// repeated in the wasm must stay a repeated text run, or brotli and gzip lose it; the data
// section's own part keeps its printable ASCII as is, for brotli's dictionary
// (docs/adr/005-build-matrix.md, 008-wasm-size.md).
// Alphabet: printable ASCII without `"`, `\` and `<`, so the strings need no escaping, even inline.
function wasmBytes(texts, orders) {
  var rank = new Int16Array(128), size = 0, length = 0, n = 0, i, c, k, text, known;
  for (c = 32; c < 127; c++) if (c !== 34 && c !== 92 && c !== 60) rank[c] = size++;
  for (k = 0; k < texts.length; k++) length += texts[k].length;
  var singles = size - 2, value = new Uint8Array(256), out = new Uint8Array(length);
  for (k = 0; k < texts.length; k++) {
    text = texts[k];
    known = new Uint8Array(256);
    for (i = 0; i < singles; i++) known[value[i] = parseInt(orders[k].substr(2 * i, 2), 16)] = 1;
    for (c = 0; c < 256; c++) if (!known[c]) value[i++] = c;
    for (i = 0; i < text.length; i++) {
      c = rank[text.charCodeAt(i)];
      if (c >= singles) c = singles + (c - singles) * size + rank[text.charCodeAt(++i)];
      out[n++] = value[c];
    }
  }
  return out.subarray(0, n);
}

// The glue's API once the wasm is compiled and instantiated (synchronously), or null with the
// reason in the console: then nothing of Biscotte runs and gated markup stays inert.
function startWasm() {
  try {
    wasm_bindgen.initSync(wasmBytes(BISCOTTE_WASM, BISCOTTE_ORDER));
    return wasm_bindgen;
  } catch (error) {
    console.error("Biscotte: WebAssembly could not start (does the Content-Security-Policy allow 'wasm-unsafe-eval'?); no banner, optional scripts stay blocked.", error);
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
