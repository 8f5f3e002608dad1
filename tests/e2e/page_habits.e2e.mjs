// Issue 17, the rest, in headless Chromium at 1280×720 against the real oqs-host of scripts/test.d/50-e2e.sh (demo
// institution, notes fixture), driven by real input events: the sticky action bar on a long panel, the password
// rules up front, dialogs inside the window at 1280 and 800 px with Japanese line breaking, no English/ASCII left
// in the Japanese UI, the contact page's link, 《コピー》's feedback, notices dated yyyy/mm/dd, typed input never
// dropped without a word (《戻る》 asks, a reload keeps a draft, session expiry says so), and no timer while a
// static panel is idle. Runs after console.e2e.mjs, which has set the master's password.
// Usage: node page_habits.e2e.mjs BASE_URL MASTER_PASSWORD ARTIFACTS_DIR
import { expect, startRun } from './run.mjs';

const [base, password, artifacts] = process.argv.slice(2);
const W = 1280, H = 720;
const { context, page, ui, step, finish } = await startRun(artifacts, { prefix: 'habits-', viewport: { width: W, height: H } });
const hold = async (key) => { await page.keyboard.press(key, { delay: 40 }); await page.waitForTimeout(60); };
const item = (f, labelOrKey) => f.items.find((i) => i.label === labelOrKey || i.key === labelOrKey);
page.on('dialog', (d) => d.accept());  // the browser's "leave this page?" on reload: leave

// Panels the test serves itself (the notes fixture has none this long): 40 fields and the action row, whose
// 《更新》 really calls the host (so an ended session answers 401); a check whose answer is a long Japanese message;
// an action answered 502 with no body; a file field.
const fields = Array.from({ length: 40 }, (_, i) => ({ id: `f${i + 1}`, type: 'text', label: { ja: `項目${i + 1}` } }));
const bulkMessage = Array.from({ length: 8 }, (_, i) =>
  `${i + 2}行目：ユーザ名（カナ）は全角カタカナで入力してください。利用終了年月日は利用開始年月日以降の日付を入力してください。`).join('');
await page.route('**/api/menu', async (route) => {
  const menu = await (await route.fetch()).json();
  menu.groups.push({ id: 'e2e', label: { ja: '試験' }, items: [
    { id: 'e2e.long', label: { ja: '長い画面' }, panel: 'e2e/long' },
    { id: 'e2e.dialog', label: { ja: '一括チェック' }, panel: 'e2e/dialog' }] });
  await route.fulfill({ json: menu });
});
await page.route('**/api/panels/e2e/long', (route) => route.fulfill({ json: { schema: 1, id: 'e2e.long',
  title: { ja: '長い画面' }, body: [
    { type: 'form', id: 'long', fields },
    { type: 'actions', items: [{ id: 'update', label: { ja: '更新' }, call: { method: 'POST', path: '/api/notes/notes', body: 'long' } },
                               { id: 'menu', label: { ja: 'メニュー' }, goto: 'menu' }, { id: 'back', label: { ja: '戻る' }, goto: 'back' }] }] } }));
await page.route('**/api/panels/e2e/dialog', (route) => route.fulfill({ json: { schema: 1, id: 'e2e.dialog',
  title: { ja: '一括チェック' }, body: [
    { type: 'form', id: 'up', fields: [{ id: 'csv', type: 'file', label: { ja: 'CSVファイル' }, accept: '.csv' }] },
    { type: 'actions', items: [{ id: 'check', label: { ja: 'チェック' }, call: { method: 'POST', path: '/api/e2e/check' } },
                               { id: 'broken', label: { ja: '壊れた処理' }, call: { method: 'POST', path: '/api/e2e/broken' } },
                               { id: 'menu', label: { ja: 'メニュー' }, goto: 'menu' }] }] } }));
await page.route('**/api/e2e/check', (route) => route.fulfill({ json: { message: { ja: bulkMessage } } }));
await page.route('**/api/e2e/broken', (route) => route.fulfill({ status: 502, body: '' }));
// The host is to answer /console/… page loads with index.html (docs/client.md); until it does, the test does.
const indexHtml = await (await fetch(`${base}/index.html`)).text();
await page.route((url) => url.pathname.startsWith('/console/'), (route) =>
  route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: indexHtml }));

async function logIn() {
  await ui.screen('login');
  await ui.type('機関コード', '1312345678', { clear: true });
  await ui.type('ユーザID', 'master', { clear: true });
  await ui.type('パスワード', password, { clear: true });
  await ui.click('ログイン');
}

await step('log in', async () => {
  await page.goto(`${base}/?automation=1`);
  await logIn();
  await ui.screen('menu');
});

