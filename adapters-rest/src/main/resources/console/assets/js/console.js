// The console's shared helpers. Every read goes through /console/api, which the server forwards to the API with the
// session's token: the page never holds a token. Text is always set as text, never as HTML.

export const role = document.body.dataset.role;
export const seesEvidence = role === 'REGULATOR' || role === 'DCC';

export async function read(path) {
  const response = await fetch('/console/api' + path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) {
    window.location.assign('/console/signin');
    throw new Error('signed out');
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  return { status: response.status, ok: response.ok, body };
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

/** A GOV.UK table: columns are [heading, row => cell]; a cell is text or a node. */
export function table(caption, columns, rows, id) {
  const head = el('thead', { class: 'govuk-table__head' }, el('tr', { class: 'govuk-table__row' },
    columns.map(([heading]) => el('th', { scope: 'col', class: 'govuk-table__header' }, heading))));
  const body = el('tbody', { class: 'govuk-table__body' }, rows.map(row => el('tr', { class: 'govuk-table__row' },
    columns.map(([, cell]) => el('td', { class: 'govuk-table__cell' }, cell(row) ?? '')))));
  return el('div', { class: 'console-table-wrapper' },
    el('table', { class: 'govuk-table', id }, el('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, caption), head, body));
}

export function summary(list, pairs) {
  list.replaceChildren(...pairs.map(([key, value]) => el('div', { class: 'govuk-summary-list__row' },
    el('dt', { class: 'govuk-summary-list__key' }, key),
    el('dd', { class: 'govuk-summary-list__value' }, value ?? '–'))));
}

/** A problem+json answer as a GOV.UK error summary, naming each field and rule. */
export function problem(container, answer) {
  const body = answer.body || {};
  const items = (body.errors || []).map(error => el('li', {}, `${error.field}: ${error.rule}`));
  const title = answer.status === 404 ? 'Not found' : body.title || `The service answered ${answer.status}`;
  container.replaceChildren(el('div', { class: 'govuk-error-summary', role: 'alert', id: 'problem-summary' },
    el('h2', { class: 'govuk-error-summary__title' }, title),
    el('div', { class: 'govuk-error-summary__body' },
      el('p', { class: 'govuk-body' }, body.detail || ''),
      el('ul', { class: 'govuk-list govuk-error-summary__list' }, items))));
}

export function clear(container) {
  container.replaceChildren();
}

export function param(name) {
  return new URLSearchParams(window.location.search).get(name);
}

export function percent(share) {
  return share === null || share === undefined || share === '' ? '–' : `${(Number(share) * 100).toFixed(1)}%`;
}
