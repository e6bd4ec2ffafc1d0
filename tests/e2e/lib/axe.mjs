// axe-core on Biscotte's host (and so its shadow tree), injected with page.addScriptTag.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe (WCAG 2.0–2.2 A and AA) on #biscotte; returns its violations as readable lines. */
export async function violations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run({ include: [['#biscotte']] }, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return { violations: r.violations, passes: r.passes.length + r.incomplete.length + r.violations.length };
  }, TAGS);
  assert.ok(result.passes > 0, 'axe ran rules on the banner');
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' > ') + ' ' + n.failureSummary).join('\n  ')}`);
}
