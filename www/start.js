// Starts Biscotte on a demo page: loads the wasm build (www/pkg, made by `python3 scripts/build.py`)
// and hands it the page's <script type="application/json" id="biscotte-config"> block.
// If anything fails, the gated markup simply stays inert: nothing optional runs.
import init, { start } from './pkg/biscotte.js';

try {
  await init();
  start(document.getElementById('biscotte-config')?.textContent ?? null);
} catch (error) {
  console.error('Biscotte: could not start; optional scripts stay blocked.', error);
}
