/* Gerbang: forms that keep answers on the phone, send JSON to /api and show errors beside
   fields. Without this file every form still posts. ES2017, no libraries, no build. */
(() => {
'use strict';
document.documentElement.classList.add('js');
const SAVED = 'gerbang:application', DRAFT = 'gerbang:draft:';
const HERE = document.currentScript && document.currentScript.src; // <root>/assets/gerbang.js
// The assistant's widget script sits beside this one; it is fetched only when opened.
const ASSISTANT = (HERE || '').replace(/gerbang\.js(\?.*)?$/, 'assistant.js');
// Forms about the application kept in this tab (not the question forms).
const ABOUT_APPLICATION = /^(status|upload|pay)$/;
const TYPES = {pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg'};
const $ = (el, s) => el.querySelector(s), $$ = (el, s) => Array.from(el.querySelectorAll(s));
const wait = ms => new Promise(ok => setTimeout(ok, ms));
const add = (to, tag, text) => {
  const el = to.appendChild(document.createElement(tag));
  if (text != null) el.textContent = text;
  return el;
};
// Storage may be full or blocked: forms work without it. The application and its access
// code live in sessionStorage: a shared phone forgets them with the tab.
const get = (area, k) => { try { return JSON.parse(window[area + 'Storage'][k]); } catch (e) { return null; } };
const put = (area, k, v) => {
  try { v ? window[area + 'Storage'].setItem(k, JSON.stringify(v)) : window[area + 'Storage'].removeItem(k); } catch (e) {}
};
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), b => (b + 256).toString(16).slice(1)).join('');
const MB = 1048576;
const typeOf = file => file.type || TYPES[file.name.split('.').pop().toLowerCase()] || '';
const human = (f, n) => n < MB ? Math.round(n / 1024) + ' KB'
  : (n / MB).toLocaleString(f.gbLang, {maximumFractionDigits: 1}) + ' MB';
// Upright pixels: createImageBitmap turns a phone photo by its EXIF orientation; an <img>
// does too where that option is unknown (browsers apply it by default since 2020).
const decode = file => (window.createImageBitmap ? createImageBitmap(file, {imageOrientation: 'from-image'})
  : Promise.reject()).catch(() => new Promise((ok, fail) => {
  const img = new Image();
  img.onload = () => ok(img);
  img.onerror = fail;
  img.src = URL.createObjectURL(file);
}));

// Camera photos (3-8 MB, 12 MP) shrink here before a slow, paid upload. Only a JPEG or PNG
// over the kind's max_bytes or over 1.5 MB: the size is all we know before decoding, which
// takes 4 bytes a pixel (48 MB for 12 MP) on a cheap phone, and a file under 1.5 MB saves
// too little for that. 2000 px on the longer side is plenty for a check and usually 0.3-1 MB
// as JPEG; never below the kind's min_width x min_height. Quality then size step down until
// it fits. Redrawing on a canvas also drops the EXIF data, GPS position included. Whatever
// fails, or does not save bytes, sends the original file: the server checks it anyway.
async function prepareFile(file, rules, busy) {
  const max = rules.max_bytes, accepted = rules.accepted || [];
  if (!file || !max || !/^image\/(jpeg|png)$/.test(typeOf(file)) || accepted.indexOf('image/jpeg') < 0
    || file.size <= Math.min(max, 1.5 * MB)) return file;
  if (busy) busy();
  let pic;
  try {
    pic = await decode(file);
    const w = pic.width, h = pic.height, canvas = document.createElement('canvas'), cx = canvas.getContext('2d');
    const low = Math.min(1, Math.max((rules.min_width || 1) / w, (rules.min_height || 1) / h));
    let s = Math.min(1, Math.max(2000 / Math.max(w, h), low)), q = 0.85, drawn, blob;
    for (;;) {
      if (drawn !== s) {
        canvas.width = Math.round(w * s);
        canvas.height = Math.round(h * s);
        cx.fillStyle = '#fff'; // under a PNG's transparent parts
        cx.fillRect(0, 0, canvas.width, canvas.height);
        cx.imageSmoothingQuality = 'high';
        cx.drawImage(pic, 0, 0, canvas.width, canvas.height);
        drawn = s;
      }
      blob = await new Promise(ok => canvas.toBlob(ok, 'image/jpeg', q));
      if (!blob || blob.size <= max) break;
      if (q > 0.6) q -= 0.1; // 0.85, 0.75, 0.65, 0.55
      else if (s > low) s = Math.max(low, s * 0.8);
      else break;
    }
    canvas.width = 0; // give the memory back now
    return blob && blob.size < file.size
      ? new File([blob], file.name.replace(/\.\w+$/, '') + '.jpg', {type: 'image/jpeg'}) : file;
  } catch (e) {
    return file;
  } finally {
    if (pic && pic.close) pic.close();
    else if (pic) URL.revokeObjectURL(pic.src);
  }
}
window.gerbangPrepareFile = prepareFile; // for bench/compression.py

// A client.* message with its {placeholders}, or a text from the API.
const msg = (f, key, vars) => {
  let text = f.gbm[key] || key || '';
  for (const k in vars) text = text.replace('{' + k + '}', vars[k]);
  return text;
};

// The summary box: a message, or hidden without one.
function say(f, key, vars, error) {
  const text = msg(f, key, vars), box = $(f, '.gb-summary');
  box.textContent = text;
  box.hidden = !text;
  box.classList.toggle('gb-note', !error);
}

// The summary at the top names each field in error and links to it; it takes the focus, so
// a screen reader hears it first and a keyboard is one Tab away from the first field.
function showErrors(f, error) {
  say(f, error.message, 0, 1);
  const box = $(f, '.gb-summary'), list = add(box, 'ul');
  (error.fields || []).forEach(e => {
    const field = $(f, '[data-field="' + e.field + '"]'), control = field && $(field, 'input,select,textarea');
    if (!control) return;
    field.classList.add('gb-invalid');
    control.setAttribute('aria-invalid', 'true');
    const p = $(field, '.gb-error');
    p.textContent = e.message;
    p.hidden = false;
    const name = $(field, 'legend,label').textContent.trim().replace(/[.:]$/, ''), link = add(add(list, 'li'), 'a', name + ': ' + e.message);
    link.href = '#' + control.id;
    link.onclick = ev => { ev.preventDefault(); control.focus(); };
  });
  if (!list.firstChild) list.remove();
  box.focus();
}

// Rejects with {offline}, {status, error} (4xx) or {status} (5xx).
async function call(f, method, path, body, code, headers) {
  if (navigator.onLine === false) throw {offline: 1};
  headers = Object.assign({'Accept-Language': f.gbLang, 'Content-Type': 'application/json'},
    code && {'X-Access-Code': code}, headers);
  const r = await fetch(path, {method, headers, body: body ? JSON.stringify(body) : null}).catch(() => { throw {offline: 1}; });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) throw {status: r.status, error: r.status < 500 && data.error};
  data.gbAt = Date.parse(r.headers.get('Date')); // the server's clock, to know fresh news
  return data;
}

