// Every configuration key, typed with the package's own declarations: tsc checks them (tsconfig.json)
// and the end-to-end test checks Biscotte accepts them all without a console warning.
import { init, onChange, accepted, type BiscotteConfig, type Decision } from 'biscotte';
import ja from 'biscotte/texts/ja';

const config: BiscotteConfig = {
  revision: 2,
  lifetimeDays: 180,
  refusalDays: 182,
  cookie: { name: 'cookies_preferences', path: '/', sameSite: 'Lax', secure: false },
  categories: [
    { id: 'necessary', cookies: [{ name: 'sessionid', provider: 'portal', purpose: { en: 'Sign-in', fr: 'Connexion' }, duration: '2 weeks' }] },
    { id: 'statistical', services: [{ preset: 'matomo' }, { id: 'stats', label: 'Own statistics', cookies: ['_stats_*'], urls: ['stats.example.org'], toggle: true }] },
    { id: 'third_party', revision: 1, label: { en: 'Third parties' }, description: 'Videos', services: [{ preset: 'youtube', label: 'YouTube videos' }] },
  ],
  language: 'en',
  defaultLanguage: 'en',
  languages: ['en', 'fr', 'ja'],
  texts: { en: { acceptAll: 'Accept everything' }, ja },
  policyUrl: '/cookies/',
  layout: 'box',
  theme: 'light',
  floatingButton: true,
  consentMode: { analytics_storage: 'statistical', ad_storage: 'third_party/youtube' },
  consentModes: { matomo: 'statistical/matomo' },
  globalPrivacyControl: 'notice',
  consentLogUrl: '/consent-log',
  proofStorage: true,
  reloadOnWithdrawal: false,
};

onChange((decision: Decision) => {
  document.getElementById('decision')!.textContent = JSON.stringify(decision);
});
const started: boolean = init(config);
const statistical: boolean = accepted('statistical');
Object.assign(window, { appState: { started, statisticalAtStart: statistical } });
