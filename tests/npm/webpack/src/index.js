// No configuration but the policy link: the language comes from <html lang="fr">.
import { init, onChange } from 'biscotte';

onChange((decision) => {
  document.getElementById('decision').textContent = JSON.stringify(decision);
});
window.appState = { started: init({ policyUrl: '/politique-cookies/' }) };
