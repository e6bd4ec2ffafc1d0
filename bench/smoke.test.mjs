// The bench still runs and produces every figure (issue 17), one run per variant on the desktop
// at 1x and 4x CPU (about a minute). Checks only that each figure is there, never its value: speed
// is not asserted anywhere. scripts/test.sh runs it after the release build (`node --test bench/`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TAGS } from './page.mjs';

const EVERY = ['fcp', 'scriptMs', 'maxTaskToBanner', 'tbtToBanner', 'lcpMs', 'retFcp', 'retScriptMs', 'retMaxTask', 'ownCls', 'jsHeap', 'wasmMemory',
  ...Array.from({ length: TAGS }, (_, i) => `tag${i}`)];
const WITH_BANNER = ['bannerMs', 'inpMs', 'acceptToTagsMs', 'activate500Ms'];

test('one bench run (RUNS=1) gives every figure of every variant, and the targets table', { timeout: 600_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'biscotte-bench-'));
  try {
    execFileSync(process.execPath, [join(import.meta.dirname, 'run.mjs')], {
      env: { ...process.env, RUNS: '1', CONFIGS: 'desktop-1x,desktop-4x', OUT: out }, stdio: ['ignore', 'ignore', 'inherit'],
    });
    const results = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8'));
    assert.deepEqual(results.failures, []);
    assert.ok(results.chromium && results.machine.cores && results.machine.cpu);
    assert.deepEqual(Object.keys(results.sizes), ['biscotte-js', 'biscotte-esm', 'vanilla']);
    for (const [config, figures] of Object.entries(results.figures)) {
      for (const [variant, f] of Object.entries(figures)) {
        const expected = variant === 'none' ? EVERY : [...EVERY, ...WITH_BANNER];
        for (const key of expected) assert.equal(typeof f[key]?.median, 'number', `${config} ${variant} ${key}`);
        assert.equal(Object.keys(f.lcpElements).length, 1, `${config} ${variant} LCP element`);
      }
    }
    assert.ok(results.targets.length >= 10);
    for (const t of results.targets) assert.ok(t.values[0] !== null, t.target);
    assert.match(readFileSync(join(out, 'latest.md'), 'utf8'), /Accept INP/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
