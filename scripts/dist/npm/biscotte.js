// The npm package's entry (pkg/biscotte.js), appended by scripts/build.py after the wasm as a
// string (`BISCOTTE_WASM`), wasm-bindgen's no-modules glue (`wasm_bindgen`), the wasm's size
// (`BISCOTTE_SIZE`) and the shared start (wasm.js).
// Why the wasm is inside the module: every bundler then takes the package as plain JavaScript
// (no wasm loader or asset-URL rule to configure in Vite, webpack or esbuild) and init() is
// synchronous, so the gate is up before the next line of the app runs (docs/adr/007-npm-package.md).
// Importing does nothing by itself; everything starts in init(). Fails closed: if the wasm cannot
// run, init() logs why and returns false, and gated markup stays inert.

let api = null;
const pending = [];

function started(name) {
  if (!api) console.error(`Biscotte: ${name}() was called before init(); nothing happened`);
  return api;
}

/** Starts Biscotte with a configuration (object, JSON text, or nothing for the defaults). */
export function init(config) {
  if (typeof window === 'undefined' || typeof document === 'undefined') {
    console.warn('Biscotte: init() needs a browser page; nothing started (call it on the client)');
    return false;
  }
  if (!api) {
    api = startWasm(BISCOTTE_WASM);
    if (!api) return false;
    pending.splice(0).forEach((callback) => api.onChange(callback));
  }
  return startBiscotte(api, config === undefined ? null : config);
}

/** Shows the banner's first layer. */
export function show() {
  started('show')?.show();
}

/** Opens the preferences dialog. */
export function showPreferences() {
  started('showPreferences')?.showPreferences();
}

/** Accepts every category, as the banner's button does. */
export function acceptAll() {
  started('acceptAll')?.acceptAll();
}

/** Refuses every optional category, as the banner's button does. */
export function rejectAll() {
  started('rejectAll')?.rejectAll();
}

/** Whether a category (or `category/service`) is accepted now; false before init() and before a choice. */
export function accepted(name) {
  return api ? api.accepted(String(name)) : false;
}

/** Calls `callback(decision)` on every change of the decision, here or in another tab. */
export function onChange(callback) {
  if (typeof callback !== 'function') {
    console.error('Biscotte: onChange() needs a function');
  } else if (api) {
    api.onChange(callback);
  } else {
    pending.push(callback);
  }
}
