// The OpenAPI document of a real running host, used as a client generator would use it (issue 11 item 6):
// a standard validator (@apidevtools/swagger-parser) accepts it, and accounts register, search and update are
// called with requests built from its schemas; every request is checked against the document before it is sent
// (ajv), every answer after. A request the schema forbids is refused by the server with the documented envelope.
//
//   node tests/api/openapi.test.mjs <base URL> <demo master's initial password>
// Prints one line per test and "N passed, N failed" last (scripts/test.d/65-api.sh).
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';

const [base, masterInitial] = process.argv.slice(2);
if (!base || !masterInitial) {
  console.log('usage: openapi.test.mjs <base URL> <master initial password>');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const institution = '1312345678';

// [SECTION] HTTP as a generated client does it: JSON in, JSON out, cookie and CSRF token of the session.
let session = null;
async function http(method, path, { body, query } = {}) {
  const url = new URL(base + path);
  for (const [k, v] of Object.entries(query || {})) url.searchParams.set(k, v);
  const headers = { 'Content-Type': 'application/json', 'Accept-Language': 'en' };
  if (session) Object.assign(headers, { Cookie: session.cookie, 'X-CSRF-Token': session.csrf });
  const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { status: r.status, json, text, cookie: (r.headers.get('set-cookie') || '').split(';')[0] };
}

// A raw body (an upload), as a client sends a file.
async function httpRaw(method, path, body, contentType) {
  const headers = { 'Content-Type': contentType, 'Accept-Language': 'en', Cookie: session.cookie, 'X-CSRF-Token': session.csrf };
  const r = await fetch(new URL(base + path), { method, headers, body });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { status: r.status, json, text };
}

// [SECTION] The document, dereferenced once ($refs inlined) so each schema compiles on its own.
const raw = await (await fetch(base + '/api/openapi.json')).json();
const doc = await SwaggerParser.dereference(structuredClone(raw));
const ajv = new Ajv({ strict: false, allErrors: true });  // nullable is understood; "example" is only documentation
const compiled = new Map();
function validator(schema) {
  if (!compiled.has(schema)) compiled.set(schema, ajv.compile(schema));
  return compiled.get(schema);
}
function operation(method, path) {
  const op = doc.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${path} is not in the document`);
  return op;
}
function requestSchema(method, path) {
  const s = operation(method, path).requestBody?.content?.['application/json']?.schema;
  if (!s) throw new Error(`${method} ${path} documents no request body schema`);
  return s;
}
function answerSchema(method, path, status) {
  const responses = operation(method, path).responses;
  const r = responses[String(status)] || responses[`${String(status)[0]}XX`];
  if (!r) throw new Error(`${method} ${path}: status ${status} is not documented`);
  const s = r.content?.['application/json']?.schema;
  if (!s) throw new Error(`${method} ${path}: status ${status} documents no JSON schema`);
  return s;
}
function check(schema, value, what) {
  const v = validator(schema);
  if (!v(value)) throw new Error(`${what} does not match its schema: ${ajv.errorsText(v.errors)} in ${JSON.stringify(value)}`);
}
function refusedBy(schema, value, what) {
  if (validator(schema)(value)) throw new Error(`${what} was meant to break its schema but passes it`);
}

// A body from a request schema: every required property, from `given` or else the schema's first choice or its
// example; a property the schema does not list is an error of the test, not something to send.
function bodyFrom(schema, given) {
  for (const k of Object.keys(given))
    if (!schema.properties[k]) throw new Error(`the test sends "${k}", which the schema does not list`);
  const body = {};
  for (const k of schema.required || []) {
    const p = schema.properties[k];
    if (k in given) continue;
    if (p.enum) body[k] = p.enum.find((v) => v !== null);
    else if (p.example !== undefined) body[k] = p.example;
    else throw new Error(`no value for the required "${k}"`);
  }
  return { ...body, ...given };
}
// A query from the documented parameters: each value checked against its parameter's schema.
function queryFrom(method, path, given) {
  const params = (operation(method, path).parameters || []).filter((p) => p.in === 'query');
  for (const [k, v] of Object.entries(given)) {
    const p = params.find((x) => x.name === k);
    if (!p) throw new Error(`query parameter "${k}" is not documented for ${method} ${path}`);
    check(p.schema, v, `query ${k}`);
  }
  for (const p of params) if (p.required && !(p.name in given)) throw new Error(`required query ${p.name} missing`);
  return given;
}
// Calls an operation with a body or query built and checked from the document; checks the answer against it.
async function call(method, template, params, { body, query, expect }) {
  const path = template.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(params[k]));
  if (body !== undefined) check(requestSchema(method, template), body, `${method} ${template} body`);
  if (query !== undefined) queryFrom(method, template, query);
  const r = await http(method, path, { body, query });
  if (r.status !== expect) throw new Error(`${method} ${path}: ${r.status} (expected ${expect}): ${r.text.slice(0, 300)}`);
  check(answerSchema(method, template, r.status), r.json, `${method} ${template} answer ${r.status}`);
  return r;
}

// [SECTION] Tests
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const assert = (cond, why) => { if (!cond) throw new Error(why); };
const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');

test('a standard OpenAPI 3.0 validator accepts the document', async () => {
  await SwaggerParser.validate(structuredClone(raw));
  assert(raw.openapi === '3.0.3', `openapi ${raw.openapi}`);
  for (const path of ['/api/session', '/api/menu', '/api/accounts/accounts', '/api/accounts/accounts/{user_id}'])
    assert(raw.paths[path], `${path} is missing`);
});

test('every operation has an id and sends its 4xx/5xx to the one error schema', async () => {
  const ids = new Set();
  for (const [path, ops] of Object.entries(raw.paths))
    for (const [method, op] of Object.entries(ops)) {
      assert(op.operationId && !ids.has(op.operationId), `${method} ${path}: operationId ${op.operationId}`);
      ids.add(op.operationId);
      for (const range of ['4XX', '5XX'])
        assert(op.responses[range]?.$ref === '#/components/responses/Error', `${method} ${path} ${range}`);
    }
  const err = raw.components.schemas.Error;
  assert(err.required[0] === 'error' && err.properties.error.required.includes('code'), 'error schema shape');
});

// Files (CSV, PNG, PDF) are answered as files: their media type is listed instead of a JSON schema. The patients'
// reception page (HTML for a phone, public) is the one answer described in words only.
const files = /\.csv$|\.pdf$|\/png$|\/pdf$|\/download$/;
const undescribed = /^\/p\/mynaurl\/\{token\}$/;
test('every shipped plugin route describes its JSON body and answer', async () => {
  const shipped = /^\/(api|p)\/(accounts|settings|history|mynaurl|activation|testdata)\//;
  let routes = 0;
  for (const [path, ops] of Object.entries(raw.paths)) {
    if (!shipped.test(path) || undescribed.test(path)) continue;
    for (const [method, op] of Object.entries(ops)) {
      if (op['x-panel']) continue;
      routes++;
      const answers = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (files.test(path)) {
        const media = answers.flatMap(([, a]) => Object.keys(a.content || {}));
        assert(media.some((m) => /^(text\/csv|image\/png|application\/pdf)$/.test(m)),
               `${method} ${path}: its file answer has no media type (${media})`);
        continue;
      }
      const typed = answers.some(([, a]) => Object.keys(a.content?.['application/json']?.schema || {}).length > 0);
      assert(typed, `${method} ${path}: no JSON answer schema`);
      if (op['x-body'] === 'json' && method !== 'get') {
        // An undeclared body is listed as a bare {"type":"object"}; a declared one has members or says what it is.
        const body = op.requestBody?.content?.['application/json']?.schema || {};
        assert(body.properties || body.description || body.oneOf, `${method} ${path}: no request body schema`);
      }
      if (op['x-body'] === 'raw')  // an upload (accounts' bulk CSV): its body is listed with its media type
        assert(Object.keys(op.requestBody?.content || {}).length === 1, `${method} ${path}: no raw body listed`);
    }
  }
  assert(routes >= 25, `only ${routes} plugin routes were checked`);
});

test('the register, search and update schemas carry the form rules', async () => {
  const reg = requestSchema('POST', '/api/accounts/accounts');
  for (const k of ['kind', 'user_id', 'name', 'kana', 'start_date'])
    assert(reg.required.includes(k), `register: ${k} not required`);
  assert(!reg.required.includes('end_date'), 'register: end_date is optional');
  assert(reg.properties.user_id.maxLength === 8 && reg.properties.user_id.minLength === 2, 'user_id 2-8');
  assert(reg.properties.name.maxLength === 20 && reg.properties.kana.maxLength === 40, 'name/kana lengths');
  assert(reg.properties.kind.enum.includes('general'), 'kind choices');
  const names = operation('GET', '/api/accounts/accounts').parameters.map((p) => p.name);
  for (const k of ['kind', 'user_id', 'name', 'kana', 'valid', 'locked', 'start_date', 'end_date', 'offset', 'limit'])
    assert(names.includes(k), `search filter ${k} undocumented`);
  const upd = requestSchema('PATCH', '/api/accounts/accounts/{user_id}');
  assert(!upd.required, 'update: every member optional');
  assert(upd.properties.locked.enum.includes('none'), 'update: locked choices');
});

// The document's request rules come from api_spec.cpp, the screens' from panels.cpp: the same limits, or a
// generated client and a person at the screen would be told different things.
function formOf(panel, id) {
  const find = (widgets) => {
    for (const w of widgets || []) {
      if (w.type === 'form' && w.id === id) return w;
      const inner = find(w.body);
      if (inner) return inner;
    }
    return null;
  };
  const f = find(panel.body);
  if (!f) throw new Error(`${panel.id} has no form ${id}`);
  return f.fields.filter((x) => x.type !== 'readonly');
}
function agrees(field, schema, where, { required } = {}) {
  if (field.max !== undefined) assert(schema.maxLength === field.max, `${where}: max ${field.max} vs ${schema.maxLength}`);
  if (field.pattern) assert(schema.pattern === field.pattern || schema.pattern === `^$|(?:${field.pattern})`,
    `${where}: pattern ${field.pattern} vs ${schema.pattern}`);
  if (field.type === 'date') assert(/\[0-9\]\{4\}/.test(schema.pattern), `${where}: not a date`);
  for (const o of field.options || []) assert(schema.enum.includes(o.value), `${where}: choice ${o.value} undocumented`);
  if (required !== undefined) assert(required === !!field.required, `${where}: required ${field.required} vs ${required}`);
}

test('log in, the forced password change, session and menu answer as documented', async () => {
  const login = (password) => call('POST', '/api/session', {}, {
    body: bodyFrom(requestSchema('POST', '/api/session'), { institution, user_id: 'master', password }), expect: 200 });
  let r = await login(masterInitial);
  session = { cookie: r.cookie, csrf: r.json.csrf_token };
  assert(r.json.password_change_required === true, 'a fresh master must change the initial password');
  await call('POST', '/api/session/password', {}, {
    body: bodyFrom(requestSchema('POST', '/api/session/password'), { current_password: masterInitial, new_password: 'ApiPassw0rd26' }),
    expect: 200 });
  r = await login('ApiPassw0rd26');
  session = { cookie: r.cookie, csrf: r.json.csrf_token };
  await call('GET', '/api/session', {}, { expect: 200 });
  const menu = await call('GET', '/api/menu', {}, { expect: 200 });
  assert(menu.json.groups.some((g) => g.id === 'accounts'), 'the master sees the accounts group');
});

let adminInitial = '';
const newAdmin = { kind: 'admin', user_id: 'apiadm1', name: '試験管理者', kana: 'シケンカンリシャ', start_date: today };

test('register from the schema: 201 with the documented answer', async () => {
  const body = bodyFrom(requestSchema('POST', '/api/accounts/accounts'), newAdmin);
  const r = await call('POST', '/api/accounts/accounts', {}, { body, expect: 201 });
  assert(r.json.user_id === 'apiadm1' && r.json.initial_password.length > 0, 'the answer names the account');
  adminInitial = r.json.initial_password;
});

test('the new administrator reads and saves settings as documented', async () => {
  const master = session;
  try {
    const login = (password) => http('POST', '/api/session', { body: { institution, user_id: 'apiadm1', password } });
    let r = await login(adminInitial);
    assert(r.status === 200, `admin login ${r.status} ${r.text}`);
    session = { cookie: r.cookie, csrf: r.json.csrf_token };
    await call('POST', '/api/session/password', {}, {
      body: { current_password: adminInitial, new_password: 'ApiAdmPassw0rd26' }, expect: 200 });
    r = await login('ApiAdmPassw0rd26');
    session = { cookie: r.cookie, csrf: r.json.csrf_token };
    const values = await call('GET', '/api/settings/values', {}, { expect: 200 });
    assert(values.json.fields.length > 0, 'the settings fields are listed');
    await call('GET', '/api/settings/related', {}, { expect: 200 });
    await call('GET', '/api/settings/terms', {}, { expect: 200 });
    const saved = await call('PATCH', '/api/settings/values', {}, { body: {}, expect: 200 });
    assert(saved.json.changed.length === 0 && saved.json.sessions_ended === 0, `nothing to save: ${saved.text}`);
  } finally {
    session = master;
  }
});

test('the documented request rules agree with the screens\' forms', async () => {
  const reg = requestSchema('POST', '/api/accounts/accounts');
  const regFields = formOf((await http('GET', '/api/panels/accounts/register')).json, 'f');
  for (const f of regFields) agrees(f, reg.properties[f.id] || {}, `register ${f.id}`, { required: reg.required.includes(f.id) });
  assert(regFields.length === Object.keys(reg.properties).length, 'register: the same fields');
  const params = operation('GET', '/api/accounts/accounts').parameters;
  for (const f of formOf((await http('GET', '/api/panels/accounts/search')).json, 'q')) {
    const p = params.find((x) => x.name === f.id);
    assert(p, `search filter ${f.id} undocumented`);
    agrees(f, p.schema, `search ${f.id}`, { required: p.required });
  }
  const upd = requestSchema('PATCH', '/api/accounts/accounts/{user_id}');
  const edit = await http('GET', '/api/panels/accounts/edit', { query: { user_id: 'apiadm1' } });
  for (const f of formOf(edit.json, 'e')) agrees(f, upd.properties[f.id] || {}, `update ${f.id}`);
});

test('search with documented filters finds it, as the documented page', async () => {
  const r = await call('GET', '/api/accounts/accounts', {}, {
    query: { kind: 'admin', user_id: 'apiadm1', valid: 'valid', locked: 'all', offset: '0', limit: '10' }, expect: 200 });
  assert(r.json.total === 1 && r.json.rows[0].user_id === 'apiadm1', `found ${JSON.stringify(r.json)}`);
  assert(r.json.rows[0].start_date === today, `start date shown ${r.json.rows[0].start_date}`);
  const none = await call('GET', '/api/accounts/accounts', {}, { query: { user_id: 'nobody' }, expect: 200 });
  assert(none.json.total === 0 && none.json.message, 'an empty search says so');
});

test('update from the schema changes the account; reading it back matches', async () => {
  const body = bodyFrom(requestSchema('PATCH', '/api/accounts/accounts/{user_id}'),
    { name: '試験管理者二', kana: 'シケンカンリシャニ', invalid: true, end_date: '2099/12/31' });
  const r = await call('PATCH', '/api/accounts/accounts/{user_id}', { user_id: 'apiadm1' }, { body, expect: 200 });
  assert(r.json.account.name === '試験管理者二' && r.json.account.valid === false, 'the answer shows the change');
  const back = await call('GET', '/api/accounts/accounts/{user_id}', { user_id: 'apiadm1' }, { expect: 200 });
  assert(back.json.end_date === '2099/12/31' && back.json.kana === 'シケンカンリシャニ', `read back ${back.text}`);
});

test('a body the schema forbids is refused with the documented error envelope, and nothing is created', async () => {
  const schema = requestSchema('POST', '/api/accounts/accounts');
  const admins = async () => (await http('GET', '/api/accounts/accounts', { query: { kind: 'admin' } })).json.total;
  const before = await admins();
  const tooLong = { ...newAdmin, user_id: 'apiadm123' };  // 9 characters: maxLength 8
  refusedBy(schema, tooLong, 'a 9-character user ID');
  let r = await http('POST', '/api/accounts/accounts', { body: tooLong });
  assert(r.status === 400, `status ${r.status}`);
  check(answerSchema('POST', '/api/accounts/accounts', 400), r.json, 'the 400 answer');
  assert(r.json.error.fields.user_id, `no message for user_id: ${r.text}`);
  const missing = { ...newAdmin, user_id: 'apiadm2' };
  delete missing.kind;  // required
  refusedBy(schema, missing, 'a body without kind');
  r = await http('POST', '/api/accounts/accounts', { body: missing });
  assert(r.status === 400 && r.json.error.fields.kind, `without kind: ${r.status} ${r.text}`);
  check(answerSchema('POST', '/api/accounts/accounts', 400), r.json, 'the 400 answer');
  assert(await admins() === before, 'a refused register created an account');
});

test('an update and a search the schemas forbid are refused as documented', async () => {
  const upd = requestSchema('PATCH', '/api/accounts/accounts/{user_id}');
  const long = { name: '長'.repeat(21) };  // maxLength 20 counts characters, not bytes
  refusedBy(upd, long, 'a 21-character name');
  let r = await http('PATCH', '/api/accounts/accounts/apiadm1', { body: long });
  assert(r.status === 400 && r.json.error.fields.name, `long name: ${r.status} ${r.text}`);
  check(answerSchema('PATCH', '/api/accounts/accounts/{user_id}', 400), r.json, 'the 400 answer');
  const p = operation('GET', '/api/accounts/accounts').parameters.find((x) => x.name === 'valid');
  refusedBy(p.schema, 'maybe', 'valid=maybe');
  r = await http('GET', '/api/accounts/accounts', { query: { valid: 'maybe' } });
  assert(r.status === 400 && r.json.error.fields.valid, `valid=maybe: ${r.status} ${r.text}`);
  check(answerSchema('GET', '/api/accounts/accounts', 400), r.json, 'the 400 answer');
  r = await http('GET', '/api/accounts/accounts/apiadm1');
  assert(r.json.name === '試験管理者二', 'the refused update changed nothing');
});

// The bulk-registration routes take a raw CSV file and answer JSON (check, receipt, job list) or a CSV file: the
// document lists the file body and the JSON answers, and the server's answers match them.
test('the bulk routes describe their CSV body and answers, and answer as described', async () => {
  for (const path of ['/api/accounts/bulk', '/api/accounts/bulk/check']) {
    const op = operation('POST', path);
    assert(op['x-body'] === 'raw' && op.requestBody?.content?.['text/csv'], `POST ${path}: no text/csv body listed`);
    assert(op.requestBody.content['text/csv'].schema?.format === 'binary', `POST ${path}: the file is not binary`);
  }
  for (const path of ['/api/accounts/bulk/template.csv']) {
    const answer = operation('GET', path).responses['200'];
    assert(answer?.content?.['text/csv'], `GET ${path}: its CSV answer is not listed: ${JSON.stringify(answer)}`);
  }
  const header = '権限区分,ユーザID,ユーザ名,ユーザ名（カナ）,利用開始年月日,利用終了年月日\r\n';
  const file = header + `管理者,apiblk1,一括　管理,イッカツ　カンリ,${today},\r\n管理者,a,一括　二,イッカツ　ニ,${today},\r\n`;
  let r = await httpRaw('POST', '/api/accounts/bulk/check', file, 'text/csv');
  assert(r.status === 200, `check ${r.status} ${r.text}`);
  check(answerSchema('POST', '/api/accounts/bulk/check', 200), r.json, 'the check answer');
  assert(r.json.rows === 2 && r.json.errors === 1 && r.json.problems[0].row === 3, `check found ${r.text}`);
  r = await httpRaw('POST', '/api/accounts/bulk', header + `管理者,apiblk2,一括　管理,イッカツ　カンリ,${today},\r\n`, 'text/csv');
  assert(r.status === 202, `upload ${r.status} ${r.text}`);
  check(answerSchema('POST', '/api/accounts/bulk', 202), r.json, 'the receipt');
  const jobs = await call('GET', '/api/accounts/bulk', {}, { expect: 200 });
  assert(jobs.json.rows.some((j) => j.receipt === r.json.receipt), `the job list ${jobs.text}`);
  const q = operation('GET', '/api/accounts/bulk/template.csv').parameters.find((p) => p.name === 'encoding');
  assert(q && q.schema.enum.includes('cp932'), 'the template\'s encoding is documented');
});

test('without a session the routes answer 401 with the error envelope', async () => {
  const saved = session;
  session = null;
  const r = await http('GET', '/api/accounts/accounts');
  session = saved;
  assert(r.status === 401, `status ${r.status}`);
  check(answerSchema('GET', '/api/accounts/accounts', 401), r.json, 'the 401 answer');
});

let passed = 0;
let failed = 0;
for (const t of tests) {
  try {
    await t.fn();
    passed++;
    console.log(`ok - ${t.name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${t.name}: ${e.message}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
