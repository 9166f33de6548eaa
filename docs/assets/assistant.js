/* Gerbang: the FAQ assistant's widget. Fetched by gerbang.js only when a reader opens the
   question box; without it the box is a plain form that answers with a page. The answers,
   messages and links come from /api/assistant/ask in the page's language. */
(() => {
'use strict';
const add = (to, tag, text) => {
  const el = to.appendChild(document.createElement(tag));
  if (text != null) el.textContent = text;
  return el;
};

function show(box, r) {
  box.textContent = '';
  add(box, 'p', r.message);
  const list = add(box, 'ol');
  r.answers.forEach(a => {
    const item = add(list, 'li'), link = add(item, 'a', a.page + ' · ' + a.title);
    link.href = a.url;
    add(item, 'p', a.extract);
  });
  if (!r.answers.length) list.remove();
  const officer = add(add(box, 'p'), 'a', r.consultation.label);
  officer.href = r.consultation.url;
}

function setup(f) {
  const box = add(f, 'div'), lang = f.elements.language.value;
  box.className = 'gb-result';
  box.setAttribute('aria-live', 'polite');
  f.addEventListener('submit', async e => {
    e.preventDefault();
    const question = f.elements.question.value.trim();
    if (!question) return;
    box.setAttribute('aria-busy', 'true');
    box.textContent = '…';
    let r, data;
    try {
      r = await fetch('/api/assistant/ask', {method: 'POST', body: JSON.stringify({question, language: lang}),
        headers: {'Content-Type': 'application/json', 'Accept-Language': lang}});
      data = await r.json();
    } catch (err) { // no answer from here: let the plain form try, its page says what happened
      return f.submit();
    } finally { box.removeAttribute('aria-busy'); }
    if (r.ok) return show(box, data);
    const error = data.error; // a 4xx says why, in the page's language
    // Anything else (a 5xx, an answer without words): the plain form's page says it.
    if (r.status >= 500 || !error) return f.submit();
    box.textContent = (error.fields && error.fields[0] && error.fields[0].message) || error.message;
  });
  f.elements.question.focus();
}

document.querySelectorAll('form[data-gb-assistant]').forEach(setup);
})();
