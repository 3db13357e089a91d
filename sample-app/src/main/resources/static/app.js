// The sample service's page: polls the actuator endpoints and the API with fetch(); no build step.
'use strict';

const $ = (selector) => document.querySelector(selector);
let batchId = null;

async function getJson(url, options) {
  const response = await fetch(url, options);
  const body = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, body };
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  row.appendChild(td);
}

function fill(tbody, items, columns) {
  tbody.replaceChildren();
  for (const item of items) {
    const row = document.createElement('tr');
    columns.forEach((column) => cell(row, column(item)));
    tbody.appendChild(row);
  }
}

async function refreshProcesses() {
  const children = await getJson('actuator/childprocesses');
  if (children.ok) {
    $('#service-pid').textContent = children.body.pid;
    fill($('#children tbody'), children.body.children,
      [(c) => c.pid, (c) => c.name, (c) => c.role, (c) => c.startMethod, (c) => c.alive, (c) => c.uptime]);
    $('#children').dataset.count = children.body.children.length;
  }
  const resources = await getJson('actuator/processresources');
  if (resources.ok) {
    $('#tracker').textContent = 'tracker: ' + (resources.body.trackerPid ?? 'not started') + ', '
      + resources.body.resources.length + ' tracked resources';
    fill($('#resources tbody'), resources.body.resources,
      [(r) => r.name, (r) => r.type, (r) => r.size, (r) => r.creatorPid, (r) => r.age]);
    $('#resources').dataset.count = resources.body.resources.length;
  }
  const health = await getJson('actuator/health');
  $('#health').textContent = health.body.status ?? health.status;
  $('#updated').textContent = new Date().toLocaleTimeString();
}

function showBatch(batch) {
  $('#batch-progress').max = batch.documents;
  $('#batch-progress').value = batch.done;
  $('#batch-state').textContent = batch.state + ': ' + batch.done + ' / ' + batch.documents + ' documents';
  $('#batch-state').dataset.state = batch.state;
  $('#batch-detail').textContent = batch.error
    ? batch.error
    : (batch.bytes / 1048576).toFixed(1) + ' MB compressed to ' + (batch.compressedBytes / 1048576).toFixed(1)
      + ' MB in ' + batch.elapsedMillis + ' ms by workers ' + batch.workers.join(', ')
      + ' (the service is ' + batch.service + ')';
  $('#batch-detail').className = batch.error ? 'error' : '';
}

async function refreshBatch() {
  if (batchId === null) {
    return;
  }
  const batch = await getJson('api/batches/' + batchId);
  if (batch.ok) {
    showBatch(batch.body);
    if (batch.body.state !== 'running') {
      batchId = null;
    }
  }
}

async function startBatch(event) {
  event.preventDefault();
  const query = 'documents=' + $('#documents').value + '&kilobytes=' + $('#kilobytes').value;
  const started = await getJson('api/batches?' + query, { method: 'POST' });
  if (started.ok) {
    batchId = started.body.id;
    showBatch(started.body);
  } else {
    $('#batch-state').textContent = started.body.message ?? ('HTTP ' + started.status);
  }
}

async function post(url, output) {
  output.textContent = 'running...';
  output.className = '';
  const result = await getJson(url, { method: 'POST' });
  output.textContent = 'HTTP ' + result.status + '\n' + JSON.stringify(result.body, null, 2);
  output.className = result.ok ? '' : 'error';
  output.dataset.status = result.status;
}

async function tick() {
  try {
    await refreshBatch();
    await refreshProcesses();
  } catch (e) {
    $('#updated').textContent = 'error: ' + e;
  }
  setTimeout(tick, 1000);
}

$('#batch-form').addEventListener('submit', startBatch);
document.querySelectorAll('button[data-kind]').forEach((button) => button.addEventListener('click',
  () => post('api/misbehave/' + button.dataset.kind, $('#misbehave-result'))));
$('#shared-sum').addEventListener('click', () => post('api/shared/sum', $('#shared-result')));
$('#count').addEventListener('click', () => post('api/counter', $('#shared-result')));
tick();
