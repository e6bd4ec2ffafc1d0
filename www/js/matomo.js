// A stand-in for Matomo's matomo.js (no network): it counts its runs, reads the _paq queue the
// gated inline snippet filled, and sets the cookies Matomo would set.
window.biscotteDemo = window.biscotteDemo || {};
window.biscotteDemo.matomoRuns = (window.biscotteDemo.matomoRuns || 0) + 1;
window.biscotteDemo.matomoQueue = (window._paq || []).length;
document.cookie = '_pk_id.1.demo=4242424242424242.1763895000.; Path=/; Max-Age=3600; SameSite=Lax';
document.cookie = '_pk_ses.1.demo=1; Path=/; Max-Age=1800; SameSite=Lax';
for (const el of document.querySelectorAll('[data-demo-status=matomo]')) {
  el.textContent = el.dataset.running || 'Matomo: running';
  el.classList.add('on');
}
