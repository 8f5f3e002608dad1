// The console in headless Chromium against a real oqs-host (started by scripts/test.d/50-e2e.sh): log in to the
// demo institution as master, the forced password change, the menu, the notes fixture's panel (client check,
// server error beside the field, fix, completion), Japanese typed through the IME path and pasted, a download
// checked byte for byte, the session-lost path, logout. A screenshot of every step goes to the artifacts folder.
// Usage: node console.e2e.mjs BASE_URL MASTER_PASSWORD ARTIFACTS_DIR
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect, startRun } from './run.mjs';

const [base, initialPassword, artifacts] = process.argv.slice(2);
const { context, page, ui, step, api, finish } = await startRun(artifacts);
// A 2×2 PNG (red, green / blue, white) written here, so the image path decodes real PNG bytes.
function tinyPng() {
  const crc = (buf) => {
    let c = ~0;
    for (const b of buf) { c ^= b; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); }
    return ~c >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0); ihdr.writeUInt32BE(2, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
                        chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const newPassword = 'E2ePassw0rd26';  // 8–16 characters, letters and digits (the host's rule)
const japanese = '会議：全角ＡＢ１と半角ab1ｶﾅ';  // 17 characters: under the notes fixture's 60-character limit

await step('login screen', async () => {
  await page.goto(`${base}/?automation=1`);
  const f = await ui.screen('login');
  expect(ui.item(f, '機関コード') && ui.item(f, 'ユーザID') && ui.item(f, 'パスワード'), 'login fields missing');
});

await step('wrong password is refused with a message', async () => {
  await ui.type('機関コード', '1312345678');
  await ui.type('ユーザID', 'master');
  await ui.type('パスワード', 'not-the-password');
  await ui.click('ログイン');
  await ui.text('', 'error');
  expect((await ui.state()).screen === 'login', 'left the login screen');
});

await step('login with the initial password asks for a change', async () => {
  await ui.type('パスワード', initialPassword, { clear: true });
  expect((await ui.value('password')) === '*'.repeat(initialPassword.length), 'password not masked');
  await ui.click('ログイン');
  await ui.text('初期パスワードでログインしました', 'dialog');
  await ui.click('OK');
  await ui.screen('password');
});

await step('forced password change leads to the menu', async () => {
  await ui.type('現在のパスワード', initialPassword);
  await ui.type('新しいパスワード', newPassword);
  await ui.type('新しいパスワード（確認）', newPassword);
  await ui.click('変更する');
  const f = await ui.screen('menu');
  expect(ui.item(f, 'メモ'), 'the notes entry is not in the menu');
  expect(ui.item(f, 'パスワード変更'), 'the password entry is not in the menu');
});

await step('the contact page from the header, and back to the menu', async () => {
  await ui.click('お問い合わせ先');
  await ui.waitFor('the contact panel', (f) => f.screen === 'panel' && f.texts.some((t) => t.kind === 'title' && t.text === 'お問い合わせ先'));
  await ui.click('メニュー');
  await ui.screen('menu');
});

await step('open the notes panel', async () => {
  await ui.click('メモ');
  const f = await ui.screen('panel');
  expect(f.texts.some((t) => t.kind === 'title' && t.text === 'メモ'), 'panel title');
  expect(ui.item(f, 'f.title'), 'title field');
});

await step('an empty required field gets the client message beside it', async () => {
  await ui.click('登録');
  const msg = await ui.text('必須入力', 'error');
  const field = ui.item(await ui.state(), 'f.title');
  expect(Math.abs(msg.y - field.y) < field.h, `message at y=${msg.y}, field at y=${field.y}`);
  expect(msg.x > field.x + field.w, 'message is not beside the field');
});

await step('Japanese typed through the IME path; the server error shows beside the field', async () => {
  // 30 characters pass the client's 60-character limit, but one character repeated is a rule only the server
  // checks: it says no, per field.
  // A real composition, as an IME makes it: preedit text first (must not be typed), then the commit.
  const long = 'あ'.repeat(30);
  await ui.click('f.title');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'ime');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'ああ', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.imeSetComposition', { text: 'あああ', selectionStart: 3, selectionEnd: 3 });
  expect(await page.evaluate(() => document.getElementById('ime').classList.contains('composing')),
         'the IME input is not composing');
  await page.screenshot({ path: path.join(artifacts, 'ime-composing.png') });
  expect((await ui.value('f.title')) === '', 'preedit text reached the field before the commit');
  await cdp.send('Input.insertText', { text: long });
  await ui.waitFor('the committed text in the field', (f) => f.items.find((i) => i.key === 'f.title' && i.value === long));
  await ui.click('登録');
  await ui.text('メモを登録します', 'dialog');
  await ui.click('OK');
  const msg = await ui.text('同じ文字だけ', 'error');  // a rule only the server checks (notes fixture)
  const field = ui.item(await ui.state(), 'f.title');
  expect(Math.abs(msg.y - field.y) < field.h, 'server message not beside the field');
});

