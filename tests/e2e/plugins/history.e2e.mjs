// The history plugin in headless Chromium against a real oqs-host (scripts/test.d/60-e2e-plugins.sh): a viewing
// account records viewings through the terminals' route, then an administrator opens 医療情報閲覧履歴照会, chooses
// a period, sees the count and the chart, sees MSG-Y02 beside the field for a reversed period, and downloads the
// CSV (name, BOM, header, rows, CRLF). The demo institution has generated viewings too: counts are taken relative
// to what the API reports before the five are recorded.
// Usage: node history.e2e.mjs BASE_URL MASTER_PASSWORD ARTIFACTS_DIR
import fs from 'node:fs';
import path from 'node:path';
import { expect, startRun } from '../run.mjs';
import { consoleApi } from '../setup.mjs';

const [base, masterInitial, artifacts] = process.argv.slice(2);
const code = '1312345678';
const { http, login, basic } = consoleApi(base, code);

// A person's first login: change the initial password.
async function activate(user, initial, password) {
  const s = await login(user, initial);
  const r = await http('POST', '/api/session/password', { current_password: initial, new_password: password }, s);
  if (r.status !== 200) throw new Error(`password ${user}: ${JSON.stringify(r.json)}`);
}
async function register(session, kind, userId, name) {
  const r = await http('POST', '/api/accounts/accounts', { kind, user_id: userId, name, kana: 'テスト　タロウ',
    start_date: '2026-01-01' }, session);
  if (r.status !== 201) throw new Error(`register ${userId}: ${JSON.stringify(r.json)}`);
  return r.json.initial_password;
}

// Setup: the master registers an administrator; the administrator a viewing (medinfo) account, which records
// five viewings of today (Japan time) through POST /api/viewing/events, one of a patient named with a comma.
await activate('master', masterInitial, 'MasterPass26');
const adminInitial = await register(await login('master', 'MasterPass26'), 'admin', 'adm01', '管理　花子');
await activate('adm01', adminInitial, 'AdminPass26');
const viewerInitial = await register(await login('adm01', 'AdminPass26'), 'medinfo', 'med01', '閲覧　次郎');
await activate('med01', viewerInitial, 'ViewerPass26');
const now = Date.now();
const jstMidnight = Math.floor((now + 9 * 3600e3) / 86400e3) * 86400e3 - 9 * 3600e3;
const times = [0, 1, 2, 3, 4].map((i) => Math.max(jstMidnight + 1000 * i, now - 60e3 * (5 - i)));
const events = times.map((at, i) => ({ at_ms: at, category: i === 4 ? 'medical.checkup' : 'medical.drug',
  patient: { name: i === 4 ? '山田, 花子' : `患者 ${i}`, kana: 'カンジャ', birth_date: '1980-04-01' },
  insurer_number: '06130012', card_symbol: '記号', card_number: '1234', card_branch: '01' }));
// The demo institution already has generated viewings (some of them today): count today's through the API first.
const adminApi = await login('adm01', 'AdminPass26');
const jstNow = new Date(now + 9 * 3600e3);
const today = jstNow.toISOString().slice(0, 10).replaceAll('-', '/');
async function countToday(category) {
  const q = `?from_date=${today}&from_hour=0&from_minute=00&to_date=${today}&to_hour=23&to_minute=59&category=${category}`;
  const r = await http('GET', '/api/history/summary' + q, null, adminApi);
  if (r.status !== 200) throw new Error(`summary: ${JSON.stringify(r.json)}`);
  return r.json.total;
}
const before = { all: await countToday('all'), checkup: await countToday('medical.checkup') };
const rec = await http('POST', '/api/viewing/events', { events }, null, basic('med01', 'ViewerPass26'));
if (rec.status !== 200 && rec.status !== 201) throw new Error(`viewing events: ${rec.status} ${JSON.stringify(rec.json)}`);
const total = before.all + 5, checkups = before.checkup + 1;
const counted = (n) => `該当件数：${n.toLocaleString('en-US')}件`;

const { page, ui, step, finish } = await startRun(artifacts, { prefix: 'history-', viewport: { width: 1280, height: 1400 } });
const chartBars = (f) => f.extra && f.extra['chart.chart.bars'];

await step('the administrator opens 医療情報閲覧履歴照会 from 問い合わせ管理', async () => {
  await ui.logIn(base, code, 'adm01', 'AdminPass26');
  await ui.text('問い合わせ管理');
  await ui.click('医療情報閲覧履歴照会');
  await ui.screen('panel');
  await ui.text(code);
});

await step('today 00:00 to now: the count and an hourly chart are shown', async () => {
  await ui.text(counted(total), 'chart-summary');
  const f = await ui.waitFor('the chart drawn', (f) => chartBars(f) > 0 && f);
  expect(f.extra['chart.chart.max'] >= 1, `largest bar ${f.extra['chart.chart.max']}`);
  // Per hour, the period being one day: a bar for each hour from 0時 to the current one.
  const hour = new Date(Date.now() + 9 * 3600e3).getUTCHours();
  expect(chartBars(f) >= hour + 1 && chartBars(f) <= 24, `${chartBars(f)} bars at hour ${hour}`);
});

await step('a category narrows the count', async () => {
  await ui.click('conditions.category');
  await ui.click('特定健診情報');
  await ui.click('件数・グラフ表示');
  await ui.text(counted(checkups), 'chart-summary');
  await ui.click('conditions.category');
  await ui.click('全て');
  await ui.click('件数・グラフ表示');
  await ui.text(counted(total), 'chart-summary');
});

await step('a reversed period shows MSG-Y02 beside the field', async () => {
  const from = await ui.value('conditions.from_date');
  const d = new Date(Date.parse(from.replaceAll('/', '-') + 'T00:00:00Z') + 86400e3);
  const tomorrow = d.toISOString().slice(0, 10).replaceAll('-', '/');
  await ui.type('conditions.from_date', tomorrow, { clear: true });
  await ui.click('件数・グラフ表示');
  await ui.text('対象期間（自）には対象期間（至）以前の日時を指定してください。');
  await ui.type('conditions.from_date', from, { clear: true });
  await ui.click('件数・グラフ表示');
  await ui.text(counted(total), 'chart-summary');
});

await step('ダウンロード saves the CSV with its name, BOM, header and rows', async () => {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), ui.click('ダウンロード')]);
  const name = download.suggestedFilename();
  expect(/^医療情報閲覧履歴_1312345678_\d{14}\.csv$/.test(name), `file name ${name}`);
  const file = path.join(artifacts, 'history.csv');
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'no UTF-8 BOM');
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  expect(lines[0].startsWith('閲覧日時,医療機関コード,ユーザID,ユーザ名,照会情報区分,患者氏名'), `header ${lines[0]}`);
  expect(lines.length === total + 2 && lines[total + 1] === '', `${lines.length - 2} rows for ${total}, or not CRLF`);
  expect(lines.some((l) => l.includes(',"山田, 花子",')), 'the name with a comma is not quoted');
  expect(lines.filter((l) => l.includes(',med01,閲覧　次郎,')).length === 5, 'the five recorded viewings');
  const times = lines.slice(1, total + 1).map((l) => l.slice(0, 19));
  expect(times.every((t, i) => i === 0 || times[i - 1] <= t), 'rows not sorted by viewing time');
  await ui.waitFor('the completion dialog', (f) => ui.item(f, 'OK'));
  await ui.click('OK');
});

await finish();
