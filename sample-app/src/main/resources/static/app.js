// The sample service's page: buttons that give the starter's dashboard (the iframe) something to show,
// and the batch's own state from the API; fetch() only, no build step.
'use strict';

const $ = (selector) => document.querySelector(selector);
let batchId = null;

async function getJson(url, options) {
  const response = await fetch(url, options);
  const body = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, body };
}

async function refreshHealth() {
  const health = await getJson('actuator/health');
  $('#health').textContent = health.body.status ?? health.status;
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
    await refreshHealth();
  } catch (e) {
    $('#health').textContent = 'error: ' + e;
  }
  setTimeout(tick, 1000);
}

$('#batch-form').addEventListener('submit', startBatch);
document.querySelectorAll('button[data-kind]').forEach((button) => button.addEventListener('click',
  () => post('api/misbehave/' + button.dataset.kind, $('#misbehave-result'))));
$('#shared-sum').addEventListener('click', () => post('api/shared/sum', $('#shared-result')));
$('#count').addEventListener('click', () => post('api/counter', $('#shared-result')));
tick();
