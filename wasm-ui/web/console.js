// console.js — the page around the ImGui canvas: what only the browser can do. Loaded from the web root (the host
// sends a Content-Security-Policy without 'unsafe-inline', so index.html has no inline script).
//  - the font: fetched at once, in parallel with the wasm; chunks of the full font fetched when a name needs them
//  - the IME input: a real <input> over the ImGui field being edited (typing, IME, paste; type=password on a
//    password field, which turns the IME off)
//  - the wheel: in CSS pixels, the browser's direction (Emscripten's GLFW passes deltaY with the wrong sign)
//  - drawing only when something happened: every input event wakes the loop; a 1 s tick while idle
//  - the test hook (?automation=1): window.oqsAutomation
'use strict';

// The first-screen font; the client draws its first frame when both it and the wasm are here.
var Module = {
  canvas: document.getElementById('canvas'),
  oqsFont: fetch('/fonts/NotoSansJP-oqs.otf').then((r) => {
    if (!r.ok) throw new Error('font ' + r.status);
    return r.arrayBuffer();
  }).then((b) => new Uint8Array(b)).catch((e) => {
    // Without the font the client still starts (Latin only) rather than staying on the loading line.
    console.warn('oqs: ' + e.message);
    return new Uint8Array(0);
  }),
  print: (t) => console.log(t),
  printErr: (t) => console.warn(t),
};

const oqsCall = (name, types, args) => {
  if (Module.calledRun) Module.ccall(name, null, types, args);
};

// Glyphs beyond the first-screen subset (髙, 﨑, 凜, …): the full font (JIS X 0208 levels 1–2, JIS X 0213, IBM
// extensions) is cut into chunks of 256 code points, fonts/ext/XXXX.otf named by the first one; the client asks
// for the code points it lacks and gets each chunk's bytes once fetched.
window.oqsFonts = (() => {
  const chunks = new Map();   // chunk id -> Promise<Uint8Array|null>
  let manifest = null;
  const loadManifest = () => manifest || (manifest = fetch('/fonts/ext/index.json')
    .then((r) => (r.ok ? r.json() : { chunks: [] })).then((j) => new Set(j.chunks)).catch(() => new Set()));
  const chunkOf = (cp) => (cp >> 8).toString(16).toUpperCase().padStart(4, '0');
  return {
    fetched: 0,
    async request(cps) {
      const have = await loadManifest();
      const byChunk = new Map();
      for (const cp of cps) {
        const id = chunkOf(cp);
        if (!have.has(id)) continue;
        if (!byChunk.has(id)) byChunk.set(id, []);
        byChunk.get(id).push(cp);
      }
      for (const [id, list] of byChunk) {
        if (!chunks.has(id)) {
          chunks.set(id, fetch(`/fonts/ext/${id}.otf`).then((r) => (r.ok ? r.arrayBuffer() : null))
            .then((b) => { this.fetched++; return b && new Uint8Array(b); }).catch(() => null));
        }
        const bytes = await chunks.get(id);
        if (!bytes) continue;
        const ptr = Module._malloc(bytes.length);
        Module.HEAPU8.set(bytes, ptr);
        const cpPtr = Module._malloc(list.length * 4);
        Module.HEAPU32.set(list, cpPtr >> 2);
        Module.ccall('oqs_font_chunk', null, ['number', 'number', 'number', 'number'], [ptr, bytes.length, cpPtr, list.length]);
        Module._free(ptr);
        Module._free(cpPtr);
      }
    },
  };
})();