await step('fix the field (full- and half-width, typed and pasted) and see the completion dialog', async () => {
  await ui.type('f.title', japanese.slice(0, 8), { ime: true, clear: true });
  // The rest arrives as a paste into the IME input, as Ctrl+V would deliver it.
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.getElementById('ime').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, japanese.slice(8));
  await ui.waitFor('the pasted text in the field', (f) => f.items.find((i) => i.key === 'f.title' && i.value === japanese));
  await ui.click('登録');
  await ui.text('メモを登録します', 'dialog');
  await ui.click('OK');
  await ui.text('メモを登録しました', 'dialog');
  await ui.click('OK');
  const list = JSON.parse((await api('/api/notes/notes')).body);
  expect(list.rows.length === 1 && list.rows[0].title === japanese, `server has ${JSON.stringify(list.rows)}`);
  await ui.text('1件中 1〜1件');
});

await step('download a file with the server\'s name and bytes', async () => {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), ui.click('ダウンロード')]);
  expect(download.suggestedFilename() === 'メモ一覧.csv', `file name ${download.suggestedFilename()}`);
  const file = path.join(artifacts, 'download.csv');
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  const want = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`id,title\r\n1,${japanese}\r\n`, 'utf8')]);
  expect(bytes.equals(want), `bytes differ: ${bytes.toString('hex').slice(0, 80)}`);
  await ui.text('ダウンロードしました', 'dialog');
  await ui.click('OK');
});

// The browser-only halves of the platform (PNG through createImageBitmap, the file picker, the clipboard) on a
// panel the test serves itself through the page's network layer: the notes fixture has no image or upload.
await step('image, file upload, copy and an unknown widget in the browser', async () => {
  const csv = Buffer.from('user_id,name\r\nA001,山田\r\n', 'utf8');
  let uploaded = null;
  await page.route('**/api/menu', async (route) => {
    const menu = await (await route.fetch()).json();
    menu.groups.push({ id: 'e2e', label: { ja: '試験' }, items: [{ id: 'e2e.widgets', label: { ja: '部品の試験' }, panel: 'e2e/widgets' }] });
    await route.fulfill({ json: menu });
  });
  await page.route('**/api/panels/e2e/widgets', (route) => route.fulfill({ json: {
    schema: 1, id: 'e2e.widgets', title: { ja: '部品の試験' }, body: [
      { type: 'image', id: 'qr', source: { method: 'GET', path: '/api/e2e/qr.png' }, alt: { ja: '二次元バーコード' }, width: 64 },
      { type: 'copy', id: 'url', label: { ja: 'URL' }, value: 'https://example.invalid/受付' },
      { type: 'form', id: 'up', fields: [{ id: 'csv', type: 'file', label: { ja: 'CSVファイル' }, accept: '.csv', required: true }] },
      { type: 'actions', items: [{ id: 'send', label: { ja: '送信' }, call: { method: 'POST', path: '/api/e2e/upload', body: 'up' } },
                                 { id: 'menu', label: { ja: 'メニュー' }, goto: 'menu' }] },
      { type: 'sparkline', id: 'future' },
    ] } }));
  await page.route('**/api/e2e/qr.png', (route) => route.fulfill({ contentType: 'image/png', body: tinyPng() }));
  await page.route('**/api/e2e/upload', (route) => {
    uploaded = { body: route.request().postDataBuffer(), type: route.request().headers()['content-type'] };
    return route.fulfill({ json: { message: { ja: '取り込みました。' } } });
  });
  await ui.click('メニュー');
  await ui.click('部品の試験');
  await ui.waitFor('the decoded image', (f) => f.texts.find((t) => t.kind === 'image' && t.text === '二次元バーコード'));
  expect(await ui.text('sparkline', 'error'), 'unknown widget message');
  await ui.click('コピー');
  await page.waitForFunction(() => window.oqsLastClipboard === 'https://example.invalid/受付');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), ui.click('up.csv')]);
  await chooser.setFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: csv });
  await ui.waitFor('the chosen file', (f) => f.items.find((i) => i.key === 'up.csv' && i.value === 'accounts.csv'));
  await ui.click('送信');
  await ui.text('取り込みました', 'dialog');
  await page.screenshot({ path: path.join(artifacts, 'browser-widgets.png') });
  expect(uploaded && uploaded.body.equals(csv), 'the uploaded bytes differ');
  expect(uploaded.type === 'text/csv', `content type ${uploaded.type}`);
  await ui.click('OK');
  await page.unrouteAll();
  await ui.click('メニュー');
  await ui.click('メモ');
  await ui.screen('panel');
});

await step('English switch', async () => {
  await ui.click('English');
  const f = await ui.waitFor('English labels', (f) => ui.item(f, 'Save') && f);
  expect(ui.item(f, 'Log out'), 'header in English');
  await ui.click('日本語');
  await ui.waitFor('Japanese labels', (f) => ui.item(f, '登録'));
});

await step('logout asks first; cancel keeps the session, OK ends it', async () => {
  await ui.click('ログアウト');
  await ui.text('ログアウトします。よろしいですか？', 'dialog');
  await ui.click('キャンセル');
  await ui.screen('panel');
  await ui.click('ログアウト');
  await ui.text('ログアウトします。よろしいですか？', 'dialog');
  await ui.click('OK');
  await ui.screen('login');
  await ui.text('ログアウトしました');
  expect((await api('/api/menu')).status === 401, 'the session still works after logout');
});

await step('a lost session brings the login screen back with a message', async () => {
  await ui.type('パスワード', newPassword, { clear: true });
  await ui.click('ログイン');
  await ui.screen('menu');
  await context.clearCookies();  // as if the host had ended the session
  await ui.click('メモ');
  await ui.screen('login');
  await ui.text('ログインしてください');
});

await finish();