await step('the password rules are shown before the first try', async () => {
  await ui.click('パスワード変更');
  const f = await ui.screen('password');
  const rules = f.texts.find((t) => t.kind === 'rules');
  expect(rules && rules.text.includes('8文字以上16文字以下') && rules.text.includes('英字と数字'), 'no rules on the screen');
  expect(rules.y < item(f, '新しいパスワード').y, 'the rules are not above the fields');
  expect(!f.texts.some((t) => t.kind === 'error'), 'an error before any try');
  await ui.click('メニュー');
  await ui.screen('menu');
});

await step('notices are dated yyyy/mm/dd', async () => {
  await ui.click('お知らせ一覧');
  const t = await ui.text('デモ環境のご案内');
  expect(/^\d{4}\/\d{2}\/\d{2}　デモ環境のご案内$/.test(t.text), t.text);
  await ui.click('メニュー');
  await ui.screen('menu');
});

await step('a static panel left alone draws nothing and runs no timer', async () => {
  await ui.click('一括チェック');
  await ui.screen('panel');
  await page.mouse.move(5, 5);
  await ui.settle();
  const a = await page.evaluate(() => [window.oqsAutomation.frame, window.oqsLoop.ticks]);
  await page.waitForTimeout(3000);
  const b = await page.evaluate(() => [window.oqsAutomation.frame, window.oqsLoop.ticks]);
  expect(b[0] - a[0] === 0 && b[1] === a[1], `${b[0] - a[0]} frames and ${b[1] - a[1]} ticks in 3 s`);
});

await step('no English or ASCII left: an error without a message, a file size', async () => {
  await ui.click('壊れた処理');
  const e = await ui.text('エラーが発生しました', 'error');
  expect(e.text === 'エラーが発生しました（状態コード 502）。時間をおいて再度お試しください。', e.text);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), ui.click('up.csv')]);
  await chooser.setFiles({ name: '名簿.csv', mimeType: 'text/csv', buffer: Buffer.alloc(213, 0x41) });
  const size = await ui.text('名簿.csv（');
  expect(size.text === '名簿.csv（213バイト）', size.text);
});

// A new window size, and a settled frame drawn at that size (a frame read before the resize is stale).
async function resize(w, h) {
  await page.setViewportSize({ width: w, height: h });
  await ui.waitFor(`a frame at ${w}×${h}`, (f) => f.idle && item(f, 'チェック') && item(f, 'チェック').y + item(f, 'チェック').h <= h &&
    item(f, 'チェック').y > h - 80);
}

for (const [w, h] of [[1280, 720], [800, 600]]) {
  await step(`the bulk-check dialog stays inside a ${w} px window and breaks lines where Japanese does`, async () => {
    await resize(w, h);
    await ui.click('チェック');
    const f = await ui.waitFor('the dialog', (f) => f.idle && f.texts.find((t) => t.kind === 'dialog') && f);
    const d = f.texts.find((t) => t.kind === 'dialog');
    expect(d.x >= 0 && d.x + d.w <= w, `the text spans ${d.x}–${d.x + d.w} in a ${w} px window`);
    const ok = item(f, 'OK');
    expect(ok.x >= 0 && ok.x + ok.w <= w, 'OK is outside the window');
    expect(d.lines && d.lines.length > 3, 'the message is not wrapped');
    for (const l of d.lines) expect(!/^[、。）」ー]/.test(l), `a line starts with a closing mark: ${l}`);
    // 「10行目」: the number stays whole.
    expect(d.lines.every((l) => !/^0行目/.test(l)), 'a number was split');
    expect(d.lines.join('') === bulkMessage, 'characters were lost or added in wrapping');
    await page.screenshot({ path: `${artifacts}/habits-dialog-${w}.png` });
    await ui.click('OK');
    await resize(W, H);
  });
}

await step('a long panel at 1280×720: the action bar stays at the bottom while the page scrolls', async () => {
  // A file chosen and not sent counts as unsent input: 《メニュー》 asks first.
  await ui.click('メニュー');
  await ui.text('入力した内容は送信されていません', 'dialog');
  await ui.click('OK');
  await ui.screen('menu');
  await ui.click('長い画面');
  let f = await ui.screen('panel');
  expect(f.extra.scrollMaxY > 0, 'the page does not scroll');
  const upd = item(f, '更新');
  expect(upd && upd.y + upd.h <= H && upd.y > H - 80, `更新 at ${upd && upd.y}`);
  // The first field has the focus (autofocus), where End would move the caret, as in a browser: click beside it.
  await page.mouse.click(1000, 300);
  await ui.settle();
  await page.mouse.wheel(0, 300);
  f = await ui.waitFor('scrolled', (f) => f.idle && f.extra.scrollY > 0 && f);
  expect(item(f, '更新').y === upd.y, 'the bar moved with the page');
  await hold('End');
  f = await ui.waitFor('at the end', (f) => f.idle && f.extra.scrollY >= f.extra.scrollMaxY - 2 && f);
  expect(item(f, '更新').y === upd.y && item(f, '戻る') && item(f, 'メニュー'), 'the bar is not at the bottom');
  const last = item(f, 'long.f40');
  expect(last.y + last.h <= upd.y, 'the last field is hidden under the bar');
  await hold('Home');
  await ui.waitFor('top', (f) => f.idle && f.extra.scrollY === 0);
});