async function run(f, task, note) {
  if (f.gbBusy) return;
  const button = $(f, '[type=submit]');
  f.gbBusy = button.disabled = true;
  $$(f, '.gb-field').forEach(b => {
    b.classList.remove('gb-invalid');
    $(b, '.gb-error').hidden = true;
    $$(b, '[aria-invalid]').forEach(c => c.removeAttribute('aria-invalid'));
  });
  say(f, note || 'sending');
  try {
    await task(f);
  } catch (e) {
    if (e.error) showErrors(f, e.error);
    else if (e.offline) later(f, task);
    else say(f, 'failed', 0, 1);
  }
  f.gbBusy = button.disabled = false;
}

function values(f, draft) {
  const v = {};
  for (const c of Array.from(f.elements)) {
    if (c.name && !/file|submit/.test(c.type) && !(c.type === 'radio' && !c.checked) && !(draft && (c.name === 'access_code' || c.type === 'password'))) {
      v[c.name] = c.type === 'checkbox' ? c.checked : c.value.trim();
    }
  }
  return v;
}

function fill(f, v) {
  let changed = false;
  for (const name in v) {
    const c = f.elements[name], x = v[name], prop = c && c.type === 'checkbox' ? 'checked' : 'value';
    if (!c || x == null || /hidden|file/.test(c.type) || (c.options && !Array.from(c.options).some(o => o.value === x))) continue;
    changed = changed || c[prop] !== x;
    c[prop] = x;
  }
  return changed;
}

