/* Gerbang: the officers' desk. ES2017, no libraries. */
(() => {
'use strict';
const $ = id => document.getElementById('gb-off-' + id), form = $('decide');
if (!form) return;
const KEY = 'gerbang:officer', API = '/api/officer/', lang = document.documentElement.lang, W = {};
const $$ = (el, s) => el.querySelectorAll(s);
$$($('words'), 'li').forEach(li => { W[li.dataset.k] = li.textContent; });
const word = (k, vars) => Object.keys(vars || {}).reduce((s, v) => s.replace('{' + v + '}', vars[v]), W[k] || k);
const add = (to, tag, text, cls) => {
  const el = to.appendChild(document.createElement(tag));
  if (text != null) el.textContent = text;
  if (cls) el.className = cls;
  return el;
};
const session = () => { try { return JSON.parse(sessionStorage[KEY]); } catch (e) { return null; } };
const keep = v => { try { v ? sessionStorage.setItem(KEY, JSON.stringify(v)) : sessionStorage.removeItem(KEY); } catch (e) {} };
const box = $('summary'), filter = $('filter'), parts = {signin: $('signin'), queue: $('queue'), record: $('record'),
  questions: $('questions')}, qf = $('qfilter'), qlist = $('qlist');
const say = (text, note) => { box.textContent = text || ''; box.hidden = !text; box.classList.toggle('gb-note', !!note); };
const when = iso => iso ? new Date(iso).toLocaleString(lang, {dateStyle: 'medium', timeStyle: 'short'}) : '';
const label = (id, v) => (Array.from($(id).options).find(o => o.value === v) || {textContent: v}).textContent;
let current = null, seq = 0;

function view(name) {
  const s = session();
  for (const k in parts) parts[k].hidden = k !== name;
  $('who').hidden = $('tabs').hidden = !s;
  $$($('tabs'), 'a').forEach(a => a.setAttribute('aria-current', a.hash === '#' + name));
  $('user').textContent = s ? s.user : '';
}

function route() {
  const m = /^#app=([\w-]+)$/.exec(location.hash);
  return !session() ? view('signin') : m ? openRecord(m[1]) :
    location.hash === '#questions' ? loadQuestions() : loadQueue();
}

// Rejects with {quiet} (401: signed out), {offline} or {status, error}.
async function api(path, body) {
  const r = await fetch(API + path, {method: body ? 'POST' : 'GET', body: body && JSON.stringify(body), headers: {
    Authorization: 'Bearer ' + (session() || {}).token, 'Accept-Language': lang, 'Content-Type': 'application/json'}})
    .catch(() => { throw {offline: 1}; });
  const data = await r.json().catch(() => ({}));
  if (r.status === 401) {
    signOut();
    say(word('expired'));
    throw {quiet: 1};
  }
  if (!r.ok) throw {status: r.status, error: data.error};
  return data;
}
const fail = e => e.quiet || say(e.error && e.error.message || word(e.offline ? 'offline' : 'failed'));

function signOut() {
  current = null;
  keep(null);
  $$(document, '#gb-officer tbody').forEach(b => { b.textContent = ''; });
  qlist.textContent = '';
  view('signin');
}

$('signin-form').onsubmit = async ev => {
  ev.preventDefault();
  const f = ev.target, button = f.querySelector('button'), user = f.username.value.trim();
  if (button.disabled) return;
  button.disabled = true;
  say(word('signing_in'), 1);
  try {
    const c = await fetch('/api/officer/config').then(r => r.json());
    const r = await fetch(c.cognito_url, {method: 'POST', headers: {'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth'}, body: JSON.stringify({AuthFlow:
      'USER_PASSWORD_AUTH', ClientId: c.client_id, AuthParameters: {USERNAME: user, PASSWORD: f.password.value}})});
    const d = await r.json(), token = (d.AuthenticationResult || {}).AccessToken;
    f.password.value = '';
    if (token) {
      keep({token, user});
      route();
    } else say(word(d.ChallengeName ? 'new_password' : /NotAuthorized|UserNotFound/.test(d.__type) ? 'bad_login' : 'failed'));
  } catch (e) {
    say(word(navigator.onLine ? 'failed' : 'offline'));
  }
  button.disabled = false;
};

$('signout').onclick = () => { signOut(); say(''); };
addEventListener('hashchange', () => { say(''); route(); });
filter.onsubmit = ev => { ev.preventDefault(); loadQueue(); };
filter.onchange = loadQueue;
qf.onsubmit = ev => { ev.preventDefault(); loadQuestions(); };
qf.onchange = loadQuestions;

// Cells are text (append escapes it) or nodes.
function table(id, list, cells) {
  const body = $(id).tBodies[0];
  body.textContent = '';
  if (!list.length) add(add(body, 'tr'), 'td', '—').colSpan = 9;
  list.forEach(x => {
    const tr = add(body, 'tr');
    cells(x).forEach(c => add(tr, 'td').append(c || ''));
  });
}
const link = (textContent, href, blank) => Object.assign(document.createElement('a'), {textContent, href},
  blank && {target: '_blank', rel: 'noopener'});

async function load(name, path, show) {
  const n = ++seq;
  view(name);
  say(word('loading'), 1);
  try {
    const d = await api(path);
    if (n === seq) { show(d); say(''); }
  } catch (e) { fail(e); }
}

function loadQueue() {
  const q = new URLSearchParams({status: filter.status.value, service: filter.service.value, lang});
  return load('queue', 'applications?' + q, d => {
    const list = d.applications;
    table('rows', list, a => [link(a.reference, '#app=' + a.reference), a.name, a.nationality,
      label('service', a.service), when(a.submitted_at)]);
    $('rows').hidden = !list.length;
    $('empty').hidden = !!list.length;
  });
}

const openRecord = ref => load('record', 'applications/' + ref + '?lang=' + lang, render);
// Text (append escapes it) or nodes into [data-slot]s.
const fill = (el, slots) => $$(el, '[data-slot]').forEach(s => {
  s.textContent = '';
  s.append(slots[s.dataset.slot] || '');
});

// The passport page's zone beside the form: each field read, typed, and whether they agree.
function zone(p, div) {
  add(div, 'p', word(!p.found ? 'zone.unread' : p.valid ? 'zone.valid' : 'zone.invalid'));
  if (!p.found) return;
  const t = add(div, 'table'), head = add(t, 'tr');
  ['zone.field', 'zone.read', 'zone.typed', ''].forEach(k => add(head, 'th', k && word(k)));
  p.fields.forEach(f => {
    const tr = add(t, 'tr');
    [f.label, f.read || '–', f.typed || '–',
      word(f.match === null ? 'zone.not_compared' : f.match ? 'zone.same' : 'zone.differs')].forEach(v => add(tr, 'td', v));
    if (f.match === false) tr.className = 'gb-differs';
  });
  if (p.validity_message) add(div, 'p', p.validity_message, 'gb-summary');
}

function checks(d) {
  const div = document.createElement('div');
  add(div, 'strong', word('state.' + d.state) + (d.reason ? ' (' + d.reason + ')' : ''));
  if (d.reason_message) add(div, 'div', d.reason_message);
  if (d.scan) add(div, 'div', word('scan.' + d.scan));
  add(div, 'small', [d.size && Math.ceil(d.size / 1024) + ' KB', d.width && d.width + ' × ' + d.height + ' px',
    d.pages && word(d.pages > 1 ? 'pages' : 'page', {n: d.pages}), when(d.uploaded_at)].filter(Boolean).join(' · '));
  return div;
}

// Fraud signals (the applicant never sees them), each with links to the other applications.
function flags(d) {
  const div = document.createElement('div');
  d.signals.forEach(s => {
    const p = add(div, 'p', word('flag', {flag: s.message}), 'gb-summary');
    s.references.forEach((ref, i) => p.append(i ? ', ' : ' ', link(ref, '#app=' + ref)));
  });
  if (d.passport) zone(d.passport, div);
  return div;
}

function render(r) {
  if (!current || current.reference !== r.reference) form.reset();
  current = r;
  const slots = Object.assign({}, r, r.applicant, {service: r.service.name, submitted_at: when(r.submitted_at),
    updated_at: when(r.updated_at)});
  fill(parts.record, slots);
  table('docs', r.documents, d => [d.name, checks(d), flags(d), d.link && link(word('open'), d.link, 1)]);
  table('pays', r.payments, p => [p.payment_id, word('method.' + p.method),
    p.currency + ' ' + (+p.amount).toLocaleString(lang), word('pay.' + p.state), when(p.created_at), when(p.paid_at)]);
  table('history', r.history, h => [when(h.at), h.by, h.from && label('status', h.from), label('status', h.to), h.reason]);
  form.hidden = r.status !== 'in_review';
  $('closed').hidden = !form.hidden;
  form.expected_version.value = r.version;
  errors([]);
}

// Errors from the API beside their fields.
function errors(list, f = form) {
  $$(f, '[data-field]').forEach(field => {
    const e = list.find(x => x.field === field.dataset.field);
    field.querySelector('.gb-error').textContent = e ? e.message : '';
    $$(field, 'input,textarea').forEach(c => c.setAttribute('aria-invalid', !!e));
  });
}

// Sends a form; on 409 (someone else acted first) offers to read it again.
function sender(f, send, done, again, reread) {
  f.onsubmit = async ev => {
    ev.preventDefault();
    const button = f.querySelector('button');
    if (button.disabled) return;
    button.disabled = true;
    errors([], f);
    say(word('sending'), 1);
    try {
      done(await send());
    } catch (e) {
      fail(e);
      errors((e.error || {}).fields || [], f);
      if (e.status === 409) add(box, 'button', word(again), 'md-button').onclick = reread;
    }
    (f.querySelector('[aria-invalid=true]') || box).focus();
    button.disabled = false;
  };
}

sender(form, () => {
  const choice = form.querySelector(':checked');
  return api('applications/' + current.reference + '/decision', {decision: choice ? choice.value : undefined,
    reason: form.reason.value.trim(), expected_version: +form.expected_version.value});
}, r => { form.reset(); render(r); say(word('saved'), 1); }, 'reload', () => openRecord(current.reference));

function loadQuestions() {
  qlist.textContent = '';
  return load('questions', 'consultations?status=' + qf.status.value, d => {
    d.consultations.forEach(c => qlist.append(question(c)));
    $('qempty').hidden = !!d.consultations.length;
  });
}

// One question from the hidden template, with its answer form while open.
function question(c) {
  const el = $('qtpl').firstElementChild.cloneNode(true), f = el.querySelector('form'), ref = c.reference,
    app = c.application_reference;
  fill(el, {reference: ref, topic: W['topic.' + c.topic] || c.topic_label, asked_at: when(c.asked_at),
    language: W['lang.' + c.language] || c.language, question: c.question, status: label('qstatus', c.status),
    application: app ? link(app, '#app=' + app) : '—', answer: c.answer,
    answered: c.answer && word('answered', {by: c.answered_by, at: when(c.answered_at)})});
  el.querySelector('.gb-off-done').hidden = !(f.hidden = !!c.answer);
  f.answer.id = f.querySelector('label').htmlFor = 'gb-off-a-' + ref;
  sender(f, () => api('consultations/' + ref + '/answer', {answer: f.answer.value.trim(),
    expected_version: c.version}), r => { el.replaceWith(question(r)); say(word('answer_saved'), 1); },
  'reload_q', loadQuestions);
  return el;
}

route();
})();
