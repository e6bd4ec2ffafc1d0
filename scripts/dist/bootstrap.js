// Bootstrap of the one-file build (dist/biscotte.js), appended by scripts/build.py after
// wasm-bindgen's no-modules glue (`wasm_bindgen`), the wasm's size (`BISCOTTE_SIZE`), the shared
// start (wasm.js) and the wasm's reader (comment.js), all inside one function whose argument
// (`wasmSource`) holds the wasm in a comment (docs/adr/021-wasm-in-a-comment.md). Why
// synchronous: a classic script at the top of <head> must be ready before the page's other
// scripts (docs/adr/005-build-matrix.md).
// Fails closed: if the wasm cannot run (CSP without 'wasm-unsafe-eval', old browser), it logs
// one error and does nothing else, so gated markup stays inert.
var script = document.currentScript;
// Marks this tag as Biscotte's own, whatever its file name: activated scripts copy its nonce.
if (script) script.setAttribute('data-biscotte-script', '');

// data-* attributes of this <script> tag → configuration keys (override the JSON block).
var ATTRIBUTES = [
  ['data-policy-url', 'policyUrl'],
  ['data-language', 'language'],
  ['data-default-language', 'defaultLanguage'],
  ['data-revision', 'revision', true],
  ['data-lifetime-days', 'lifetimeDays', true],
  ['data-cookie-name', 'cookie', 'name'],
  ['data-cookie-domain', 'cookie', 'domain'],
];

// The configuration: the JSON block's text as is (Biscotte validates it and names each problem),
// or, when the tag has data-* attributes, the block parsed and the attributes merged in.
function config() {
  var block = document.getElementById('biscotte-config');
  var text = block ? block.textContent : null;
  var found = ATTRIBUTES.filter(function (a) { return script && script.hasAttribute(a[0]); });
  if (!found.length) return text;
  var merged = {};
  if (text !== null) {
    try { merged = JSON.parse(text); } catch (e) { merged = null; }
    if (!merged || typeof merged !== 'object' || Array.isArray(merged)) {
      console.error('Biscotte: #biscotte-config is not a JSON object; the data-* attributes are ignored');
      return text;
    }
  }
  found.forEach(function (a) {
    var value = script.getAttribute(a[0]);
    if (a[2] === true) value = /^\d+$/.test(value) ? Number(value) : value;
    if (typeof a[2] === 'string') {
      merged[a[1]] = Object.assign({}, merged[a[1]]);
      merged[a[1]][a[2]] = value;
    } else {
      merged[a[1]] = value;
    }
  });
  return merged;
}

(function () {
  if (window.Biscotte) {
    console.error('Biscotte: loaded twice; this copy does nothing');
    return;
  }
  // The wasm is decoded and compiled on first need: at once when Biscotte starts at once, else
  // when the page is parsed or first calls the API. A page that cannot start Biscotte before it is
  // parsed so paints without waiting for the compile (docs/adr/018-start-up-and-interaction.md).
  var api;
  function wasm() {
    if (api === undefined) {
      api = startWasm(uncommented(wasmSource));
      if (!api) delete window.Biscotte;
    }
    return api;
  }
  // Every exported function (start, show, showPreferences, acceptAll, rejectAll, accepted…).
  var exported = {};
  Object.keys(wasm_bindgen).forEach(function (name) {
    if (name !== 'initSync') exported[name] = function () { return wasm() ? api[name].apply(api, arguments) : undefined; };
  });
  window.Biscotte = Object.freeze(exported);
  function run() {
    if (wasm()) startBiscotte(api, config());
  }
  // start() puts the gate on dynamically added scripts and Consent Mode's default in place at once,
  // and itself waits for the parsed document to show the banner and activate gated markup. So start
  // now when the configuration is complete: the block is already parsed (it comes before this tag),
  // or the document is. Otherwise (top of <head>, block later or none) wait for the whole document.
  if (document.getElementById('biscotte-config') || document.readyState !== 'loading') {
    run();
  } else {
    document.addEventListener('DOMContentLoaded', function () {
      if (document.getElementById('biscotte-config')) {
        console.warn('Biscotte: #biscotte-config comes after the Biscotte script, so Biscotte started only once the page was parsed; put the block before the script to guard scripts added while parsing');
      }
      // Tasks of their own: DOMContentLoaded's task also holds the browser's load-time layout;
      // compiling, then starting, then (start's own, after the next frame) the banner.
      setTimeout(function () {
        wasm();
        setTimeout(run);
      });
    }, { once: true });
  }
})();
