// A stand-in for Google Analytics 4's gtag.js (no network): it counts its runs, reads the
// dataLayer queue the gated inline snippet filled, and sets the cookies GA4 would set.
window.biscotteDemo = window.biscotteDemo || {};
window.biscotteDemo.ga4Runs = (window.biscotteDemo.ga4Runs || 0) + 1;
window.biscotteDemo.ga4Queue = (window.dataLayer || []).length;
document.cookie = '_ga=GA1.1.424242.1763895000; Path=/; Max-Age=3600; SameSite=Lax';
document.cookie = '_ga_DEMO000000=GS1.1.1763895000.1.0.1763895000.0.0.0; Path=/; Max-Age=3600; SameSite=Lax';
for (const el of document.querySelectorAll('[data-demo-status=ga4]')) {
  el.textContent = el.dataset.running || 'Google Analytics 4: running';
  el.classList.add('on');
}
