// The mynaurl plugin in headless Chromium against a real oqs-host (scripts/test.d/60-e2e-plugins.sh): an
// administrator opens 医療機関別URL取得・変更, ticks 「URLを変更する」 and reads its warning (cancel unticks it),
// changes the URL, sees the old one answer 410 and the new one 200, copies it, and downloads the PNG, which
// zbarimg decodes to exactly the new URL, and the PDF sheet.
// Usage: node mynaurl.e2e.mjs BASE_URL MASTER_PASSWORD ARTIFACTS_DIR
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, startRun } from '../run.mjs';
import { consoleApi } from '../setup.mjs';

const [base, masterInitial, artifacts] = process.argv.slice(2);
const code = '1312345678';
const { http, login } = consoleApi(base, code);

const master = await login('master', masterInitial);
await http('POST', '/api/session/password', { current_password: masterInitial, new_password: 'MasterPass26' }, master);
const master2 = await login('master', 'MasterPass26');
const reg = await http('POST', '/api/accounts/accounts', { kind: 'admin', user_id: 'adm01', name: '管理　花子',
  kana: 'カンリ　ハナコ', start_date: '2026-01-01' }, master2);
if (reg.status !== 201) throw new Error(`register: ${JSON.stringify(reg.json)}`);
const first = await login('adm01', reg.json.initial_password);
await http('POST', '/api/session/password', { current_password: reg.json.initial_password, new_password: 'AdminPass26' }, first);
const saved = await http('PATCH', '/api/settings/values', {
  'settings.home_visit': 'use', 'accept_terms.settings.home_visit': true,
  'settings.online': 'use', 'accept_terms.settings.online': true,
  'settings.display_name': 'あおぞら在宅クリニック' }, await login('adm01', 'AdminPass26'));
if (saved.status !== 200) throw new Error(`settings: ${JSON.stringify(saved.json)}`);

const { page, ui, step, api, finish } = await startRun(artifacts, { prefix: 'mynaurl-', viewport: { width: 1280, height: 1600 } });
const box = 'ops_home_visit_change.home_visit_change';
// The button (no field key) with that label, enabled; the home-visit section's comes first.
const button = (f, label) => f.items.find((i) => i.label === label && !i.key && i.enabled);
async function clickButton(label) {
  const it = await ui.waitFor(`button ${label}`, (f) => f.idle && button(f, label));
  await page.mouse.click(it.x + it.w / 2, it.y + it.h / 2);
  await ui.settle(`the click on ${label} taken in`);
}
const currentUrl = async () => JSON.parse((await api('/api/mynaurl/urls')).body).services.find((s) => s.service === 'home_visit').url;
const pathOf = (u) => u.slice(u.indexOf('/p/mynaurl/'));
let before = '';

await step('the administrator opens 医療機関別URL取得・変更 and sees both services', async () => {
  await ui.logIn(base, code, 'adm01', 'AdminPass26');
  await ui.click('医療機関別URL取得・変更');
  await ui.screen('panel');
  before = await currentUrl();
  await ui.waitFor('the URL, shown as a link', (f) => f.items.find((i) => i.label === before && i.key === 'link'));
  await ui.waitFor('the QR code drawn', (f) => f.texts.find((t) => t.kind === 'image' && t.text === '訪問診療等の二次元バーコード'));
  await ui.text('現在のURLは使用できなくなります。');
  const f = await ui.state();
  expect(!button(f, 'URLを変更する'), 'the button must be disabled until its box is ticked');
  expect((await http('GET', pathOf(before))).status === 200, 'the first URL should answer');
});

await step('ticking 「URLを変更する」 shows the warning; cancel unticks it', async () => {
  await ui.click(box);
  await ui.text('URLを変更すると、現在のURL及び二次元バーコードは使用できなくなります。', 'dialog');
  await ui.click('キャンセル');
  await ui.waitFor('the box unticked', (f) => f.items.find((i) => i.key === box && i.value === 'false'));
  expect(!button(await ui.settle(), 'URLを変更する'), 'still disabled after cancel');
});

