// Drives the web client through its test hook (window.oqsAutomation, ?automation=1): find widgets by the label a
// user reads, click their centre with the real mouse, type with real keyboard events or IME-style insertText.
export class Ui {
  constructor(page) { this.page = page; }

  state() { return this.page.evaluate(() => window.oqsAutomation); }

  // Polls the published frame until pred(frame) is truthy; returns that value.
  async waitFor(what, pred, timeout = 15000) {
    const end = Date.now() + timeout;
    let last = null;
    while (Date.now() < end) {
      last = await this.state();
      if (last) {
        const v = pred(last);
        if (v) return v;
      }
      await this.page.waitForTimeout(30);
    }
    throw new Error(`timed out waiting for ${what}; last frame: ${JSON.stringify(last).slice(0, 800)}`);
  }

  item(frame, labelOrKey) {
    return frame.items.find((i) => (i.label === labelOrKey || i.key === labelOrKey) && i.enabled);
  }

  async screen(name) {
    return this.waitFor(`screen ${name}`, (f) => f.screen === name && !f.busy && f);
  }

  async text(fragment, kind) {
    return this.waitFor(`text "${fragment}"`, (f) =>
      f.texts.find((t) => t.text.includes(fragment) && (!kind || t.kind === kind)));
  }

  // Waits until the client's loop sleeps (frame.idle): the published frame is then final — every input sent so
  // far has been taken in and nothing moves or waits for an answer. A frame read otherwise may predate the last
  // click (a button still enabled that the click's call has since disabled, a dialog not yet re-centred).
  async settle(what = 'the client at rest') {
    return this.waitFor(what, (f) => f.idle && f);
  }

  // Clicks the centre of a widget as the settled frame shows it, then waits until the client has taken the click
  // in (its press and release drawn, the loop asleep again), so the next step reads what the click did.
  async click(labelOrKey, { button = 'left' } = {}) {
    const it = await this.waitFor(`widget "${labelOrKey}" at rest`, (f) => f.idle && this.item(f, labelOrKey));
    await this.page.mouse.click(it.x + it.w / 2, it.y + it.h / 2, { button });
    await this.settle(`the click on "${labelOrKey}" taken in`);
    return it;
  }

  // Clicks a field, waits until the IME input sits on it, and types. ime: insertText (what an IME commit
  // produces: one input event, no key events); otherwise key by key.
  async type(labelOrKey, text, { ime = false, clear = false } = {}) {
    await this.click(labelOrKey);
    await this.page.waitForFunction(() => document.activeElement && document.activeElement.id === 'ime');
    if (clear) {
      // Dear ImGui 1.86 samples key state once a frame: a key pressed and released between two frames is lost,
      // so each is held across a frame, as a person's key press is.
      await this.page.waitForTimeout(50);
      await this.page.keyboard.press('Control+A', { delay: 40 });
      await this.page.waitForTimeout(20);
      await this.page.keyboard.press('Backspace', { delay: 40 });
      await this.page.waitForTimeout(20);
    }
    if (ime) await this.page.keyboard.insertText(text);
    else await this.page.keyboard.type(text);
  }

  // Opens the console and logs in through the login form as a person does, ending on the menu.
  async logIn(base, institution, user, password) {
    await this.page.goto(`${base}/?automation=1`);
    await this.screen('login');
    await this.type('機関コード', institution);
    await this.type('ユーザID', user);
    await this.type('パスワード', password);
    await this.click('ログイン');
    await this.screen('menu');
  }

  async value(key) {
    const f = await this.state();
    const it = f.items.find((i) => i.key === key);
    return it ? it.value : undefined;
  }
}
