// The configuration as JSON text from the page, as a server-rendered portal would provide it.
import * as Biscotte from 'biscotte';

Biscotte.onChange((decision) => {
  document.getElementById('decision').textContent = JSON.stringify(decision);
});
window.appState = { started: Biscotte.init(document.getElementById('biscotte-config').textContent) };
