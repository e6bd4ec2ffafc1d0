// The configuration from the page's JSON block, as a server-rendered portal would provide it, plus
// the German language pack imported from the package (German is not built into the wasm).
import * as Biscotte from 'biscotte';
import de from 'biscotte/texts/de';

Biscotte.onChange((decision) => {
  document.getElementById('decision').textContent = JSON.stringify(decision);
});
const config = JSON.parse(document.getElementById('biscotte-config').textContent);
window.appState = { started: Biscotte.init({ ...config, texts: { de } }) };
