import { read, el, table, problem, clear } from './console.js';

const form = document.getElementById('question');
const answerBox = document.getElementById('answer');
const problemBox = document.getElementById('problem');
const FIELDS = ['effective', 'recorded', 'region', 'deviceType', 'supplier'];

function question(cursor) {
  const query = new URLSearchParams();
  for (const field of FIELDS) {
    const value = document.getElementById(field).value.trim();
    if (value) {
      query.set(field, value);
    }
  }
  if (cursor) {
    query.set('cursor', cursor);
  }
  return query;
}

async function ask(cursor) {
  clear(problemBox);
  const query = question(cursor);
  const [page, counts] = await Promise.all([read(`/v1/history/restricted?${query}`),
    cursor ? Promise.resolve(null) : read(`/v1/history/restricted/counts?${question()}`)]);
  if (!page.ok) {
    clear(answerBox);
    problem(problemBox, page);
    return;
  }
  const parts = [];
  if (counts && counts.ok) {
    parts.push(el('p', { class: 'govuk-body', id: 'total' }, `${counts.body.total.toLocaleString('en-GB')} meter(s) Restricted at`
      + ` ${counts.body.effective} as known at ${counts.body.recorded}.`));
    parts.push(table('Per region and type', [['Region', c => c.region], ['Type', c => c.type],
      ['Meters', c => c.meters.toLocaleString('en-GB')]], counts.body.byRegionAndType, 'counts-table'));
  }
  if (!page.body.complete) {
    parts.push(el('div', { class: 'govuk-warning-text' }, el('strong', { class: 'govuk-warning-text__text' },
      'The listing had not caught up with the store when asked: an event recorded by then may be missing. Ask again.')));
  }
  parts.push(table(cursor ? 'The next meters, in device order' : 'The meters, in device order', [
    ['Device', m => el('a', { class: 'govuk-link', href: `/console/meter?id=${encodeURIComponent(m.deviceId)}` }, m.deviceId)],
    ['Type', m => m.deviceType], ['Region', m => m.cspRegion], ['Supplier then', m => m.supplier],
    ['Restricted under this Supplier from', m => m.restrictedFrom], ['Until', m => m.restrictedUntil ?? 'still'],
    ['Known from', m => m.knownFrom], ['Known until', m => m.knownUntil ?? 'now']], page.body.meters, 'restricted-table'));
  const links = el('p', { class: 'govuk-body' });
  if (page.body.nextCursor) {
    const next = el('a', { class: 'govuk-link', href: '#', id: 'next-page' }, 'Next meters');
    next.addEventListener('click', event => {
      event.preventDefault();
      ask(page.body.nextCursor);
    });
    links.append(next, ' · ');
  }
  links.append(el('a', { class: 'govuk-link', id: 'download', href: `/console/api/v1/history/restricted/export?${question()}` },
    'Download every meter (CSV)'));
  parts.push(links);
  answerBox.replaceChildren(...parts);
}

form.addEventListener('submit', event => {
  event.preventDefault();
  ask(null);
});

const initial = new URLSearchParams(window.location.search);
for (const field of FIELDS) {
  if (initial.get(field)) {
    document.getElementById(field).value = initial.get(field);
  }
}
ask(null);