// A draft keeps its "queued" mark (since when) until the application is sent.
const queuedAt = f => (get('local', DRAFT + f.gbName) || {}).queued;
const fresh = draft => draft && Date.now() - draft.at < 5184e6; // a draft lives 60 days
const saveDraft = (f, queued) => {
  put('local', DRAFT + f.gbName, {at: Date.now(), key: f.gbKey, values: values(f, 1), queued: queued || queuedAt(f)});
  keepOnAccount(f);
};
// Signed in (a cookie that says only that): the apply form's draft is also kept on the
// account, a few seconds after the last keystroke, to resume on another device.
const ACCOUNT = /(^|;\s*)gerbang_account=1/.test(document.cookie), ON_ACCOUNT = '/api/account/drafts/apply';
function keepOnAccount(f) {
  if (!ACCOUNT || f.gbName !== 'apply') return;
  clearTimeout(f.gbSync);
  // keepalive: a page closed before the timer still sends it (pagehide flushes it).
  const send = f.gbFlush = () => {
    clearTimeout(f.gbSync);
    f.gbFlush = 0;
    const v = values(f, 1), text = {};
    for (const k in v) text[k] = v[k] === true ? 'on' : v[k] === false ? '' : v[k];
    fetch(ON_ACCOUNT, {method: 'PUT', keepalive: true, headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({values: text})}).catch(() => 0); // offline: the phone keeps it
  };
  f.gbSync = setTimeout(send, 2000);
}
addEventListener('pagehide', () => $$(document, 'form[data-gb-form=apply]').forEach(f => f.gbFlush && f.gbFlush()));
// Another device's answers, if the account holds newer ones than this phone.
async function fromAccount(f, draft) {
  const d = await call(f, 'GET', ON_ACCOUNT).catch(() => 0);
  if (d && (!draft || Date.parse(d.saved_at) > draft.at) && fill(f, d.values)) say(f, 'restored_account');
}
const clock = (f, at) => new Date(at).toLocaleTimeString(f.gbLang, {timeStyle: 'short'});
// An application that could not leave the phone: kept with its Idempotency-Key, so sending
// it again (on "online", or on the next visit) can only ever make one application.
function queue(f) {
  const at = queuedAt(f) || Date.now();
  saveDraft(f, at);
  say(f, 'queued', {time: clock(f, at)});
}
const resend = (f, task) => run(f, task, f.gbName === 'apply' && 'resending');
// Everything stays as typed; sent again by itself once back online.
function later(f, task) {
  if (f.gbName === 'apply') queue(f);
  else say(f, 'offline', 0, 1);
  if (!f.gbRetry) addEventListener('online', f.gbRetry = () => { f.gbRetry = 0; resend(f, task); }, {once: true});
}
// A call about one application: GET without a body, POST with one.
const mine = (f, v, rest, body) =>
  call(f, body ? 'POST' : 'GET', '/api/applications/' + encodeURIComponent(v.reference) + (rest || ''), body, v.access_code);
const when = (f, at) => new Date(at).toLocaleString(f.gbLang, {dateStyle: 'long', timeStyle: 'short'});
const docLine = (list, d) => {
  add(list, 'li', d.name + ': ' + d.state_label);
  if (d.reason_message) add(list.lastChild, 'p', d.reason_message);
  (d.notes || []).forEach(n => add(list.lastChild, 'p', n));
  if (d.scan_label) add(list.lastChild, 'small', d.scan_label);
};

