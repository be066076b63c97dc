import { read, table, problem, seesEvidence } from './console.js';

async function summary() {
  const container = document.getElementById('summary');
  const answer = await read('/v1/history/summary');
  if (!answer.ok) {
    problem(container, answer);
    return;
  }
  container.replaceChildren(table('Per month, event, party and reason', [
    ['Month', row => row.month], ['Event', row => row.eventType], ['Party', row => row.party],
    ['Reason', row => row.reason ?? '–'], ['Count', row => row.count.toLocaleString('en-GB')]], answer.body, 'summary-table'));
}

if (seesEvidence) {
  summary();
}
