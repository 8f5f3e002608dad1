// Main-thread time per frame of the web client in headless Chromium with a 10,000-row table open (all rows in
// one answer, a row action per row, greyed rows), as the client measures it (frameMs: mean over 60 frames of
// input + layout + draw lists + WebGL calls). The host only serves the files: this script answers the API
// itself through Playwright's request routing, so no login is needed. Run by run-browser-bench.sh.
// Usage: node table_frame.mjs BASE_URL [ROWS]
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../tests/e2e/package.json'));
const { chromium } = require('playwright-core');

const [base, rowsArg] = process.argv.slice(2);
const n = Number(rowsArg || 10000);
const rows = Array.from({ length: n }, (_, i) => ({ code: `C${100000 + i}`, name: `利用者 ${i}`, invalidated: i % 7 === 0 }));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
         '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.route('**/api/session', (r) => r.fulfill({ json: { account: { kind: 'admin', user_id: 'bench', name: 'Bench' },
  institution: { code: '1312345678', name: 'ベンチ' }, password_change_required: false, csrf_token: 'x' } }));
await page.route('**/api/menu', (r) => r.fulfill({ json: { groups: [{ id: 'b', label: { ja: 'ベンチ' },
  items: [{ id: 'b.t', label: { ja: '一覧' }, panel: 'bench/table' }] }], header: [] } }));
await page.route('**/api/panels/bench/table', (r) => r.fulfill({ json: { schema: 1, id: 'bench.table', title: { ja: '一覧' },
  body: [{ type: 'table', id: 't', source: { method: 'GET', path: '/api/bench/rows' }, autoLoad: true,
           columns: [{ id: 'code', label: { ja: 'コード' } }, { id: 'name', label: { ja: '名前' } }],
           greyWhen: { field: 'invalidated', equals: true }, rowOpen: { panel: 'bench.detail', with: ['code'] },
           rowActions: [{ id: 'inv', label: { ja: '無効化する' }, when: { field: 'invalidated', equals: false },
                          call: { method: 'POST', path: '/api/bench/{code}/invalidate' } }] }] } }));
await page.route('**/api/bench/rows*', (r) => r.fulfill({ json: { rows, total: n } }));
await page.goto(`${base}/?automation=1`);
await page.waitForFunction(() => window.oqsAutomation && window.oqsAutomation.screen === 'menu', null, { timeout: 30000 });
const item = (await page.evaluate(() => window.oqsAutomation)).items.find((i) => i.label === '一覧');
await page.mouse.click(item.x + item.w / 2, item.y + item.h / 2);
await page.waitForFunction((n) => window.oqsAutomation.texts.some((t) => t.text.includes(`${n}件中`)), n, { timeout: 30000 });
// Scroll through the list while sampling, so the clipper keeps moving.
await page.mouse.move(400, 300);
const samples = [];
for (let i = 0; i < 10; i++) {
  // The client draws only on input: a notch every 50 ms keeps frames coming (the mean is over 30 frames).
  for (let k = 0; k < 20; k++) { await page.mouse.wheel(0, 40); await page.waitForTimeout(50); }
  samples.push(await page.evaluate(() => window.oqsAutomation.frameMs));
}
await browser.close();
samples.sort((a, b) => a - b);
console.log(`table frame (browser): ${n} rows open: median ${samples[5].toFixed(2)} ms main-thread per frame ` +
            `(range ${samples[0].toFixed(2)}–${samples[9].toFixed(2)} ms, means of 30 frames while scrolling, SwiftShader WebGL)`);
