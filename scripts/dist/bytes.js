// The wasm travels inside the JavaScript as lowercase hex (`BISCOTTE_WASM`), put before this by
// scripts/build.py. Why hex, not base64: each byte stays two characters wide, so a byte run that
// repeats in the wasm repeats in the text and brotli/gzip still find it (measured on the release
// wasm: 62.8 KB brotli as hex, 76.6 KB as base64, 58.0 KB bare).
function wasmBytes(hex) {
  if (Uint8Array.fromHex) return Uint8Array.fromHex(hex);
  var out = new Uint8Array(hex.length >> 1);
  for (var i = 0, j = 0; i < out.length; i++, j += 2) {
    var high = hex.charCodeAt(j), low = hex.charCodeAt(j + 1);
    // '0'-'9' are 48-57 and 'a'-'f' 97-102: the low nibble, plus 9 for the letters (bit 6 set).
    out[i] = (((high & 15) + (high >> 6) * 9) << 4) | ((low & 15) + (low >> 6) * 9);
  }
  return out;
}