// Text entry. Emscripten's GLFW delivers typed text only from keypress and has no IME or paste support, so a
// real <input> sits over the focused ImGui field: it receives keystrokes, compositions and pastes, and hands the
// committed text to ImGui. Keys such as Backspace, Enter and arrows still reach ImGui through GLFW's keydown.
(function () {
  const ime = document.getElementById('ime');
  let composing = false;
  let secret = false;
  const send = (text) => {
    if (!text) return;
    // A password takes half-width characters only; an IME commit of kana there is refused with a message (the
    // input is type=password, so a browser normally turns the IME off).
    if (secret && /[^\x20-\x7e]/.test(text)) return oqsCall('oqs_ime_refused', [], []);
    oqsCall('oqs_ime_text', ['string'], [text]);
  };
  // GLFW listens on window in the capture phase; this listener is added first, so it can keep GLFW from turning
  // the same keystroke into a second character.
  window.addEventListener('keypress', (e) => { if (e.target === ime) e.stopImmediatePropagation(); }, true);
  ime.addEventListener('compositionstart', () => { composing = true; if (!secret) ime.classList.add('composing'); });
  ime.addEventListener('compositionend', (e) => {
    composing = false;
    ime.classList.remove('composing');
    send(e.data);
    ime.value = '';
  });
  ime.addEventListener('input', (e) => {
    if (composing || e.isComposing) return;
    send(ime.value);
    ime.value = '';
  });
  // Ctrl+V, Cmd+V, Shift+Insert and the browser's own paste all end here; the client types the text even while
  // Ctrl is held (ImGui 1.86 ignores characters then).
  ime.addEventListener('paste', (e) => {
    e.preventDefault();
    const text = (e.clipboardData || window.clipboardData).getData('text');
    if (secret && /[^\x20-\x7e]/.test(text)) return oqsCall('oqs_ime_refused', [], []);
    oqsCall('oqs_paste', ['string'], [text]);
  });
  window.oqsIme = {
    place(active, x, y, w, h, isSecret) {
      if (!active) {
        ime.style.left = '-1000px';
        if (document.activeElement === ime) ime.blur();
        return;
      }
      if (secret !== isSecret) {
        secret = isSecret;
        ime.type = secret ? 'password' : 'text';
        ime.autocomplete = secret ? 'current-password' : 'off';
      }
      const r = Module.canvas.getBoundingClientRect();
      ime.style.left = (r.left + x) + 'px';
      ime.style.top = (r.top + y) + 'px';
      ime.style.width = w + 'px';
      ime.style.height = h + 'px';
      if (document.activeElement !== ime) ime.focus({ preventScroll: true });
    },
  };
  // A click on the canvas takes focus from the input; give it back while ImGui is still editing a field.
  Module.canvas.addEventListener('mouseup', () => {
    setTimeout(() => { if (ime.style.left !== '-1000px' && document.activeElement !== ime) ime.focus({ preventScroll: true }); }, 0);
  });
})();

// Tab moves the DOM focus through the mirror (a real tab order); GLFW would swallow it. Inside a field being
// edited (the IME input) Tab stays ImGui's: the next field.
window.addEventListener('keydown', (e) => {
  if (e.key === 'Tab' && document.activeElement !== document.getElementById('ime')) e.stopImmediatePropagation();
}, true);

// The canvas's right click opens the client's own field menu (切り取り, コピー, 貼り付け, すべて選択).
Module.canvas.addEventListener('contextmenu', (e) => e.preventDefault());

// The wheel, in CSS pixels and the browser's direction: a notch scrolls what the browser would scroll a page by.
// Caught on window before GLFW's canvas listener (which passes deltaY with the wrong sign). Ctrl+wheel stays the
// browser's zoom.
window.addEventListener('wheel', (e) => {
  if (e.target !== Module.canvas || e.ctrlKey) return;
  e.preventDefault();
  e.stopPropagation();
  const k = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? window.innerHeight * 0.875 : 1;
  oqsCall('oqs_wheel', ['number', 'number'], [e.deltaX * k, e.deltaY * k]);
}, { capture: true, passive: false });

// Drawing on demand: the client stops its loop when nothing moves; any event starts it again, and a slow tick
// keeps clocks (a panel's refreshSeconds, a message that disappears) going while idle.
window.oqsLoop = (() => {
  let tick = null;
  const wake = () => oqsCall('oqs_wake', [], []);
  for (const type of ['mousedown', 'mouseup', 'mousemove', 'pointerdown', 'pointerup', 'keydown', 'keyup', 'resize',
    'focus', 'blur', 'touchstart', 'touchend', 'visibilitychange', 'compositionupdate']) {
    window.addEventListener(type, wake, true);
  }
  return {
    frames: 0,
    // True while the loop sleeps: the last frame drawn has taken in every input event so far (an input event
    // wakes the loop, and this turns false, before GLFW's canvas listeners see it) and nothing moves or waits.
    paused: false,
    ticks: 0,
    idle(on, clocks) {
      this.paused = on;
      if (on && clocks && !tick) tick = setInterval(() => { this.ticks++; oqsCall('oqs_tick', [], []); }, 1000);
      if ((!on || !clocks) && tick) { clearInterval(tick); tick = null; }
    },
  };
})();

