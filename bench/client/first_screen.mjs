// Time from navigation to the first interactive login screen of the web client in headless Chromium, as the
// client reports it (window.oqsFirstScreenMs = performance.now() at the first frame showing the login form),
// over N cold loads (a fresh browser context each: no cache). Run by run-browser-bench.sh.
// Usage: node first_screen.mjs BASE_URL [RUNS]
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../tests/e2e/package.json'));
const { chromium } = require('playwright-core');

const [base, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 5);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
         '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const times = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${base}/?automation=1`);
  await page.waitForFunction(() => window.oqsAutomation && window.oqsAutomation.screen === 'login' &&
                                   window.oqsAutomation.items.some((it) => it.key === 'password'), null, { timeout: 30000 });
  times.push(await page.evaluate(() => window.oqsFirstScreenMs));
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`first screen (navigation → interactive login form, headless Chromium, loopback, cold cache): ` +
            `median ${median.toFixed(0)} ms over ${runs} loads (min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)})`);
