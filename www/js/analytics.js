// A stand-in for an analytics tag (Matomo, GA4…): it shows that it ran and sets a tracking cookie.
window.biscotteDemo = window.biscotteDemo || {};
window.biscotteDemo.analyticsRuns = (window.biscotteDemo.analyticsRuns || 0) + 1;
document.cookie = '_pk_id.1.demo=visitor42; Path=/; Max-Age=3600; SameSite=Lax';
for (const el of document.querySelectorAll('[data-demo-status=statistical]')) {
  el.textContent = 'Statistics script: running';
  el.classList.add('on');
}
