// The console's HTTP API as the browser tests set up their data (accounts, settings, device calls): what any
// script would call, in one place. The browser is for what a person does; this is for what comes before.
export function consoleApi(base, institution = '1312345678') {
  // headers: extra request headers (an Authorization for a device's credential route).
  async function http(method, url, body, session, headers = {}) {
    const h = { 'Content-Type': 'application/json', ...headers };
    if (session) Object.assign(h, { Cookie: session.cookie, 'X-CSRF-Token': session.csrf });
    const r = await fetch(base + url, { method, headers: h, body: body ? JSON.stringify(body) : undefined });
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: r.status, json, text, cookie: (r.headers.get('set-cookie') || '').split(';')[0] };
  }
  async function login(user, password) {
    const r = await http('POST', '/api/session', { institution, user_id: user, password });
    if (r.status !== 200) throw new Error(`login ${user}: ${JSON.stringify(r.json)}`);
    return { cookie: r.cookie, csrf: r.json.csrf_token };
  }
  // A person's first login: the initial password changed to `chosen`; answers a session with it.
  async function firstLogin(user, initial, chosen) {
    const s = await login(user, initial);
    const r = await http('POST', '/api/session/password', { current_password: initial, new_password: chosen }, s);
    if (r.status !== 200) throw new Error(`password ${user}: ${JSON.stringify(r.json)}`);
    return login(user, chosen);
  }
  // Registers an account with the session's rights; answers its initial password.
  async function register(session, account) {
    const r = await http('POST', '/api/accounts/accounts', { start_date: '2026-01-01', ...account }, session);
    if (r.status !== 201) throw new Error(`register ${account.user_id}: ${JSON.stringify(r.json)}`);
    return r.json.initial_password;
  }
  // The Authorization header of a device or system account (HTTP Basic "<institution>/<user ID>").
  const basic = (user, password) => ({ Authorization: 'Basic ' + Buffer.from(`${institution}/${user}:${password}`).toString('base64') });
  return { http, login, firstLogin, register, basic };
}