const TASKS = {
  async apply(f) {
    saveDraft(f);
    clearTimeout(f.gbSync); // sent now: the account's draft goes with it, not after it
    f.gbFlush = 0;
    const body = values(f);
    for (const k in body) if (body[k] === '') delete body[k];
    const r = await call(f, 'POST', '/api/applications', body, '', {'Idempotency-Key': f.gbKey}).catch(e => {
      // That key went with other answers: a new one lets the next try through.
      if (e.error && e.error.code === 'idempotency_key_reused') f.gbKey = newKey();
      throw e;
    });
    put('session', SAVED, {reference: r.reference, access_code: r.access_code, service_name: r.service_name,
      fee: r.fee, required_documents: r.required_documents});
    put('local', DRAFT + 'apply');
    f.gbKey = newKey();
    location.href = '../confirmation/';
  },

  async status(f) {
    const r = await mine(f, values(f)), box = $(f, '.gb-result');
    box.textContent = '';
    add(add(box, 'p'), 'strong', r.service.name + ': ' + r.status_label);
    add(box, 'p', r.next_step);
    add(box, 'h3', f.gbm.history);
    const history = add(box, 'ol');
    add(box, 'h3', f.gbm.documents);
    const docs = add(box, 'ul'), paid = r.payment.paid_at;
    add(box, 'h3', f.gbm.payment);
    r.history.forEach(h => add(history, 'li', h.label + ' · ' + when(f, h.at)));
    r.documents.forEach(d => docLine(docs, d));
    add(box, 'p', r.fee.display + ': ' + r.payment.state_label + (paid ? ' · ' + when(f, paid) : ''));
    (r.questions || []).forEach(q => { // questions asked about this application, and answers
      add(box, 'h3', q.topic_label + ' · ' + q.status_label);
      add(box, 'blockquote', q.question);
      if (q.answer) add(box, 'p', q.answer);
    });
    if (r.status === 'more_info_requested') { // after uploading what was asked: back to the officer
      const again = add(box, 'button', f.gbm.resubmit);
      again.type = 'button';
      again.onclick = () => run(f, async g => { await mine(g, values(g), '/resubmit', {}); await TASKS.status(g); });
    }
    box.hidden = false;
    say(f);
  },

  async pay(f) {
    const v = values(f);
    location.href = (await mine(f, v, '/payments', {method: v.method})).checkout_url;
  },

  async upload(f) {
    const v = values(f), saved = get('session', SAVED) || {}, box = $(f, '.gb-result');
    const rules = (saved.required_documents || []).find(d => d.kind === v.kind) || {};
    const picked = f.elements.file.files[0], file = await prepareFile(picked, rules, () => say(f, 'compressing'));
    const type = typeOf(file);
    let note;
    say(f, 'sending');
    box.textContent = '';
    box.hidden = false;
    if (file !== picked) { // what will be sent, with the sizes before and after
      note = add(box, 'p', msg(f, 'compressed', {before: human(f, picked.size), after: human(f, file.size)}));
      const img = note.insertBefore(document.createElement('img'), note.firstChild);
      img.className = 'gb-preview';
      img.alt = '';
      // Revoked once shown; the image stays. Removed if refused (a CSP without blob:img-src).
      img.onload = img.onerror = e => { URL.revokeObjectURL(img.src); if (e.type === 'error') img.remove(); };
      img.src = URL.createObjectURL(file);
    }
    const text = add(box, 'p'), bar = add(box, 'progress');
    bar.max = 100;
    let post, since = 0, tries = 0;
    for (;;) {
      if (Date.now() - since > 54e4) { // a presigned POST lives 10 minutes: ask again after 9
        post = await mine(f, v, '/documents', {kind: v.kind, content_type: type, size_bytes: file.size, file_name: file.name}).catch(e => {
          // Too large, wrong type…: said beside the file. A wrong code stays in the summary.
          if (e.error && !e.error.fields && e.status !== 404) e.error = {fields: [{field: 'file', message: e.error.message}]};
          throw e;
        });
        since = Date.now();
      }
      try {
        await send(post, file, bar, text, f);
        break;
      } catch (e) {
        if (e.status) throw {}; // the bucket refused the file: sending it again would not help
        if (++tries > 4) throw {offline: 1};
        say(f, 'retrying', {seconds: 2 ** tries}); // 2, 4, 8, 16 s, the same File each time
        await wait(1000 * 2 ** tries);
      }
    }
    box.textContent = '';
    say(f, 'uploaded');
    if (note) box.appendChild(note);
    watch(f, v, post.gbAt, add(box, 'ul'));
  },
};

