// The activation plugin in headless Chromium against a real oqs-host (scripts/test.d/60-e2e-plugins.sh): an
// administrator issues a code with a Japanese memo typed through the IME path, sees it first in the results, a
// device registers with it over the app's route, then the administrator shows invalidated codes too, invalidates
// the code after the warning and sees its row greyed out with 「無効化済み」 — and the device is locked out.
// Usage: node activation.e2e.mjs BASE_URL MASTER_PASSWORD ARTIFACTS_DIR
import { expect, startRun } from '../run.mjs';
import { consoleApi } from '../setup.mjs';

const [base, masterInitial, artifacts] = process.argv.slice(2);
const inst = '1312345678';
const { http, login } = consoleApi(base, inst);

async function firstLogin(user, initial, chosen) {
  const s = await login(user, initial);
  const r = await http('POST', '/api/session/password', { current_password: initial, new_password: chosen }, s);
  if (r.status !== 200) throw new Error(`password ${user}: ${JSON.stringify(r.json)}`);
  return login(user, chosen);
}
const master = await firstLogin('master', masterInitial, 'MasterPass26');
const adm = await http('POST', '/api/accounts/accounts', { kind: 'admin', user_id: 'adm01', name: '管理　花子',
  kana: 'カンリ　ハナコ', start_date: '2026-01-01' }, master);
if (adm.status !== 201) throw new Error(`register adm01: ${JSON.stringify(adm.json)}`);
let admin = await firstLogin('adm01', adm.json.initial_password, 'AdminPass26');
const gen = await http('POST', '/api/accounts/accounts', { kind: 'general', user_id: 'gen01', name: '訪問　一郎',
  kana: 'ホウモン　イチロウ', start_date: '2026-01-01' }, admin);
if (gen.status !== 201) throw new Error(`register gen01: ${JSON.stringify(gen.json)}`);
await firstLogin('gen01', gen.json.initial_password, 'GeneralPass26');
const on = await http('PATCH', '/api/settings/values',
  { 'settings.home_visit': 'use', 'accept_terms.settings.home_visit': true }, admin);
if (on.status !== 200) throw new Error(`home visit: ${JSON.stringify(on.json)}`);
admin = await login('adm01', 'AdminPass26');  // the save ended the session

const { page, ui, step, finish } = await startRun(artifacts, { prefix: 'activation-', viewport: { width: 1400, height: 1100 } });
const memo = 'Ａさんのスマホ１号機';
const cell = (f, text) => f.texts.find((t) => (t.kind === 'cell' || t.kind === 'cell-grey') && t.text === text);
let code = '';
let token = '';

await step('the administrator opens アクティベーションコード管理 from menu ⑫', async () => {
  await ui.logIn(base, inst, 'adm01', 'AdminPass26');
  await ui.text('マイナ資格確認アプリ管理');
  await ui.click('アクティベーションコード管理');
  const f = await ui.screen('panel');
  expect(f.texts.some((t) => t.kind === 'title' && t.text === 'アクティベーションコード管理'), 'panel title');
  expect(f.items.find((i) => i.key === 'q.status' && i.value === '全て'), '登録状況 should default to 全て');
});

await step('a code is issued with a Japanese memo typed through the IME', async () => {
  await ui.type('issue.memo', memo, { ime: true });
  await ui.waitFor('the memo in the field', (f) => f.items.find((i) => i.key === 'issue.memo' && i.value === memo));
  await ui.click('発行');
  await ui.text('アクティベーションコードを発行します。よろしいですか？', 'dialog');
  await ui.click('OK');
  await ui.text('10分程度経過後に使用してください', 'dialog');
  const f = await ui.state();
  const shown = f.texts.find((t) => /^[0-9]{12}$/.test(t.text));
  expect(shown, `the new code should be in the completion dialog: ${JSON.stringify(f.texts.slice(0, 20))}`);
  code = shown.text;
  await ui.click('OK');
  // The results with the new code first, its memo exactly as typed.
  await ui.waitFor('the new row', (f) => cell(f, code) && cell(f, memo) && cell(f, '未登録'));
});

await step('a device registers with the code over the app route', async () => {
  const auth = 'Basic ' + Buffer.from(`${inst}/gen01:GeneralPass26`).toString('base64');
  const r = await http('POST', '/api/activation/devices', { activation_code: code, device_name: '訪問用スマホ' }, null,
    { Authorization: auth });
  expect(r.status === 201, `register: ${r.status} ${JSON.stringify(r.json)}`);
  token = r.json.device_token;
  const s = await http('POST', '/p/activation/device/status', { device_token: token });
  expect(s.status === 200, `status before: ${s.status}`);
});

await step('searching with invalidated codes shown finds it registered', async () => {
  await ui.click('q.status');
  await ui.click('登録済み');
  await ui.click('q.valid_only');
  await ui.waitFor('the box unticked', (f) => f.items.find((i) => i.key === 'q.valid_only' && (i.value === 'false' || i.value === '0' || i.value === '')));
  await ui.click('検索');
  await ui.waitFor('the registered row', (f) => cell(f, code) && cell(f, '登録済み'));
});

await step('invalidating warns, completes, and the row stays greyed out', async () => {
  await ui.click('無効化する');
  await ui.text('再度有効にすることはできません', 'dialog');
  await ui.click('OK');
  await ui.text('アクティベーションコードを無効化しました。', 'dialog');
  await ui.click('OK');
  const f = await ui.waitFor('the greyed row', (f) => {
    const c = cell(f, code);
    return c && c.kind === 'cell-grey' && f;
  });
  const mark = cell(f, '無効化済み');
  expect(mark && mark.kind === 'cell-grey', '「無効化済み」 should be shown, greyed');
  expect(cell(f, memo) && cell(f, memo).kind === 'cell-grey', 'the memo cell should be greyed too');
  expect(!f.items.find((i) => i.label === '無効化する' && i.enabled), 'no 《無効化する》 left on an invalidated code');
});

await step('the device is locked out at once (ACT-INV-02)', async () => {
  const s = await http('POST', '/p/activation/device/status', { device_token: token });
  expect(s.status === 401, `status after: ${s.status}`);
  const list = await http('GET', '/api/activation/codes?status=all&valid_only=true', null, admin);
  expect(list.status === 200 && list.json.total === 0, `valid-only list: ${JSON.stringify(list.json)}`);
});

await finish();
