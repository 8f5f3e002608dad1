// The settings plugin in headless Chromium against a real oqs-host (scripts/test.d/60-e2e-plugins.sh): an
// administrator changes dependent fields and sees the dependent one become enabled and disabled, saves, is sent
// to the login screen (saving ends every session), and finds the values saved.
// Usage: node settings.e2e.mjs BASE_URL MASTER_PASSWORD ARTIFACTS_DIR
import { expect, startRun } from '../run.mjs';
import { consoleApi } from '../setup.mjs';

const [base, masterInitial, artifacts] = process.argv.slice(2);
const { http, login } = consoleApi(base);

const master = await login('master', masterInitial);
await http('POST', '/api/session/password', { current_password: masterInitial, new_password: 'MasterPass26' }, master);
const master2 = await login('master', 'MasterPass26');
const reg = await http('POST', '/api/accounts/accounts', { kind: 'admin', user_id: 'adm01', name: '管理　花子',
  kana: 'カンリ　ハナコ', start_date: '2026-01-01' }, master2);
if (reg.status !== 201) throw new Error(`register: ${JSON.stringify(reg.json)}`);
const adminInitial = reg.json.initial_password;

// The whole form fits the window, 更新 included.
const { page, ui, step, finish } = await startRun(artifacts, { prefix: 'settings-', viewport: { width: 1280, height: 2000 } });
const field = (f, key) => f.items.find((i) => i.key === key);
const clinical = 'settings.settings.consent.clinical', drug = 'settings.settings.consent.drug';
const category = 'settings.settings.eprescription.category', timing = 'settings.settings.eprescription.timing';
async function choose(key, option) {
  await ui.click(key);
  await ui.click(option);
  await ui.waitFor(`${key} = ${option}`, (f) => field(f, key) && field(f, key).value === option);
}

await step('the administrator logs in and opens 環境設定情報更新', async () => {
  await page.goto(`${base}/?automation=1`);
  await ui.screen('login');
  await ui.type('機関コード', '1312345678');
  await ui.type('ユーザID', 'adm01');
  await ui.type('パスワード', adminInitial);
  await ui.click('ログイン');
  await ui.text('初期パスワードでログインしました', 'dialog');
  await ui.click('OK');
  await ui.screen('password');
  await ui.type('現在のパスワード', adminInitial);
  await ui.type('新しいパスワード', 'AdminPass26');
  await ui.type('新しいパスワード（確認）', 'AdminPass26');
  await ui.click('変更する');
  await ui.screen('menu');
  await ui.click('環境設定情報更新');
  const f = await ui.screen('panel');
  expect(field(f, clinical) && field(f, drug), 'consent fields missing');
});

await step('drug information is selectable only while clinical information is not used', async () => {
  let f = await ui.state();
  expect(field(f, drug).enabled, 'drug should start enabled (clinical = 利用しない)');
  await choose(clinical, '利用する');
  f = await ui.waitFor('drug disabled', (f) => field(f, drug) && !field(f, drug).enabled && f);
  expect(field(f, drug).value === '利用しない', `a disabled drug field shows ${field(f, drug).value}`);
  await choose(clinical, '利用しない');
  await ui.waitFor('drug enabled again', (f) => field(f, drug) && field(f, drug).enabled);
});

await step('the issuance timing follows the e-prescription category', async () => {
  let f = await ui.state();
  expect(!field(f, timing).enabled, 'timing should start disabled (category = 利用しない)');
  await choose(category, '電子処方箋のみ');
  await ui.waitFor('timing enabled', (f) => field(f, timing) && field(f, timing).enabled);
});

await step('saving asks first, ends the session and the values are kept', async () => {
  await choose(clinical, '利用する');
  await ui.click('更新');
  await ui.waitFor('the confirmation', (f) => f.texts.find((t) => t.kind === 'dialog'));
  await ui.click('OK');
  await ui.text('再度ログイン', 'dialog');
  await ui.click('OK');
  await ui.screen('login');
  const admin = await login('adm01', 'AdminPass26');
  const values = (await http('GET', '/api/settings/values', null, admin)).json.values;
  expect(values['settings.consent.clinical'] === 'use', JSON.stringify(values));
  expect(values['settings.consent.drug'] === 'not_use', 'drug should be saved as its off value');
  expect(values['settings.eprescription.category'] === 'electronic_only', values['settings.eprescription.category']);
});

await finish();
