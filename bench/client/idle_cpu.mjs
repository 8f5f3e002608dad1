// Idle CPU of the renderer's main thread: the console's menu and a static panel each left alone for 10 s against a
// static HTML page, in headless Chromium with software rendering (SwiftShader, as on office PCs and virtual desktops
// without GPU acceleration). Main-thread time is CDP's Performance.getMetrics TaskDuration (seconds of tasks run). The API is
// answered through request routing (no login needed); the host serves the client's files.
// Usage: node idle_cpu.mjs BASE_URL [SECONDS]
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../tests/e2e/package.json'));
const { chromium } = require('playwright-core');

const [base, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg || 10);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
         '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

async function idle(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  await page.mouse.move(5, 5);
  await page.waitForTimeout(1000);
  const a = await task();
  await page.waitForTimeout(seconds * 1000);
  return (await task()) - a;
}

const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.setContent('<!doctype html><html lang="ja"><body><h1>メニュー</h1><p>静的なページ</p><button>更新</button></body></html>');
const staticPage = await idle(page);

await page.route('**/api/session', (r) => r.fulfill({ json: { account: { kind: 'admin', user_id: 'bench', name: 'Bench' },
  institution: { code: '1312345678', name: 'ベンチ' }, password_change_required: false, csrf_token: 'x' } }));
await page.route('**/api/menu', (r) => r.fulfill({ json: { groups: [{ id: 'b', label: { ja: 'ベンチ' },
  items: [{ id: 'b.s', label: { ja: '静的な画面' }, panel: 'bench/static' }] }], header: [] } }));
// A panel with nothing that moves: text and the 《メニュー》/《戻る》 row (no refreshSeconds, no table).
await page.route('**/api/panels/bench/static', (r) => r.fulfill({ json: { schema: 1, id: 'bench.static',
  title: { ja: '静的な画面' }, body: [{ type: 'text', text: { ja: 'この画面には動くものがありません。' } },
    { type: 'actions', items: [{ id: 'menu', label: { ja: 'メニュー' }, goto: 'menu' }, { id: 'back', label: { ja: '戻る' }, goto: 'back' }] }] } }));
await page.goto(`${base}/?automation=1`);
await page.waitForFunction(() => window.oqsAutomation && window.oqsAutomation.screen === 'menu', null, { timeout: 30000 });
const menu = await idle(page);
const item = await page.evaluate(() => window.oqsAutomation.items.find((i) => i.label === '静的な画面'));
await page.mouse.click(item.x + item.w / 2, item.y + item.h / 2);
await page.waitForFunction(() => window.oqsAutomation && window.oqsAutomation.screen === 'panel', null, { timeout: 30000 });
const panel = await idle(page);
const ticks = await page.evaluate(() => window.oqsLoop && window.oqsLoop.ticks);
await browser.close();
const ratio = (v) => (v / Math.max(staticPage, 0.001)).toFixed(1);
console.log(`idle renderer main thread over ${seconds} s (headless Chromium, SwiftShader): static page ` +
            `${staticPage.toFixed(2)} s, console menu ${menu.toFixed(2)} s (${ratio(menu)}×), ` +
            `static panel ${panel.toFixed(2)} s (${ratio(panel)}×)` + (ticks === undefined ? '' : `, idle ticks ${ticks}`));
