// A stand-in for AT Internet / Piano Analytics' SmartTag (smarttag.js, no network): it counts its
// runs, sends its "page view" to nowhere, and sets the cookie SmartTag would set.
window.biscotteDemo = window.biscotteDemo || {};
window.biscotteDemo.smarttagRuns = (window.biscotteDemo.smarttagRuns || 0) + 1;
window.ATInternet = window.ATInternet || { Tracker: { Tag: function Tag() { this.page = { send() {} }; } } };
document.cookie = 'atuserid=%7B%22val%22%3A%22demo42%22%7D; Path=/; Max-Age=3600; SameSite=Lax';
for (const el of document.querySelectorAll('[data-demo-status=smarttag]')) {
  el.textContent = el.dataset.running || 'SmartTag: running';
  el.classList.add('on');
}
