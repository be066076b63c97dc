import { read, el, table, summary, problem, clear, param, seesEvidence } from './console.js';

const asked = (param('id') ?? '').trim();
const MPXN = /^(\d{13}|\d{6,10})$/;
let id = asked;
const problemBox = document.getElementById('problem');

async function status() {
  const answer = await read(`/v1/devices/${encodeURIComponent(id)}`);
  if (!answer.ok) {
    problem(problemBox, answer);
    return false;
  }
  const device = answer.body;
  summary(document.getElementById('status'), [
    ['Device ID', device.deviceId], ['Type', device.deviceType], ['Region', device.cspRegion],
    ['Responsible Supplier', `${device.responsibleSupplier.partyId} (${device.responsibleSupplier.role})`],
    ['Restricted', device.restricted ? `Yes, since ${device.restrictedSince}` : 'No'],
    ['Eligible for Restricted mode', device.eligible ? 'Yes'
      : 'No: ' + device.ineligibilities.map(reason => reason.code ?? reason).join(', ')],
    ['Version', String(device.version)]]);
  return true;
}

async function timeline() {
  const rows = [];
  let after = -1;
  for (let page = 0; page < 20 && after !== null && after !== undefined; page++) {
    const answer = await read(`/v1/history/devices/${encodeURIComponent(id)}?after=${after}&limit=500`);
    if (!answer.ok) {
      problem(problemBox, answer);
      return;
    }
    rows.push(...answer.body.entries);
    after = answer.body.next;
  }
  document.getElementById('timeline').replaceChildren(table('The meter\u2019s history, oldest first', [
    ['#', row => String(row.globalIndex)], ['Event', row => row.eventType],
    ['Effective', row => row.effectiveAt ?? '–'], ['Recorded', row => row.recordedAt],
    ['Who', row => `${row.party} (${row.role})${row.actingUser ? ', ' + row.actingUser : ''}`],
    ['Why', row => row.reason ?? '–'], ['Restricted after', row => row.restrictedAfter === null ? '–' : row.restrictedAfter ? 'Yes' : 'No'],
    ['Event ID', row => el('a', { class: 'govuk-link console-mono', href: `/console/evidence?eventId=${encodeURIComponent(row.eventId)}&deviceId=${encodeURIComponent(id)}` }, row.eventId)],
    ['Chain hash', row => el('span', { class: 'console-mono' }, (row.deviceHash ?? '').slice(0, 16) + '\u2026')]],
    rows, 'timeline-table'));
}

async function receipts() {
  const answer = await read(`/v1/gate/receipts?deviceId=${encodeURIComponent(id)}`);
  const container = document.getElementById('receipts');
  if (!answer.ok) {
    problem(container, answer);
    return;
  }
  const list = answer.body.receipts ?? answer.body;
  container.replaceChildren(table('Denials, oldest first', [
    ['Receipt', row => String(row.receiptNumber)], ['Decided', row => row.decidedAt], ['SRV', row => row.srv ?? row.alertCode ?? '–'],
    ['Code', row => row.responseCode], ['Reason', row => row.reason], ['Request', row => row.requestId]], list, 'receipts-table'));
}

document.getElementById('as-of').addEventListener('submit', async event => {
  event.preventDefault();
  const effective = document.getElementById('effective').value.trim();
  const recorded = document.getElementById('recorded').value.trim();
  const container = document.getElementById('as-of-answer');
  const query = new URLSearchParams({ effective });
  if (recorded) {
    query.set('recorded', recorded);
  }
  const answer = await read(`/v1/history/devices/${encodeURIComponent(id)}/as-of?${query}`);
  if (!answer.ok) {
    problem(container, answer);
    return;
  }
  const a = answer.body;
  const list = el('dl', { class: 'govuk-summary-list', id: 'as-of-result' });
  summary(list, [['Enrolled then', a.enrolled ? 'Yes' : 'No'], ['Restricted then', a.restricted ? 'Yes' : 'No'],
    ['Responsible Supplier then', a.responsibleSupplier], ['Rests on', a.restsOnEventType ? `${a.restsOnEventType} (event ${a.restsOnEventId})` : '–']]);
  container.replaceChildren(list);
});

/** An MPxN asked for: its meters, as the API answers this party (none for another Supplier's, as for an unknown). */
async function byMpxn() {
  const answer = await read(`/v1/devices?mpxn=${encodeURIComponent(asked)}`);
  if (!answer.ok) {
    problem(problemBox, answer);
    return false;
  }
  const meters = answer.body.devices;
  if (meters.length === 0) {
    problem(problemBox, { status: 404, body: { detail: 'no enrolled meter with this MPxN that you may act on' } });
    return false;
  }
  if (meters.length > 1) {
    document.getElementById('choices').replaceChildren(el('p', { class: 'govuk-body' }, `${meters.length} meters have been enrolled with this MPxN:`),
      el('ul', { class: 'govuk-list' }, meters.map(m => el('li', {}, el('a', { class: 'govuk-link', href: `/console/meter?id=${encodeURIComponent(m.deviceId)}` },
        `${m.deviceId} (${m.deviceType}, ${m.restricted ? 'Restricted' : 'not Restricted'})`)))));
    return false;
  }
  id = meters[0].deviceId;
  return true;
}

if (asked) {
  document.getElementById('id').value = asked;
  (MPXN.test(asked) ? byMpxn() : Promise.resolve(true)).then(one => one ? status() : false).then(found => {
    if (!found) {
      return;
    }
    clear(problemBox);
    document.getElementById('meter').hidden = false;
    timeline();
    if (seesEvidence) {
      receipts();
    }
  });
}
