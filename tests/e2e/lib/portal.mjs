// Page object for a demo portal page with Biscotte on it.
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