// Multipart POST to S3: the policy's fields first, the file last.
const send = (post, file, bar, text, f) => new Promise((ok, fail) => {
  const data = new FormData(), xhr = new XMLHttpRequest();
  for (const k in post.fields) data.append(k, post.fields[k]);
  data.append('file', file);
  xhr.open('POST', post.url);
  xhr.timeout = 6e4 + file.size / 2; // a minute, plus at least 2 KB/s
  xhr.upload.onprogress = e => {
    if (e.lengthComputable) text.textContent = f.gbm.uploading.replace('{percent}', bar.value = Math.round(e.loaded / e.total * 100));
  };
  xhr.onload = () => (xhr.status < 300 ? ok() : fail({status: xhr.status}));
  xhr.onerror = xhr.ontimeout = () => fail({});
  xhr.send(data);
});

// Every 5 s for up to 2 minutes: what the verifier made of this upload.
async function watch(f, v, since, list) {
  for (let i = 0; i < 24; i++) {
    await wait(5000);
    const r = await mine(f, v).catch(() => 0);
    const d = r && r.documents.find(x => x.kind === v.kind);
    if (!d || d.state === 'missing' || Date.parse(d.uploaded_at) < since - 1000) continue; // not yet, or an older upload
    list.textContent = '';
    docLine(list, d);
    if (/accepted|rejected/.test(d.state)) return;
  }
}

function setup(f) {
  if (f.gbName) return;
  const name = f.gbName = f.dataset.gbForm, saved = get('session', SAVED), el = f.elements;
  let draft = get('local', DRAFT + name);
  f.gbLang = el.language.value;
  try { f.gbm = JSON.parse(f.dataset.messages); } catch (e) { f.gbm = {}; }
  f.noValidate = true; // the server's messages, in the page's language, go beside the fields
  $(f, '.gb-summary').tabIndex = -1;
  if (el.kind && saved && saved.required_documents) {
    const kinds = saved.required_documents.map(d => d.kind);
    Array.from(el.kind.options).forEach(o => kinds.indexOf(o.value) < 0 && o.remove());
  }
  if (el.file) el.file.required = true;
  if (!fresh(draft)) draft = 0;
  f.gbKey = (draft && draft.key) || newKey();
  const restored = draft && fill(f, draft.values);
  if (name === 'apply') fill(f, {service: new URLSearchParams(location.search).get('service')});
  else if (name === 'ask') fill(f, {question: new URLSearchParams(location.search).get('question')}); // from the assistant
  else if (saved && ABOUT_APPLICATION.test(name)) fill(f, {reference: saved.reference, access_code: saved.access_code});
  if (restored && !draft.queued) say(f, 'restored');
  if (ACCOUNT && name === 'apply' && !(draft && draft.queued)) fromAccount(f, draft);
  else if (ABOUT_APPLICATION.test(name) && !saved) say(f, 'no_saved');
  // Touching the form starts the service: its pages are kept (asked again only if it changes).
  if (name === 'apply') f.addEventListener('change', () => el.service.value !== f.gbKept
    && keepService(f.gbKept = el.service.value));
  if (name === 'pay') {
    showOptions(f);
    f.elements.access_code.addEventListener('change', () => showOptions(f));
  }
  ['input', 'change'].forEach(type => f.addEventListener(type, () => saveDraft(f)));
  if (TASKS[name]) {
    f.addEventListener('submit', e => {
      if (e.submitter && e.submitter.hasAttribute('formaction')) return; // "continue later": a plain post
      e.preventDefault();
      if (name === 'apply' || f.reportValidity()) run(f, TASKS[name]);
    });
  }
  if (draft && draft.queued && TASKS[name]) { // the next visit sends what was kept offline
    if (navigator.onLine === false) later(f, TASKS[name]);
    else resend(f, TASKS[name]);
    $(f, '.gb-summary').scrollIntoView({block: 'center'}); // the state, not the page's top
  }
}

