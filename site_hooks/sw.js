/* Gerbang's service worker: guidance pages a reader has opened, and the pages of the
   service they started, stay readable offline. site_hooks/offline.py writes it to the site's
   root with VERSION (a hash of the shell and this file) and SHELL (the stylesheets and
   script every page uses) set above this line. */
'use strict';
const SHELL_CACHE = 'gerbang-shell-' + VERSION, PAGES = 'gerbang-pages';
const ROOT = new URL('./', self.location).pathname;

// Only the shell, so installing costs a first visit next to nothing (the browser already
// holds these files: 'no-cache' only revalidates them, so a new version never keeps an old
// copy); pages are kept as the reader opens them.
self.addEventListener('install', e => e.waitUntil(
  caches.open(SHELL_CACHE).then(c => c.addAll(SHELL.map(u => new Request(u, {cache: 'no-cache'})))).then(() => self.skipWaiting())));

self.addEventListener('activate', e => e.waitUntil(retire().then(() => self.clients.claim())));

// A page kept before a deploy names the stylesheets and scripts of its own build (Material's
// are hashed): the older shells' files move to OLD, and stay there while a kept page names
// them, so that page is still styled offline. Nothing more is downloaded for it.
const OLD = 'gerbang-old', SHELL_URLS = new Set(SHELL.map(s => new URL(s, self.location).href));
const inShell = url => SHELL_URLS.has(url);
async function retire() {
  const old = await caches.open(OLD), pages = await caches.open(PAGES), named = new Set();
  for (const k of await caches.keys()) {
    if (!k.startsWith('gerbang-shell-') || k === SHELL_CACHE) continue;
    const c = await caches.open(k);
    for (const r of await c.keys()) await old.put(r, await c.match(r));
    await caches.delete(k);
  }
  for (const r of await pages.keys()) {
    const html = await (await pages.match(r)).text();
    for (const m of html.matchAll(/(?:href|src)="([^"]+)"/g)) named.add(new URL(m[1], r.url).href);
  }
  for (const r of await old.keys()) if (inShell(r.url) || !named.has(r.url)) await old.delete(r);
}

// The page asks to keep pages for later: its language's offline page, a started service's.
self.addEventListener('message', e => {
  const urls = (e.data && e.data.keep) || [];
  e.waitUntil(caches.open(PAGES).then(c => Promise.all(urls.map(async u => {
    if (await c.match(page(u), {ignoreVary: true})) return; // kept: a visit online refreshes it
    const r = await fetch(u).catch(() => 0);
    if (r) await keep(c, u, r);
  }))));
});

// A page is kept unless it failed or says no-store (a checkout, an outbox: private).
const keep = (cache, url, response) => response.ok && !/no-store/.test(response.headers.get('Cache-Control') || '')
  ? cache.put(page(url), response) : undefined;

// One copy of a page, whatever its query (?service=…).
const page = url => { const u = new URL(url, self.location); u.search = u.hash = ''; return u.href; };

async function navigate(e) {
  const request = e.request;
  try {
    const response = await fetch(request);
    const copy = response.clone(); // kept while the page is shown; the worker waits for it
    e.waitUntil(caches.open(PAGES).then(c => keep(c, request.url, copy)));
    return response;
  } catch (e) {
    // A page varies only by its encoding, which the cache has already undone.
    const kept = await caches.match(page(request.url), {ignoreVary: true});
    if (kept) return kept;
    // The offline page of the reader's language; its relative links resolved from its own
    // address, not from the one asked for.
    const path = new URL(request.url).pathname.slice(ROOT.length);
    const lang = /^[a-z]{2}\//.test(path) && path.slice(0, 3);
    const where = new URL(ROOT + (lang && lang !== 'en/' ? lang : '') + 'offline/', self.location).href;
    const offline = await caches.match(where, {ignoreVary: true});
    if (!offline) throw e;
    const html = (await offline.text()).replace('<head>', '<head><base href="' + where + '">');
    return new Response(html, {headers: {'Content-Type': 'text/html; charset=utf-8'}});
  }
}

self.addEventListener('fetch', e => {
  const r = e.request, url = new URL(r.url);
  // Answers about an application are never stored: they are private and must be fresh.
  if (r.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith(ROOT + 'api/')) return;
  if (r.mode === 'navigate') e.respondWith(navigate(e));
  else if (inShell(url.href)) e.respondWith(caches.match(r).then(hit => hit || fetch(r)));
  // Another build's stylesheet or script (a kept page's): the network, else a kept copy.
  else if (/^(style|script)$/.test(r.destination)) {
    e.respondWith(fetch(r).catch(err => caches.match(r).then(hit => hit || Promise.reject(err))));
  }
});
