import { read, el, table, problem } from './console.js';

const problemBox = document.getElementById('problem');

function rows(components, prefix = '') {
  const out = [];
  for (const [name, component] of Object.entries(components ?? {})) {
    out.push({ name: prefix + name, status: component.status, details: component.details });
    if (component.components) {
      out.push(...rows(component.components, prefix + name + ' / '));
    }
  }
  return out;
}

async function health() {
  const answer = await read('/actuator/health');
  if (!answer.body || typeof answer.body !== 'object') {
    problem(problemBox, answer);
    return;
  }
  document.getElementById('health').replaceChildren(el('p', { class: 'govuk-body', id: 'overall' }, `Overall: ${answer.body.status}`),
    table('Each part of the service', [['Part', r => r.name], ['Status', r => el('strong', { class: r.status === 'UP' ? 'console-ok' : 'console-bad' }, r.status)],
      ['Details', r => el('span', { class: 'console-mono' }, r.details ? JSON.stringify(r.details) : '–')]], rows(answer.body.components), 'health-table'));
}

async function exclusionLists() {
  const parts = [];
  for (const region of ['north', 'central', 'south']) {
    const answer = await read(`/v1/csp/${region}/exclusion-lists`);
    if (!answer.ok) {
      parts.push(el('p', { class: 'govuk-body' }, `${region}: ${answer.status}`));
      continue;
    }
    const list = el('ul', { class: 'govuk-list' }, answer.body.published.map(month => el('li', {},
      el('a', { class: 'govuk-link', href: `/console/api/v1/csp/${region}/exclusion-lists/${month}?format=csv`,
        download: `exclusion-list-${region}-${month}.csv` }, `${region.toUpperCase()} ${month} (CSV)`))));
    parts.push(el('h3', { class: 'govuk-heading-s' }, region.toUpperCase()), answer.body.published.length ? list
      : el('p', { class: 'govuk-body' }, 'None published yet.'));
  }
  document.getElementById('exclusion-lists').replaceChildren(...parts);
}

health();
exclusionLists();