// A URL and a title per screen: /console/login, /console/menu, /console/password, /console/panels/<p>/<q>?…
// The client's own flags (?automation=1, ?lang=en) stay on the address so a reload keeps them. Back and Forward
// go to that entry's screen; typed input not yet sent makes a reload or leaving the page ask first.
window.oqsHistory = (() => {
  const flags = ['automation', 'lang'];
  const kept = new URLSearchParams();
  for (const k of flags) if (new URLSearchParams(location.search).has(k)) kept.set(k, new URLSearchParams(location.search).get(k));
  const withFlags = (path) => {
    if (![...kept.keys()].length) return path;
    return path + (path.includes('?') ? '&' : '?') + kept.toString();
  };
  const withoutFlags = () => {
    const q = new URLSearchParams(location.search);
    for (const k of flags) q.delete(k);
    const s = q.toString();
    return location.pathname + (s ? '?' + s : '');
  };
  let unsaved = false;
  window.addEventListener('popstate', () => oqsCall('oqs_navigate', ['string'], [withoutFlags()]));
  window.addEventListener('beforeunload', (e) => {
    if (!unsaved) return;
    e.preventDefault();
    e.returnValue = '';
  });
  return {
    current: withoutFlags,
    set(path, title, replace) {
      document.title = title;
      if (withoutFlags() === path) return history.replaceState(null, '', withFlags(path));
      if (replace) history.replaceState(null, '', withFlags(path));
      else history.pushState(null, '', withFlags(path));
    },
    unsaved(on) { unsaved = on; },
  };
})();

