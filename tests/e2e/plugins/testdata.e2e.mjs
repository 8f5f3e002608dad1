// host-flags: --environment verification
// The testdata plugin in headless Chromium against a real oqs-host in the verification environment
// (scripts/test.d/60-e2e-plugins.sh): an administrator links a test card's serial and sees it in the table,
// registers 救急医療テスト data and sees the count, and deletes all; the card reader's route answers in between.
// Usage: node testdata.e2e.mjs BASE_URL MASTER_PASSWORD ARTIFACTS_DIR
import { expect, startRun } from '../run.mjs';
import { consoleApi } from '../setup.mjs';

const [base, masterInitial, artifacts] = process.argv.slice(2);
const code = '1312345678';
const { http, firstLogin, register, basic } = consoleApi(base, code);

// The master registers the administrator who uses the screen; the administrator a face-authentication card
// reader account (a master registers administrators only).
const master = await firstLogin('master', masterInitial, 'MasterPass26');
const adminInitial = await register(master, { kind: 'admin', user_id: 'adm01', name: '管理　花子', kana: 'カンリ　ハナコ' });
const admin = await firstLogin('adm01', adminInitial, 'AdminPass26');
const readerPassword = await register(admin, { kind: 'face', user_id: 'F0read01', name: '受付カードリーダー', kana: 'ウケツケ' });
const reader = (path) => http('GET', path, null, null, basic('F0read01', readerPassword));

const { page, ui, step, finish } = await startRun(artifacts, { prefix: 'testdata-', viewport: { width: 1280, height: 2400 } });

await step('the administrator opens テスト用データセットアップ from the menu', async () => {
  await ui.logIn(base, code, 'adm01', 'AdminPass26');
  await ui.click('テスト用データセットアップ');
  await ui.screen('panel');
  await ui.text('① テスト用データ紐付登録');
  await ui.text('紐付けたテスト用データはありません。');
});

await step('a serial with a letter is refused beside the field; full-width digits become half-width', async () => {
  await ui.type('link.serial', '12a4');
  await ui.click('link.type');
  await ui.click('医療保険有効（不開示該当）');
  await ui.click('保険証登録する');
  await ui.click('紐付登録');
  await ui.waitFor('the serial error', (f) => f.texts.find((t) => t.kind === 'error') && !f.texts.find((t) => t.kind === 'dialog'));
  await ui.type('link.serial', '９８７６５', { ime: true, clear: true });  // an IME commit of full-width digits
  await ui.waitFor('half-width digits', (f) => f.items.find((i) => i.key === 'link.serial' && i.value === '98765'));
  await ui.click('紐付登録');
  await ui.text('マイナンバーカードとテスト用資格情報を紐付けます', 'dialog');
  await ui.click('OK');
  await ui.text('保険証利用登録も完了しています', 'dialog');
  await ui.click('OK');
  await ui.text('98765', 'cell');  // the link in the table
  const answer = await reader('/api/testdata/qualifications/card/98765');
  expect(answer.status === 200 && answer.json.qualification.type === 2, JSON.stringify(answer.json));
  expect(!('address' in answer.json.qualification.person), 'type 2 must not disclose the address');
});

await step('救急医療テスト asks for a serial, registers and shows the count', async () => {
  expect(!(await ui.state()).items.find((i) => i.key === 'category.serial'), 'serial of ③ shown before a category');
  await ui.click('category.category');
  await ui.click('救急医療テスト');
  await ui.waitFor('the serial field of ③', (f) => f.items.find((i) => i.key === 'category.serial' && i.enabled));
  await ui.click('category.type');
  await ui.click('医療扶助有効（薬局）');
  await ui.type('category.serial', '4242');
  await ui.click('登録');
  await ui.text('テストデータを登録します。よろしいですか？', 'dialog');
  await ui.click('OK');
  await ui.text('テストデータを登録しました。', 'dialog');
  await ui.click('OK');
  await ui.text('テストデータ登録件数：1 件', 'cell');
  const answer = await reader('/api/testdata/qualifications/card/4242');
  expect(answer.json.qualification.assistance.ticket === 'dispensing', JSON.stringify(answer.json));
});

await step('全件削除 of ① asks, deletes and the card no longer answers', async () => {
  const f = await ui.settle();
  const deletes = f.items.filter((i) => i.label === '全件削除' && i.enabled);
  expect(deletes.length === 2, `two 全件削除 buttons expected, found ${deletes.length}`);
  // Two buttons share the label: the first is ②'s (a button has no key, so it is clicked where it is drawn).
  await page.mouse.click(deletes[0].x + deletes[0].w / 2, deletes[0].y + deletes[0].h / 2);
  await ui.settle();
  await ui.text('紐付けたテスト用データを全件削除します。よろしいですか？', 'dialog');
  await ui.click('OK');
  await ui.text('紐付けテストデータを削除しました。', 'dialog');
  await ui.click('OK');
  await ui.text('紐付けたテスト用データはありません。');
  expect((await reader('/api/testdata/qualifications/card/98765')).status === 404, 'the deleted card still answers');
});

await finish();
