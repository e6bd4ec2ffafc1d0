// Page object for a demo portal page with Biscotte on it.
import { watchErrors } from './browser.mjs';
export class Portal {
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
    this.requests = [];
    page.on('request', (r) => this.requests.push(new URL(r.url()).pathname));
  }

  goto(path = '/') { return this.page.goto(this.baseUrl + path); }
  // Playwright's CSS locators pierce open shadow roots.
  banner() { return this.page.locator('#biscotte .banner'); }
  dialog() { return this.page.locator('#biscotte dialog'); }
  button(action) { return this.page.locator(`#biscotte [data-action=${action}]`).first(); }
  runs(name) { return this.page.evaluate((n) => window.biscotteDemo?.[n] ?? 0, name); }

  async consentCookie() {
    const cookies = await this.page.context().cookies();
    return cookies.find((c) => c.name === 'cookies_preferences');
  }

  requested(path) { return this.requests.includes(path); }
}

/** A fresh context and page on the served portal: { context, page, portal, errors, warnings }. */
export async function openPortal(browser, baseUrl, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  return { context, page, portal: new Portal(page, baseUrl), errors: watchErrors(page), warnings };
}