await step('《戻る》 with typed input asks first; キャンセル keeps it', async () => {
  await ui.type('long.f1', '髙橋　入力中', { ime: true });
  await ui.waitFor('typed', (f) => item(f, 'long.f1').value === '髙橋　入力中');
  await ui.click('戻る');
  await ui.text('入力した内容は送信されていません', 'dialog');
  await ui.click('キャンセル');
  const f = await ui.waitFor('still here', (f) => f.idle && !f.texts.some((t) => t.kind === 'dialog') && f);
  expect(f.screen === 'panel' && item(f, 'long.f1').value === '髙橋　入力中', 'the input was dropped');
});

await step('a reload keeps the draft of the screen', async () => {
  await page.reload();
  const f = await ui.waitFor('the panel after the reload', (f) => f.screen === 'panel' && f.idle && item(f, 'long.f1') && f);
  expect(item(f, 'long.f1').value === '髙橋　入力中', `after the reload: ${item(f, 'long.f1').value}`);
});

await step('session expiry with typed input says the input was not sent', async () => {
  await context.clearCookies();  // as if the host had ended the session
  await ui.click('更新');
  const n = await ui.text('入力中の内容は送信されていません', 'notice');
  expect((await ui.state()).screen === 'login', 'not on the login screen');
  expect(n.text.startsWith('ログインしていません') || n.text.startsWith('セッションの有効期限'), n.text);
  await logIn();
  await ui.screen('menu');
  await ui.click('長い画面');
  const f = await ui.waitFor('the draft back', (f) => f.screen === 'panel' && f.idle && item(f, 'long.f1') && f);
  expect(item(f, 'long.f1').value === '髙橋　入力中', 'the draft is gone after logging in again');
});

await step('《戻る》 → OK leaves and forgets the draft', async () => {
  await ui.click('戻る');
  await ui.text('入力した内容は送信されていません', 'dialog');
  await ui.click('OK');
  await ui.screen('menu');
  await ui.click('長い画面');
  const f = await ui.waitFor('the panel', (f) => f.screen === 'panel' && f.idle && item(f, 'long.f1') && f);
  expect(item(f, 'long.f1').value === '', 'the draft came back after leaving on purpose');
  await ui.click('メニュー');
  await ui.screen('menu');
});

// Last of the logged-in steps: the link opens a second tab, which takes the keyboard focus from the console.
await step('the contact page: the label ends before the address, which is a link; 《コピー》 says so', async () => {
  await ui.click('お問い合わせ先');
  const f = await ui.waitFor('the contact page', (f) => f.screen === 'panel' && f.idle && f.items.find((i) => i.key === 'link') && f);
  const link = f.items.find((i) => i.key === 'link');
  const label = f.texts.find((t) => t.text === '医療機関等向け総合ポータルサイト');
  expect(label && label.x + label.w < link.x, `label ends at ${label && label.x + label.w}, address starts at ${link.x}`);
  expect(link.label.startsWith('https://'), link.label);
  expect(await page.evaluate(() => [...document.querySelectorAll('#a11y a')].some((a) => a.target === '_blank' && a.href.startsWith('https://'))),
         'the DOM mirror has no link');
  await context.route('https://iryohokenjyoho.service-now.com/**', (route) => route.fulfill({ body: 'portal' }));
  const [tab] = await Promise.all([context.waitForEvent('page', { timeout: 10000 }),
    page.mouse.click(link.x + link.w / 2, link.y + link.h / 2)]);
  expect(tab.url().startsWith('https://iryohokenjyoho.service-now.com/'), `opened ${tab.url()}`);
  await tab.close();
  await page.bringToFront();  // the console's tab gets the keyboard back
  await ui.click('コピー');
  await ui.text('コピーしました。');
  await page.waitForFunction(() => (window.oqsLastClipboard || '').startsWith('https://iryohokenjyoho'));
});

await step('a notice follows the language switch (no Japanese text in English mode, nor English in Japanese)', async () => {
  await ui.click('ログアウト');
  await ui.click('OK');
  await ui.text('ログアウトしました。', 'notice');
  await ui.click('English');
  await ui.text('You have logged out.', 'notice');
  await ui.click('日本語');
  await ui.text('ログアウトしました。', 'notice');
});

await finish();
