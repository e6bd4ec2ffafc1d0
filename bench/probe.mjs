// What the bench records inside the page: installed before any page script (an init script), it
// notes when a banner first becomes visible, long tasks, layout shifts, the largest contentful
// paint, Event Timing entries of interactions, and the wasm memory of any instance.
export const PROBE = `(() => {
  const returnVisit = new URLSearchParams(location.search).has('ret');
  window.__bench = { longTasks: [], cls: 0, ownCls: 0, bannerAt: null, wasmMemory: [], lcp: null, events: [], clickAt: null };
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) __bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // Layout shifts: all of them (the page's own too), and those of the banner's own nodes (a shift
  // whose sources include Biscotte's host or an embed placeholder, or vanilla-cookieconsent's root).
  const own = (node) => (node?.nodeType === 1 ? node : node?.parentElement)?.closest('#biscotte, [data-biscotte-embed], #cc-main');
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) {
      if (e.hadRecentInput) continue;
      __bench.cls += e.value;
      if ((e.sources ?? []).some((s) => own(s.node))) __bench.ownCls += e.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
  // The largest contentful paint so far (its element is named at the end: visits.mjs).
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) __bench.lcp = { at: e.startTime, size: e.size, element: e.element };
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  // Event Timing: events of interactions lasting 16 ms or more (the API's floor), for INP.
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) {
      if (e.interactionId) __bench.events.push({ name: e.name, start: e.startTime, duration: e.duration, processing: e.processingEnd - e.processingStart, interactionId: e.interactionId });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  addEventListener('click', (e) => { __bench.clickAt ??= e.timeStamp; }, true);
  // The memory export by type: build.py gives the exports short names.
  const memoryOf = (exports) => Object.values(exports).find((v) => v instanceof WebAssembly.Memory);
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (m, i) { const inst = new Instance(m, i); __bench.wasmMemory.push(memoryOf(inst.exports)); return inst; };
  WebAssembly.Instance.prototype = Instance.prototype;
  const instantiate = WebAssembly.instantiate.bind(WebAssembly);
  WebAssembly.instantiate = async (...a) => { const r = await instantiate(...a); const inst = r.instance ?? r; if (inst.exports) __bench.wasmMemory.push(memoryOf(inst.exports)); return r; };
  const streaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
  WebAssembly.instantiateStreaming = async (...a) => { const r = await streaming(...a); __bench.wasmMemory.push(memoryOf(r.instance.exports)); return r; };
  // First frame where a banner is laid out and not transparent. Frames are polled only once a
  // banner's host exists: requestAnimationFrame from the start would force a frame (style and
  // layout of the half-parsed page) at every vsync while parsing, long tasks of the probe's own.
  // A return visit shows no banner: nothing is polled there.
  if (returnVisit) return;
  const find = () => document.querySelector('#biscotte')?.shadowRoot?.querySelector('.banner') ?? document.querySelector('#cc-main .cm');
  const poll = () => {
    const el = find();
    if (el) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && Number(getComputedStyle(el).opacity) > 0) { __bench.bannerAt = performance.now(); return; }
    }
    if (performance.now() < 20000) requestAnimationFrame(poll);
  };
  const hosts = new MutationObserver(() => {
    if (document.querySelector('#biscotte, #cc-main')) { hosts.disconnect(); requestAnimationFrame(poll); }
  });
  hosts.observe(document, { childList: true, subtree: true });
})();`;
