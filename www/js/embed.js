// A stand-in for a third-party embed (video player, map widget…): it shows that it ran.
window.biscotteDemo = window.biscotteDemo || {};
window.biscotteDemo.thirdPartyRuns = (window.biscotteDemo.thirdPartyRuns || 0) + 1;
for (const el of document.querySelectorAll('[data-demo-status=third_party]')) {
  el.textContent = 'Third-party embed: running';
  el.classList.add('on');
}