// The pay form: each way to pay with its whole amount, before anyone commits.
async function showOptions(f) {
  const v = values(f), r = v.reference && v.access_code && await mine(f, v).catch(() => 0);
  if (!r || !r.payment_options) return;
  $$(f, 'input[name=method]').forEach(input => {
    const o = r.payment_options.find(x => x.method === input.value), label = input.parentNode;
    label.hidden = input.disabled = !o; // not offered by this office's payment provider
    if (o) ($(label, '.gb-amount') || add(label, 'strong')).textContent = ' ' + o.display;
    if (o) label.lastChild.className = 'gb-amount';
  });
  const first = $(f, 'input[name=method]:not(:disabled)');
  if (first && !$(f, 'input[name=method]:checked:not(:disabled)')) first.checked = true;
}

// After paying: the receipt, once the provider's notification has arrived.
async function receipt(panel, saved) {
  const f = {gbLang: document.documentElement.lang || 'en'};
  for (let i = 0; i < 24; i++) {
    const r = await mine(f, saved).catch(() => 0), x = r && r.receipt;
    if (x) {
      const slots = {reference: x.reference, amount: x.display, method: x.method_label,
        paid_at: when(f, x.paid_at), payment_id: x.payment_id};
      $$(panel, '[data-slot]').forEach(s => { s.textContent = slots[s.dataset.slot] || ''; });
      panel.hidden = false;
      return;
    }
    await wait(5000);
  }
}

// Search: this language's own index, fetched only by the search page. Indonesian words are
// cut to their stem (particles, possessives, suffixes, up to two prefixes), so "biayanya",
// "perpanjangan" and "diperpanjang" meet "biaya" and "panjang".
const stem = (w, lang) => {
  const cut = (re, min) => { const m = w.match(re); if (m && w.length - m[0].length >= min) w = w.slice(0, m.index) + w.slice(m.index + m[0].length); };
  if (lang !== 'id') { cut(/(ies|es|s)$/, 3); return w; }
  cut(/(lah|kah|tah|pun)$/, 4); cut(/(ku|mu|nya)$/, 4); cut(/(kan|an|i)$/, 4);
  cut(/^(meng|meny|mem|men|me|peng|peny|pem|pen|ber|be|ter|di|ke|se)/, 4); cut(/^(per|pe|ber)/, 4);
  return w;
};
const words = (text, lang) => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).map(w => stem(w, lang));

async function search(f) {
  const q = f.elements.q.value.trim(), box = $(f, '.gb-result'), lang = document.documentElement.lang;
  if (!q) return;
  const config = JSON.parse(($(document, '#__config') || {}).textContent || '{}');
  const index = await (await fetch('../search-index.json')).json();
  const wanted = words(q, lang);
  const found = index.map(p => {
    const title = words(p.title, lang), body = words(p.text, lang);
    const hits = wanted.map(w => title.filter(x => x === w).length * 5 + body.filter(x => x === w).length);
    return {p, all: hits.every(h => h), score: hits.reduce((a, b) => a + b, 0)};
  }).filter(r => r.score).sort((a, b) => b.all - a.all || b.score - a.score).slice(0, 10);
  box.textContent = '';
  box.hidden = false;
  if (!found.length) add(box, 'p', box.dataset.none);
  const list = add(box, 'ol');
  found.forEach(({p}) => {
    const item = add(list, 'li'), link = add(item, 'a', p.title);
    link.href = new URL((config.base || '.') + '/' + p.url, location).href;
    const at = p.text.toLowerCase().indexOf(q.toLowerCase().split(/\s+/)[0]);
    add(item, 'p', (at > 40 ? '…' : '') + p.text.slice(Math.max(0, at - 40), Math.max(0, at - 40) + 160) + '…');
  });
}

