import { read, el, table, problem, percent } from './console.js';

const problemBox = document.getElementById('problem');
const monthSelect = document.getElementById('month');

function loadCharts() {
  if (window.echarts) {
    return Promise.resolve(window.echarts);
  }
  return new Promise((resolve, reject) => {
    const script = el('script', { src: '/console/assets/echarts/echarts.min.js' });
    script.addEventListener('load', () => resolve(window.echarts));
    script.addEventListener('error', reject);
    document.head.append(script);
  });
}

function daily(report) {
  const [year, month] = report.month.split('-').map(Number);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const counts = new Array(days).fill(0);
  const start = Date.UTC(year, month - 1, 1);
  for (const meter of report.exclusionList) {
    for (let day = 0; day < days; day++) {
      const from = start + day * 86400000;
      const to = from + 86400000;
      if (meter.intervals.some(i => Date.parse(i.from) < to && Date.parse(i.to) > from)) {
        counts[day]++;
      }
    }
  }
  return counts;
}

async function draw(report) {
  const echarts = await loadCharts();
  const regions = report.regions.filter(r => r.reported.requests > 0 || r.adjusted.requests > 0);
  const values = regions.flatMap(r => [Number(r.reported.share), Number(r.adjusted.share)]);
  const floor = Math.max(0, Math.floor((Math.min(...values, 1) - 0.005) * 100) / 100);
  const shares = echarts.init(document.getElementById('shares-chart'), null, { renderer: 'canvas' });
  shares.setOption({
    animation: false,
    aria: { enabled: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: value => percent(value) },
    grid: { left: 70, right: 30, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: regions.map(r => r.region) },
    yAxis: { type: 'value', min: floor, max: 1, axisLabel: { formatter: value => percent(value) } },
    series: [
      { name: 'Reported', type: 'bar', itemStyle: { color: '#505a5f' }, label: { show: true, position: 'top', formatter: p => percent(p.value) },
        data: regions.map(r => Number(r.reported.share)) },
      { name: 'Adjusted for Restricted meters', type: 'bar', itemStyle: { color: '#1d70b8' }, label: { show: true, position: 'top', formatter: p => percent(p.value) },
        data: regions.map(r => Number(r.adjusted.share)) }]
  });
  const counts = daily(report);
  const days = echarts.init(document.getElementById('days-chart'), null, { renderer: 'canvas' });
  days.setOption({
    animation: false,
    aria: { enabled: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    grid: { left: 70, right: 30, top: 40, bottom: 40 },
    xAxis: { type: 'category', name: 'Day', data: counts.map((_, day) => String(day + 1)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'Restricted meters (at any moment of the day)', type: 'line', step: 'end', data: counts, itemStyle: { color: '#1d70b8' } }]
  });
}

function csvRows(text) {
  return text.split(/\r\n/).filter(line => line.length > 0).map(line => line.split(','));
}

async function show(month) {
  problemBox.replaceChildren();
  const revisions = await read(`/v1/reports/${month}`);
  if (!revisions.ok) {
    problem(problemBox, revisions);
    return;
  }
  const published = revisions.body.find(r => r.published) ?? revisions.body[0];
  const base = `/v1/reports/${month}/revisions/${published.revision}`;
  const [json, explanation, reproductions] = await Promise.all([read(base), read(base + '?format=explanation'),
    read(`/v1/reports/${month}/reproductions`)]);
  if (!json.ok) {
    problem(problemBox, json);
    return;
  }
  const report = json.body;
  document.getElementById('report').hidden = false;
  document.getElementById('report-title').textContent = `Figures for ${month}, revision ${published.revision}`;
  document.getElementById('report-cites').textContent = `Computed from event-store position ${report.inputs.eventPosition}`
    + ` and ${report.inputs.outcomeLogs.length} outcome log(s); history checkpoint ${published.checkpointSize ?? 'none'}; report SHA-256 ${published.reportSha256}.`;
  document.getElementById('figures').replaceChildren(table('Requests within their Target Response Time', [
    ['Region', r => r.region], ['Requests', r => r.reported.requests.toLocaleString('en-GB')], ['Reported', r => percent(r.reported.share)],
    ['Adjusted requests', r => r.adjusted.requests.toLocaleString('en-GB')], ['Adjusted', r => percent(r.adjusted.share)],
    ['Gate denials excluded', r => r.excluded.GATE_DENIAL.requests.toLocaleString('en-GB')],
    ['Consumption on Restricted meters excluded', r => r.excluded.RESTRICTED_CONSUMPTION.requests.toLocaleString('en-GB')],
    ['Restricted meters', r => r.restricted.devices.toLocaleString('en-GB')]], report.regions, 'figures-table'));
  const prefix = `/console/api${base}`;
  document.getElementById('stored-chart').href = `${prefix}?format=svg`;
  document.getElementById('csv-form').href = `${prefix}?format=csv`;
  document.getElementById('explanation-form').href = `${prefix}?format=explanation`;
  if (explanation.ok) {
    const rows = csvRows(explanation.body).slice(1);
    document.getElementById('excluded').replaceChildren(
      el('p', { class: 'govuk-body' }, `${rows.length.toLocaleString('en-GB')} request(s) left out of the adjusted figures`
        + (rows.length > 200 ? '; the first 200:' : ':')),
      table('Excluded requests', [['Log', r => r[0]], ['Line', r => r[1]], ['Request', r => r[2]], ['Device', r => r[3]],
        ['SRV', r => r[4]], ['Reason', r => r[5]]], rows.slice(0, 200), 'excluded-table'));
  }
  document.getElementById('exclusion-lists').replaceChildren(...['north', 'central', 'south'].map(region => el('li', {},
    el('a', { class: 'govuk-link', id: `exclusion-list-${region}`, download: `exclusion-list-${region}-${month}.csv`,
      href: `/console/api/v1/csp/${region}/exclusion-lists/${month}?format=csv` }, `${region.toUpperCase()} (CSV)`))));
  document.getElementById('revisions').replaceChildren(table('Revisions of the month', [
    ['Revision', r => String(r.revision)], ['Published', r => r.published ? 'Yes' : 'No'], ['Created', r => r.createdAt],
    ['By', r => r.createdBy], ['Event position', r => String(r.eventPosition)], ['SHA-256', r => el('span', { class: 'console-mono' }, r.reportSha256)]],
  revisions.body, 'revisions-table'));
  const diffs = [];
  for (const revision of revisions.body.filter(r => !r.published)) {
    const diff = await read(`/v1/reports/${month}/revisions/${revision.revision}/diff`);
    if (diff.ok) {
      diffs.push(table(`What revision ${revision.revision} changed against the published report`, [
        ['Figure', c => c.figure], ['Published', c => c.before], ['Revision', c => c.after]], diff.body.changes));
    }
  }
  document.getElementById('diffs').replaceChildren(...diffs);
  if (reproductions.ok) {
    document.getElementById('reproductions').replaceChildren(table('Reproductions of the published report', [
      ['Run', r => String(r.runId)], ['At', r => r.at], ['By', r => r.by],
      ['Identical', r => el('span', { class: r.identical ? 'console-ok' : 'console-bad' }, r.identical ? 'Byte for byte' : 'No')],
      ['Differences', r => r.differences.map(d => `${d.what}: ${d.published} against ${d.reproduced}`).join('; ') || '–']],
    reproductions.body, 'reproductions-table'));
  }
  await draw(report);
}

async function start() {
  const months = await read('/v1/reports');
  if (!months.ok) {
    problem(problemBox, months);
    return;
  }
  if (months.body.months.length === 0) {
    problemBox.replaceChildren(el('p', { class: 'govuk-body', id: 'no-reports' }, 'No month has a report yet.'));
    return;
  }
  monthSelect.replaceChildren(...months.body.months.map(month => el('option', { value: month }, month)));
  const wanted = new URLSearchParams(window.location.search).get('month');
  if (wanted && months.body.months.includes(wanted)) {
    monthSelect.value = wanted;
  }
  monthSelect.addEventListener('change', () => show(monthSelect.value));
  await show(monthSelect.value);
}

start();