// The DOM mirror of the screen (the client hands over each frame's widgets and messages): headings, labelled
// fields, buttons, table rows, dialogs, with errors in a role=alert region and notices in a role=status one.
// Rebuilt only when what it says changed. Focusing or activating a mirror element clicks the same widget on the
// canvas, so Tab reaches every button, menu item and dialog, and Enter/Space press them.
window.oqsMirror = (() => {
  const root = document.getElementById('a11y');
  const alertBox = document.getElementById('a11y-alert');
  const statusBox = document.getElementById('a11y-status');
  const form = document.getElementById('login-form');
  const loginKeys = new Set(['institution', 'user_id', 'password']);
  const complete = { current_password: 'current-password', new_password: 'new-password', new_password_confirm: 'new-password' };
  let last = '', frame = null, alertText = '', statusText = '';
  const clickItem = (id) => {
    const it = frame && frame.items.find((i) => i.id === id);
    if (it) oqsCall('oqs_a11y_click', ['number', 'number'], [it.x + it.w / 2, it.y + it.h / 2]);
  };
  const clickKey = (key) => {
    const it = frame && frame.items.find((i) => i.key === key);
    if (it) clickItem(it.id);
  };
  form.addEventListener('submit', (e) => e.preventDefault());
  for (const input of form.querySelectorAll('input')) {
    input.addEventListener('focus', () => clickKey(input.dataset.key));
    // A password manager's fill (or typing here): the client's form takes the value.
    input.addEventListener('input', () => oqsCall('oqs_login_fill', ['string', 'string'], [input.dataset.key, input.value]));
  }
  const el = (tag, text, attrs = {}) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  };
  return {
    builds: 0,
    update(json) {
      if (!json) return;
      frame = JSON.parse(json);
      const sig = JSON.stringify([frame.screen, frame.items.map((i) => [i.label, i.key, i.enabled,
        /password/.test(i.key) ? '' : i.value]), frame.texts.map((t) => [t.text, t.kind])]);
      if (sig === last) return;
      last = sig;
      this.builds++;
      form.hidden = frame.screen !== 'login';
      // Everything in reading order: top to bottom, left to right.
      const entries = [...frame.texts.map((t) => ({ t, y: t.y, x: t.x })),
        ...frame.items.filter((i) => i.label).map((i) => ({ i, y: i.y, x: i.x }))]
        .sort((a, b) => (Math.abs(a.y - b.y) > 4 ? a.y - b.y : a.x - b.x));
      const nodes = [];
      let dialog = null;
      const alerts = [], notices = [];
      const seen = new Set();
      for (const e of entries) {
        if (e.t) {
          const { text, kind } = e.t;
          if (kind === 'title') nodes.push(el('h1', text));
          else if (kind === 'heading' || kind === 'group') nodes.push(el('h2', text));
          else if (kind === 'dialog') {
            dialog = el('div', undefined, { role: 'alertdialog', 'aria-modal': 'true', 'aria-label': text });
            dialog.append(el('p', text));
            nodes.push(dialog);
            notices.push(text);
          } else if (kind === 'error') { alerts.push(text); nodes.push(el('p', text)); }
          else if (kind === 'notice' || kind === 'caution' || kind === 'message') { notices.push(text); nodes.push(el('p', text)); }
          else if (kind !== 'value' || !seen.has(text)) nodes.push(el('p', text));
          continue;
        }
        const it = e.i;
        if (it.key && loginKeys.has(it.key) && frame.screen === 'login') continue;  // the real form above
        seen.add(it.label);
        let node;
        if (it.key === 'link') {
          // An address on the screen is a real link here too (screen readers announce it; it opens a new tab).
          node = el('a', it.label, { href: it.value, target: '_blank', rel: 'noopener noreferrer' });
        } else if (it.key) {
          const secret = /password/.test(it.key);
          const input = el('input', undefined, { 'aria-label': it.label, type: secret ? 'password' : 'text',
            autocomplete: complete[it.key.split('.').pop()] || 'off' });
          if (!secret) input.value = it.value;
          input.disabled = !it.enabled;
          input.addEventListener('focus', () => clickItem(it.id));
          node = el('label', it.label);
          node.append(input);
        } else {
          node = el('button', it.label, { type: 'button' });
          node.disabled = !it.enabled;
          node.addEventListener('click', () => clickItem(it.id));
        }
        // The buttons of an open dialog belong to it (OK, キャンセル), so Tab stays on them.
        (dialog && e.y > 0 ? dialog : null) ? dialog.append(node) : nodes.push(node);
      }
      const focusedLabel = document.activeElement && root.contains(document.activeElement) ? document.activeElement.textContent : null;
      root.replaceChildren(...nodes);
      if (dialog && document.activeElement !== document.getElementById('ime')) {
        const b = dialog.querySelector('button');
        if (b) b.focus({ preventScroll: true });
      }
      else if (focusedLabel) {
        const again = [...root.querySelectorAll('button')].find((b) => b.textContent === focusedLabel);
        if (again) again.focus({ preventScroll: true });
      }
      // A field being edited keeps the keyboard: the IME input gets the focus back if a rebuild took it.
      const ime = document.getElementById('ime');
      const active = document.activeElement;
      if (ime.style.left !== '-1000px' && ime.style.left !== '' && active !== ime && !form.contains(active))
        ime.focus({ preventScroll: true });
      const a = alerts.join('\n'), n = notices.join('\n');
      if (a !== alertText) alertBox.textContent = alertText = a;
      if (n !== statusText) statusBox.textContent = statusText = n;
    },
    loginSubmitted(user, password) {
      form.elements.username.value = user;
      form.elements.password.value = password;
      form.requestSubmit();  // the password manager watches form submissions
      setTimeout(() => { form.elements.password.value = ''; }, 0);
    },
  };
})();

// The test hook (?automation=1): the last frame's widgets and messages, as the client published them, and
// `idle`: the loop sleeps, so that frame is final — every input sent so far has been taken in (a click's press
// and release included) and no answer is awaited. A frame read while not idle may predate the last click or key.
Object.defineProperty(window, 'oqsAutomation', {
  get() {
    if (!Module.calledRun) return null;
    const text = Module.ccall('oqs_automation_json', 'string', [], []);
    if (!text) return null;
    const frame = JSON.parse(text);
    frame.idle = window.oqsLoop.paused;
    return frame;
  },
});

// Hide the loading line with the first frame.
const oqsLoadingWatch = setInterval(() => {
  if (window.oqsFirstScreenMs !== undefined) {
    document.getElementById('loading').remove();
    clearInterval(oqsLoadingWatch);
  }
}, 50);
