// What every browser test shares: Debian's headless Chromium with background networking off, one page with the
// client's test hook, numbered steps that each leave a screenshot in the artifacts folder, and the closing line
// "N passed, N failed" the test command counts.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { Ui } from './ui.mjs';

export function expect(cond, what) { if (!cond) throw new Error(what); }

export async function startRun(artifacts, { prefix = '', viewport = { width: 1200, height: 800 } } = {}) {
  fs.mkdirSync(artifacts, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
           '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
           '--disable-quic', '--disable-default-apps', '--disable-extensions'],
  });
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'ja-JP' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let passed = 0, failed = 0, shot = 0;
  const run = {
    browser, context, page, errors, ui: new Ui(page),
    async step(name, fn) {
      try {
        await fn();
        passed++;
        console.log(`ok   ${name}`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${name}: ${e.message}`);
      }
      const file = path.join(artifacts, `${prefix}${String(++shot).padStart(2, '0')}-${name.replace(/[^A-Za-z0-9]+/g, '-')}.png`);
      await page.screenshot({ path: file }).catch(() => {});
    },
    // The host's view, with the page's own cookie: what reached the server.
    api: (p) => page.evaluate(async (p) => { const r = await fetch(p); return { status: r.status, body: await r.text() }; }, p),
    async finish() {
      await run.step('no page errors', async () => { expect(errors.length === 0, errors.join('; ')); });
      await browser.close();
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    },
  };
  return run;
}