// Offline reading: sw.js (site_hooks/offline.py) sits at the site's root, beside assets/.
// It keeps every page opened; the page asks it to keep this language's offline page and,
// once an application is started, that service's pages and the rest of the journey.
const sw = navigator.serviceWorker, ROOT = HERE && new URL('../', HERE).href;
const LANG_ROOT = ROOT && ROOT + (document.documentElement.lang === 'en' ? '' : document.documentElement.lang + '/');
const keep = (paths, also) => sw && sw.ready.then(r => r.active && r.active.postMessage({keep: paths.map(p => LANG_ROOT + p).concat(also || [])}));
const keepService = id => id && keep(['services/' + id + '/', 'apply/', 'confirmation/', 'status/', 'upload/', 'pay/']);

function offline() {
  if (!sw || !ROOT) return;
  // After the page has loaded: installing must not delay the first paint on a slow link.
  // This page too: it was loaded before the worker could keep it.
  const go = () => sw.register(ROOT + 'sw.js').then(() => keep(['offline/'], location.href)).catch(() => 0);
  if (document.readyState === 'complete') go();
  else addEventListener('load', go);
  $$(document, '[data-gb-retry]').forEach(b => { b.onclick = () => location.reload(); });
  const list = $(document, '[data-gb-saved]');
  if (!list || !window.caches) return;
  caches.open('gerbang-pages').then(async c => { // the pages of this language kept on the phone
    for (const r of await c.keys()) {
      const path = r.url.slice(LANG_ROOT.length);
      if (!r.url.startsWith(LANG_ROOT) || /^([a-z]{2}\/|offline\/)/.test(path)) continue;
      const title = ((await (await c.match(r)).text()).match(/<title>([^<]*)/) || [])[1];
      add(add(list, 'li'), 'a', title ? title.replace(/&amp;/g, '&').replace(/ - [^-]*$/, '') : path).href = r.url;
    }
  });
}

// An application made offline waits on this phone: any page, once online, says so (the
// words fetched only then, so no page carries them) and links to the apply page, which
// sends it with its Idempotency-Key.
async function unsent() {
  const d = get('local', DRAFT + 'apply'), at = $(document, 'article');
  if (!fresh(d) || !d.queued || !at || !LANG_ROOT || navigator.onLine === false
    || $(document, '[data-gb-form=apply]')) return;
  const w = await fetch(LANG_ROOT + 'unsent.json').then(r => r.json()).catch(() => 0);
  if (!w || $(document, '.gb-unsent')) return;
  const box = at.insertBefore(document.createElement('div'), at.firstChild);
  box.className = 'admonition warning gb-unsent';
  box.setAttribute('role', 'status');
  add(box, 'p', w.text).className = 'admonition-title';
  add(add(box, 'p'), 'a', w.send).href = LANG_ROOT + 'apply/';
}

function start() {
  $$(document, 'details[data-gb-widget]').forEach(d => d.addEventListener('toggle', () => {
    if (!d.open || window.gerbangAssistant) return;
    window.gerbangAssistant = 1;
    add(document.head, 'script').src = ASSISTANT;
  }));
  offline();
  unsent();
  addEventListener('online', unsent);
  $$(document, 'form[data-gb-form]').forEach(setup);
  $$(document, 'form[data-gb-search]').forEach(f => {
    f.elements.q.value = new URLSearchParams(location.search).get('q') || '';
    f.addEventListener('submit', e => {
      e.preventDefault();
      history.replaceState(null, '', '?q=' + encodeURIComponent(f.elements.q.value));
      search(f);
    });
    search(f);
  });
  const panel = $(document, '[data-gb-confirmation]'), saved = get('session', SAVED);
  const paid = $(document, '[data-gb-receipt]');
  if (paid && saved) receipt(paid, saved);
  if (!panel || !saved) return;
  $$(panel, '[data-slot]').forEach(s => { s.textContent = saved[s.dataset.slot] || ''; });
  panel.hidden = false;
  $$(document, '[data-gb-confirmation-missing]').forEach(m => { m.hidden = true; });
}

if (window.document$) window.document$.subscribe(start);
else if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
})();
