// A fixture page wider than any phone, and a configuration with a cookie table: what the phone,
// focus and accessibility tests show Biscotte on (tests/e2e/phone.test.mjs, focus.test.mjs).

export const CONFIG = {
  policyUrl: '/cookies.html',
  categories: [
    { id: 'necessary', necessary: true, cookies: [
      { name: 'sessionid', provider: 'Opendatasoft', purpose: { en: 'Recognises you as you move from page to page' } },
      { name: 'django_language', provider: 'Opendatasoft', purpose: { en: 'Keeps the language you picked' } },
      { name: 'cookies_preferences', provider: 'Opendatasoft', purpose: { en: 'Keeps the cookie choices you made' } },
    ] },
    { id: 'statistical', services: [{ preset: 'matomo' }, { preset: 'ga4' }] },
    { id: 'third_party', services: [{ preset: 'youtube' }] },
  ],
};
/** A page wider than any phone: a data table whose cells never wrap (what the seed demos were). */
export const WIDE = `<style>td { white-space: nowrap; padding: 0 1rem; }</style>
<table><caption>Datasets</caption><tr>${Array.from({ length: 8 }, (_, i) => `<td>dataset_column_${i}</td>`).join('')}</tr></table>
<p><a href="#a">A link</a> <button type="button">A button</button></p>`;
