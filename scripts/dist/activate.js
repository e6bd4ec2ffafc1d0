// The DOM work of activation, one call from the wasm where web-sys took one per attribute:
// reading the gated elements, and activating one gated script (the copy, its marks, type, nonce
// and source, and the swap; docs/adr/018-start-up-and-interaction.md, decision 5). Which element
// runs, and when, stays the wasm's (src/web/activation.rs). An ES module for the wasm-bindgen
// tests; scripts/build.py puts it into the shipped glue as `biscotteActivate`.

// The elements matching `selector` under `root`, in document order, found among those matching
// `near` (simpler, so the walk through the document is quicker), after one string of their
// subjects: per element its `data-category`, then U+001F and its `data-service` if it has one,
// then U+001E. Either character inside a value becomes U+FFFD, so no value can shift the next
// element's, and such a value matches no declared name (a service's: runs as its category).
export function gatedElements(root, near, selector) {
  const plain = (value) => value.replace(/[\u001e\u001f]/g, '\ufffd');
  const found = Array.from(root.querySelectorAll(near)).filter((el) => el.matches(selector));
  let subjects = '';
  for (const el of found) {
    const service = el.getAttribute('data-service');
    subjects += plain(el.getAttribute('data-category') ?? '') + (service === null ? '' : '\u001f' + plain(service)) + '\u001e';
  }
  found.unshift(subjects);
  return found;
}

// Makes the gated script `old` run: a runnable copy takes its place.
// `fresh`: the copy to fill (an HTML script made for an SVG one), or null to clone `old` deeply,
// attributes and text (a gated script never started, so its clone is runnable). `done` listens for
// an external script's `load` and `error`. Returns whether the wasm must wait for that: the script
// is external, and neither the guard parked its URL (a refused service) nor it left the page.
export function activateScript(old, fresh, mark, ownNonce, done) {
  fresh = fresh || old.cloneNode(true);
  fresh.setAttribute(mark, 'active');
  fresh.removeAttribute('type');
  const kind = old.getAttribute('data-type');
  if (kind !== null) {
    fresh.removeAttribute('data-type');
    fresh.type = kind;
  }
  // The gated element's own nonce (browsers hide the attribute), else Biscotte's own script's.
  const nonce = old.nonce || ownNonce;
  if (nonce) fresh.nonce = nonce;
  const src = old.getAttribute('data-src') ?? old.getAttribute('src');
  if (src !== null) {
    fresh.removeAttribute('data-src');
    // Listeners, not `onload`/`onerror`: the script's own handler attributes stay.
    fresh.addEventListener('load', done);
    fresh.addEventListener('error', done);
    fresh.async = false;
    fresh.src = src;
  }
  old.replaceWith(fresh);
  return src !== null && !fresh.hasAttribute('data-src') && fresh.isConnected;
}