await step('tick, read the warning, OK: the button changes the URL after asking', async () => {
  await ui.click(box);
  await ui.text('患者は変更後のURLで閲覧同意情報を登録する必要があります。', 'dialog');
  await ui.click('OK');
  await ui.waitFor('the box ticked', (f) => f.items.find((i) => i.key === box && i.value === 'true'));
  await clickButton('URLを変更する');
  await ui.text('URLを変更します。よろしいですか？', 'dialog');
  await ui.click('OK');
  await ui.text('URLを変更しました。', 'dialog');
  await ui.click('OK');
  const now = await currentUrl();
  expect(now !== before, 'the URL did not change');
  await ui.waitFor('the new URL, shown as a link', (f) => f.items.find((i) => i.label === now && i.key === 'link'));
  await ui.waitFor('the box cleared after the operation', (f) => f.items.find((i) => i.key === box && i.value === 'false'));
  expect((await http('GET', pathOf(before))).status === 410, 'the old URL should be gone');
  const page200 = await http('GET', pathOf(now));
  expect(page200.status === 200 && page200.text.includes('あおぞら在宅クリニック'), 'the new URL should show the display name');
});

await step('《コピー》 puts the new URL on the clipboard', async () => {
  const now = await currentUrl();
  await clickButton('コピー');
  await page.waitForFunction((u) => window.oqsLastClipboard === u, now);
  await ui.text('コピーしました。');
});

await step('《PNG形式でダウンロード》 asks, saves the file and it decodes to the new URL', async () => {
  const now = await currentUrl();
  await clickButton('PNG形式でダウンロード');
  await ui.text('二次元バーコードをダウンロードします。よろしいですか？', 'dialog');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), ui.click('OK')]);
  expect(download.suggestedFilename() === `${code}_houmon_QR.png`, `file name ${download.suggestedFilename()}`);
  await ui.text('ダウンロードが完了しました。', 'dialog');
  const file = path.join(artifacts, 'houmon_QR.png');
  await download.saveAs(file);
  const decoded = execFileSync('zbarimg', ['--raw', '-q', file], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  expect(decoded === now, `decoded ${decoded}, current ${now}`);
  await ui.click('OK');
});

await step('《PDF形式でダウンロード》 saves the A4 sheet with the display name', async () => {
  await clickButton('PDF形式でダウンロード');
  await ui.text('二次元バーコードをダウンロードします。よろしいですか？', 'dialog');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), ui.click('OK')]);
  expect(download.suggestedFilename() === `${code}_houmon_QR.pdf`, `file name ${download.suggestedFilename()}`);
  const file = path.join(artifacts, 'houmon_QR.pdf');
  await download.saveAs(file);
  const text = execFileSync('pdftotext', [file, '-']).toString();
  expect(text.includes('あおぞら在宅クリニック') && text.includes(await currentUrl()), text);
  await ui.click('OK');
});

await step('the patients\' pages on a phone: the current URL, and the old one 410 in Japanese', async () => {
  const phone = await page.context().newPage();
  await phone.setViewportSize({ width: 360, height: 640 });
  const errors = [];
  phone.on('console', (m) => { if (m.text().includes('Content Security Policy')) errors.push(m.text()); });
  const live = await phone.goto(await currentUrl());
  expect(live.status() === 200, `current URL ${live.status()}`);
  expect((await phone.textContent('h1')).includes('あおぞら在宅クリニック'), 'display name heading');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  expect(width <= 360, `the page scrolls sideways on a phone (${width} px)`);
  await phone.screenshot({ path: path.join(artifacts, 'patient-page.png') });
  const old = await phone.goto(before);
  expect(old.status() === 410, `old URL ${old.status()}`);
  expect((await phone.textContent('h1')).includes('このURLは使用できません'), 'the gone page heading');
  await phone.screenshot({ path: path.join(artifacts, 'patient-page-gone.png') });
  expect(errors.length === 0, `CSP refused part of the page: ${errors.join('; ')}`);
  await phone.close();
});

await finish();
