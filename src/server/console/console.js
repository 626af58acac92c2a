// proton-local's console: the seed's "Environment account connections" workflow. It calls the
// AWS JSON API on POST / as any client does, as the account and Region chosen in the heading,
// and follows the caller's status-change events (GET /events) to show changes made elsewhere.
'use strict';

(() => {
  const TARGET = 'AwsProton20200720.';
  const POLL_MS = 700;
  const DEFAULT_ACCOUNT = '111122223333';
  const DEFAULT_REGION = 'us-east-1';

  const $ = (id) => document.getElementById(id);
  const state = {
    account: DEFAULT_ACCOUNT,
    region: DEFAULT_REGION,
    sent: [],
    requests: [],
    selectedSent: null,
    selectedRequest: null,
    lastSeq: null,
    generation: 0,
    returnFocus: null,
  };

  // ---- the API ----------------------------------------------------------------------------

  function authorization() {
    const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    return `AWS4-HMAC-SHA256 Credential=${state.account}/${date}/${state.region}/proton/aws4_request, ` +
      'SignedHeaders=content-type;host;x-amz-target, Signature=proton-local-console';
  }

  async function answerOf(response) {
    const text = await response.text();
    let data = {};
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (_) {
        throw { code: `HTTP ${response.status}`, message: text };
      }
    }
    if (!response.ok) {
      const code = String(data.__type || `HTTP ${response.status}`).split('#').pop();
      throw { code, message: data.message || data.Message || response.statusText };
    }
    return data;
  }

  async function call(operation, body) {
    let response;
    try {
      response = await fetch('/', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.0',
          'X-Amz-Target': TARGET + operation,
          Authorization: authorization(),
        },
        body: JSON.stringify(body),
      });
    } catch (err) {
      throw { code: 'NetworkError', message: `The request could not be sent: ${err.message}` };
    }
    return answerOf(response);
  }

  async function listAll(requestedBy) {
    const all = [];
    let nextToken;
    do {
      const body = { requestedBy, maxResults: 100 };
      if (nextToken) body.nextToken = nextToken;
      const page = await call('ListEnvironmentAccountConnections', body);
      all.push(...(page.environmentAccountConnections || []));
      nextToken = page.nextToken;
    } while (nextToken);
    return all;
  }

  // ---- messages ---------------------------------------------------------------------------

  function flash(kind, code, message) {
    const area = $('flash');
    area.textContent = '';
    const box = document.createElement('div');
    box.className = `flash ${kind}`;
    box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    box.id = kind === 'error' ? 'error' : 'success';
    const text = document.createElement('div');
    if (code) {
      const strong = document.createElement('span');
      strong.className = 'code';
      strong.textContent = code;
      text.append(strong, ': ');
    }
    text.append(message);
    const close = document.createElement('button');
    close.type = 'button';
    close.setAttribute('aria-label', 'Dismiss');
    close.textContent = '\u00d7';
    close.addEventListener('click', () => { area.textContent = ''; });
    box.append(text, close);
    area.append(box);
  }

  function showError(err) {
    if (err && err.code) flash('error', err.code, err.message || '');
    else flash('error', 'Error', String(err && err.message ? err.message : err));
  }

  function clearFlash() {
    $('flash').textContent = '';
  }

  // ---- the caller -------------------------------------------------------------------------

  function partition() {
    if (state.region.startsWith('cn-')) return 'aws-cn';
    if (state.region.startsWith('us-gov-')) return 'aws-us-gov';
    return 'aws';
  }

  function readCaller() {
    const query = new URLSearchParams(location.search);
    state.account = query.get('account') || localStorage.getItem('proton-local.account') || DEFAULT_ACCOUNT;
    state.region = query.get('region') || localStorage.getItem('proton-local.region') || DEFAULT_REGION;
  }

  function showCaller() {
    $('switch-account').value = state.account;
    $('switch-region').value = state.region;
    for (const id of ['heading-account', 'request-account']) $(id).textContent = state.account;
    for (const id of ['heading-region', 'request-region']) $(id).textContent = state.region;
    document.title = `Environment account connections (${state.account}, ${state.region}) | AWS Proton (proton-local)`;
    updateRolePreview();
  }

  function switchCaller(event) {
    event.preventDefault();
    state.account = $('switch-account').value.trim();
    state.region = $('switch-region').value.trim();
    try {
      localStorage.setItem('proton-local.account', state.account);
      localStorage.setItem('proton-local.region', state.region);
    } catch (_) { /* storage may be off; the URL keeps the choice */ }
    const query = new URLSearchParams({ account: state.account, region: state.region });
    history.replaceState(null, '', `?${query}${location.hash}`);
    state.selectedSent = null;
    state.selectedRequest = null;
    state.lastSeq = null;
    state.generation += 1;
    clearFlash();
    showCaller();
    refresh();
  }

  // ---- the tables -------------------------------------------------------------------------

  function when(seconds) {
    return new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z').replace('T', ' ').replace('Z', ' UTC');
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function renderTable(kind) {
    const sent = kind === 'sent';
    const rows = sent ? state.sent : state.requests;
    const selected = sent ? state.selectedSent : state.selectedRequest;
    const body = $(sent ? 'sent-table' : 'requests-table').tBodies[0];
    // A redraw keeps the keyboard where it was: on the same connection's radio button.
    const focused = body.contains(document.activeElement) ? document.activeElement.value : null;
    body.textContent = '';
    for (const connection of rows) {
      const tr = document.createElement('tr');
      tr.dataset.id = connection.id;
      tr.dataset.status = connection.status;
      if (connection.id === selected) tr.classList.add('selected');
      const pick = document.createElement('td');
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = `${kind}-select`;
      radio.value = connection.id;
      radio.checked = connection.id === selected;
      radio.setAttribute('aria-label', `Select ${connection.environmentName} (${connection.id})`);
      radio.addEventListener('change', () => select(kind, connection.id));
      pick.append(radio);
      const status = cell(connection.status, `status ${connection.status}`);
      tr.append(
        pick,
        cell(connection.environmentName),
        cell(sent ? connection.managementAccountId : connection.environmentAccountId),
        status,
        cell(connection.roleArn || connection.componentRoleArn || '', 'role'),
        cell(when(connection.requestedAt)),
        cell(connection.id, 'id'),
      );
      tr.addEventListener('click', (event) => {
        if (event.target !== radio) {
          radio.checked = true;
          select(kind, connection.id);
        }
      });
      body.append(tr);
      if (connection.id === focused) radio.focus();
    }
    $(sent ? 'sent-empty' : 'requests-empty').hidden = rows.length > 0;
    updateButtons();
  }

  function select(kind, id) {
    if (kind === 'sent') state.selectedSent = id;
    else state.selectedRequest = id;
    for (const tr of $(kind === 'sent' ? 'sent-table' : 'requests-table').tBodies[0].rows) {
      tr.classList.toggle('selected', tr.dataset.id === id);
    }
    updateButtons();
  }

  function selectedOf(kind) {
    const rows = kind === 'sent' ? state.sent : state.requests;
    const id = kind === 'sent' ? state.selectedSent : state.selectedRequest;
    return rows.find((connection) => connection.id === id) || null;
  }

  function updateButtons() {
    const sent = selectedOf('sent');
    const request = selectedOf('requests');
    $('delete').disabled = !sent;
    $('accept').disabled = !request || request.status !== 'PENDING';
    $('reject').disabled = !request || request.status === 'REJECTED';
  }

  let refreshing = null;
  async function refresh() {
    // One refresh at a time; one asked for meanwhile runs after it.
    if (refreshing) {
      refreshing.again = true;
      return refreshing.done;
    }
    const run = { again: false };
    run.done = (async () => {
      do {
        run.again = false;
        const generation = state.generation;
        try {
          const [sent, requests] = await Promise.all([
            listAll('ENVIRONMENT_ACCOUNT'),
            listAll('MANAGEMENT_ACCOUNT'),
          ]);
          if (generation !== state.generation) continue;
          state.sent = sent;
          state.requests = requests;
          if (!selectedOf('sent')) state.selectedSent = null;
          if (!selectedOf('requests')) state.selectedRequest = null;
          renderTable('sent');
          renderTable('requests');
        } catch (err) {
          if (generation !== state.generation) continue;
          state.sent = [];
          state.requests = [];
          renderTable('sent');
          renderTable('requests');
          showError(err);
        }
      } while (run.again);
      document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || 0) + 1);
    })();
    refreshing = run;
    try {
      await run.done;
    } finally {
      refreshing = null;
    }
  }

  // ---- actions ----------------------------------------------------------------------------

  async function act(operation, kind, verb) {
    const connection = selectedOf(kind);
    if (!connection) return;
    clearFlash();
    try {
      const reply = await call(operation, { id: connection.id });
      const now = reply.environmentAccountConnection;
      flash('success', '', `${verb} the connection for environment ${now.environmentName} (${now.id}): ${now.status}.`);
    } catch (err) {
      showError(err);
    }
    await refresh();
  }

  function openModal(id, focusId) {
    state.returnFocus = document.activeElement;
    $('modal-backdrop').hidden = false;
    $(id).hidden = false;
    $(focusId).focus();
  }

  function closeModals() {
    for (const id of ['delete-modal', 'sent-modal']) $(id).hidden = true;
    $('modal-backdrop').hidden = true;
    const back = state.returnFocus;
    state.returnFocus = null;
    if (back && document.contains(back) && !back.disabled) back.focus();
    else $('main').focus();
  }

  function openModalNow() {
    return ['delete-modal', 'sent-modal'].map($).find((modal) => !modal.hidden) || null;
  }

  function askDelete() {
    const connection = selectedOf('sent');
    if (!connection) return;
    $('delete-text').textContent =
      `Delete the connection ${connection.id} for environment ${connection.environmentName} ` +
      `to management account ${connection.managementAccountId}?`;
    openModal('delete-modal', 'delete-cancel');
  }

  async function confirmDelete() {
    const connection = selectedOf('sent');
    closeModals();
    if (!connection) return;
    clearFlash();
    try {
      await call('DeleteEnvironmentAccountConnection', { id: connection.id });
      flash('success', '', `Deleted the connection for environment ${connection.environmentName} (${connection.id}).`);
    } catch (err) {
      showError(err);
    }
    await refresh();
  }

  // ---- the Request to connect page ---------------------------------------------------------

  function newRoleName() {
    const name = `AWSProtonEnvironmentRole-${$('environment-name').value.trim() || 'ENVIRONMENT'}`;
    return name.slice(0, 64);
  }

  function roleArn() {
    if ($('role-new').checked) {
      return `arn:${partition()}:iam::${state.account}:role/service-role/${newRoleName()}`;
    }
    const given = $('existing-role').value.trim();
    if (given.startsWith('arn:')) return given;
    return `arn:${partition()}:iam::${state.account}:role/${given}`;
  }

  function updateRolePreview() {
    const existing = $('role-existing').checked;
    $('existing-role').disabled = !existing;
    $('new-role-preview').textContent = existing ? '' : `Role to be created: ${roleArn()}`;
  }

  async function submitRequest(event) {
    event.preventDefault();
    clearFlash();
    const body = {
      environmentName: $('environment-name').value.trim(),
      managementAccountId: $('management-account').value.trim(),
      roleArn: roleArn(),
    };
    const button = $('submit-request');
    button.disabled = true;
    try {
      const reply = await call('CreateEnvironmentAccountConnection', body);
      const connection = reply.environmentAccountConnection;
      $('request-form').reset();
      updateRolePreview();
      state.selectedSent = connection.id;
      location.hash = '#/';
      await refresh();
      $('sent-modal-text').textContent =
        `Your request ${connection.id} to connect environment ${connection.environmentName} is ${connection.status}. ` +
        `To accept it, in the management account ${connection.managementAccountId}, in Region ${connection.region || state.region}, ` +
        'choose Environment account connections, choose the request in the Environment account connection requests ' +
        `table, and choose Accept. Here: switch the account in the heading to ${connection.managementAccountId}.`;
      openModal('sent-modal', 'sent-modal-close');
    } catch (err) {
      showError(err);
      $('error').scrollIntoView({ block: 'nearest' });
    } finally {
      button.disabled = false;
    }
  }

  // ---- views, events, keyboard -------------------------------------------------------------

  function route() {
    const request = location.hash === '#/request';
    $('view-list').hidden = request;
    $('view-request').hidden = !request;
    if (request) {
      updateRolePreview();
      $('environment-name').focus();
    }
  }

  async function follow() {
    const generation = state.generation;
    // A page that has just read its tables follows from the caller's newest event, rather than
    // replaying the whole history; it reads the tables once more in case one came in between.
    const starting = state.lastSeq === null;
    try {
      const response = await fetch(`/events?after=${starting ? 'newest' : state.lastSeq}`, {
        headers: { Authorization: authorization() },
        cache: 'no-store',
      });
      const answer = await answerOf(response);
      if (generation === state.generation) {
        $('live').classList.remove('off');
        $('live').title = 'Changes made elsewhere show here within a second';
        const changed = starting || answer.events.length > 0;
        state.lastSeq = answer.last;
        if (changed) await refresh();
      }
    } catch (err) {
      $('live').classList.add('off');
      $('live').title = `Not following changes: ${err.code || ''} ${err.message || err}`;
    }
    setTimeout(follow, POLL_MS);
  }

  function trapFocus(event) {
    const modal = openModalNow();
    if (!modal) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      closeModals();
      return;
    }
    if (event.key !== 'Tab') return;
    const buttons = [...modal.querySelectorAll('button')];
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    } else if (!modal.contains(document.activeElement)) {
      event.preventDefault();
      first.focus();
    }
  }

  function start() {
    readCaller();
    showCaller();
    $('switcher').addEventListener('submit', switchCaller);
    $('open-request').addEventListener('click', () => { clearFlash(); location.hash = '#/request'; });
    $('cancel-request').addEventListener('click', () => { clearFlash(); location.hash = '#/'; });
    $('request-form').addEventListener('submit', submitRequest);
    for (const id of ['role-new', 'role-existing', 'environment-name']) {
      $(id).addEventListener('input', updateRolePreview);
      $(id).addEventListener('change', updateRolePreview);
    }
    $('accept').addEventListener('click', () => act('AcceptEnvironmentAccountConnection', 'requests', 'Accepted'));
    $('reject').addEventListener('click', () => act('RejectEnvironmentAccountConnection', 'requests', 'Rejected'));
    $('delete').addEventListener('click', askDelete);
    $('delete-cancel').addEventListener('click', closeModals);
    $('delete-confirm').addEventListener('click', confirmDelete);
    $('sent-modal-close').addEventListener('click', closeModals);
    $('modal-backdrop').addEventListener('click', closeModals);
    document.addEventListener('keydown', trapFocus);
    window.addEventListener('hashchange', route);
    route();
    refresh().then(follow);
  }

  start();
})();
