// One sample of each variant, in a fresh browser context: the first visit (FCP, banner, script
// time, long tasks to the banner, LCP), the "Accept all" click with real input events (INP), the
// return visit in a new tab of the same context, its consent cookie set (when each consented tag
// started); and apart, the activation of 500 gated elements.
import { PROBE } from './probe.mjs';
import { TAGS } from './page.mjs';

// How each banner's visible first layer and its "Accept all" button are found.
export const SELECTORS = {
  'biscotte-js': { banner: '#biscotte .banner', accept: '#biscotte .btn[data-action=accept]' },
  'biscotte-esm': { banner: '#biscotte .banner', accept: '#biscotte .btn[data-action=accept]' },
  vanilla: { banner: '#cc-main .cm', accept: '#cc-main .cm [data-role=all]' },
};
SELECTORS['biscotte-base'] = SELECTORS['biscotte-js'];
const TIMEOUT = 30000;
// A finger or a mouse button stays down about this long: pressed and released at once, the
// pointerdown would share the click's frame and its duration would count the click's work too.
const PRESS_MS = 80;

async function open(context, url, throttle) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  // Main-thread time the renderer spent running script (ScriptDuration: all of the page's, the
  // banner's included; the bare page's is the floor).
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT });
  return { page, cdp };
}

const scriptMs = async (cdp) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration').value * 1000;
const frames = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
const tagsRan = (page) => page.waitForFunction((n) => window.__tagsRun === n, TAGS, { timeout: TIMEOUT });

/** What the probe saw; long tasks and TBT counted up to `until` (ms from navigation start) and overall. */
function pageFigures(until) {
  /**
   * The LCP element: tag#id.classes, and whether it is a banner's. Chromium names no element inside
   * a shadow root (entry.element is null, and DevTools gives no node either); Biscotte's host holds
   * the page's only shadow root, so there the element is the one of its text blocks whose area
   * matches the entry's size, marked ≈.
   */
  function lcpElement() {
    const lcp = __bench.lcp;
    if (!lcp) return { lcpElement: null, lcpBanner: null };
    const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].slice(0, 2).map((c) => '.' + c).join('');
    if (lcp.element) return { lcpElement: name(lcp.element), lcpBanner: !!lcp.element.closest('#biscotte, #cc-main') };
    const root = document.querySelector('#biscotte')?.shadowRoot;
    if (!root) return { lcpElement: '(removed)', lcpBanner: null };
    let best = null, off = Infinity;
    for (const el of root.querySelectorAll('*')) {
      if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
      const range = document.createRange();
      range.selectNodeContents(el);
      const r = range.getBoundingClientRect();
      const d = Math.abs(r.width * r.height - lcp.size);
      if (d < off) { off = d; best = el; }
    }
    return { lcpElement: `#biscotte ⊳ ≈${best ? name(best) : '?'}`, lcpBanner: true };
  }
  const tasks = __bench.longTasks;
  const before = tasks.filter((t) => t.start < until);
  const tbt = (ts) => ts.reduce((s, t) => s + Math.max(0, t.duration - 50), 0);
  const longest = (ts) => Math.max(0, ...ts.map((t) => t.duration));
  return {
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    maxTaskToBanner: longest(before), tbtToBanner: tbt(before), maxTask: longest(tasks), tbt: tbt(tasks),
    cls: __bench.cls, ownCls: __bench.ownCls,
    lcpMs: __bench.lcp?.at ?? null, ...lcpElement(),
    jsHeap: performance.memory?.usedJSHeapSize ?? null,
    wasmMemory: __bench.wasmMemory.reduce((s, m) => s + (m?.buffer?.byteLength ?? 0), 0),
    tags: [...(window.__tags ?? [])],
  };
}

const loadEnd = (page) => page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);

/** First visit, Accept, return visit; on the bare page one visit, its tags ungated. */
export async function sample(browser, base, variant, { throttle, viewport }) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(PROBE);
  try {
    const first = await open(context, `${base}/page?v=${variant}`, throttle);
    const result = {};
    let until;
    if (variant === 'none') {
      await tagsRan(first.page);
      until = await loadEnd(first.page);
    } else {
      await first.page.locator(SELECTORS[variant].banner).first().waitFor({ state: 'visible', timeout: TIMEOUT });
      await first.page.waitForFunction(() => __bench.bannerAt !== null, null, { timeout: TIMEOUT });
      until = result.bannerMs = await first.page.evaluate(() => __bench.bannerAt);
    }
    await first.page.waitForTimeout(300);
    result.scriptMs = await scriptMs(first.cdp);
    Object.assign(result, await first.page.evaluate(pageFigures, until));
    if (variant === 'none') {
      // The tags ran as the parser reached them: the physical limit of a return visit.
      Object.assign(result, { retFcp: result.fcp, retScriptMs: result.scriptMs, retTags: result.tags, retMaxTask: result.maxTask });
      return result;
    }
    // "Accept all" with real input events (CDP Input.dispatchMouseEvent), so Event Timing sees it.
    const box = await first.page.locator(SELECTORS[variant].accept).first().boundingBox();
    await first.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { delay: PRESS_MS });
    await tagsRan(first.page);
    await frames(first.page);
    await first.page.waitForTimeout(200);
    Object.assign(result, await first.page.evaluate(() => {
      // The page has no other interaction: every entry with an interactionId is the click's.
      const worst = __bench.events.reduce((w, e) => (!w || e.duration > w.duration ? e : w), null);
      return {
        // No entry: the interaction took under 16 ms, the API's floor; 16 stands for "≤ 16".
        inpMs: worst ? worst.duration : 16, inpEvent: worst?.name ?? null,
        acceptToTagsMs: Math.max(...window.__tags) - __bench.clickAt,
      };
    }));
    await first.page.close();
    const back = await open(context, `${base}/page?v=${variant}&ret`, throttle);
    await tagsRan(back.page);
    await back.page.waitForTimeout(300);
    const ret = await back.page.evaluate(pageFigures, Infinity);
    Object.assign(result, { retFcp: ret.fcp, retScriptMs: await scriptMs(back.cdp), retTags: ret.tags, retMaxTask: ret.maxTask });
    return result;
  } finally {
    await context.close();
  }
}

/** Milliseconds from the click on "Accept all" to the 500th gated element running. */
export async function activation(browser, base, variant, { throttle, viewport }) {
  const context = await browser.newContext({ viewport });
  try {
    const { page } = await open(context, `${base}/page?v=${variant}&bulk`, throttle);
    const accept = page.locator(SELECTORS[variant].accept).first();
    await accept.waitFor({ state: 'visible', timeout: TIMEOUT });
    await page.evaluate(() => { window.__clickAt = null; document.addEventListener('click', (e) => { window.__clickAt ??= e.timeStamp; }, true); });
    const box = await accept.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { delay: PRESS_MS });
    await page.waitForFunction(() => window.__bulkDone, null, { timeout: TIMEOUT });
    return await page.evaluate(() => window.__bulkDone - window.__clickAt);
  } finally {
    await context.close();
  }
}
