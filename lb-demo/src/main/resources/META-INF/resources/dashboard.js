// lb-demo dashboard: polls the admin API once a second and draws it. No frameworks, no build step.
// Every string from the API goes into the page as text (textContent, createTextNode), never parsed as HTML.
(function () {
  'use strict';

  var POLL_MS = 1000;
  var FETCH_TIMEOUT_MS = 2500;
  var MAX_ROWS = 100;
  var ALGORITHMS = ['round-robin', 'weighted-round-robin', 'least-connections', 'random-two-choices',
    'source-hash', 'maglev'];
  var STATES = ['UP', 'DRAINING', 'MAINT'];
  // The admin token (lb.auth.token), when the API asks for one: kept for this tab only.
  var TOKEN_KEY = 'lb-demo-admin-token';

  // Per-pool header controls live across polls so an open <select> is not replaced under the user's mouse.
  var poolCards = {};
  // The last message per pool (API error text or "done"), kept across redraws.
  var poolMessages = {};
  var loadedOnce = false;

  // ---- DOM helpers -------------------------------------------------------------------------------

  /** h('td', {className: 'num'}, 'text', childNode, ...): children are text (escaped) or nodes. */
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null) return;
        if (k === 'className') el.className = v;
        else if (k === 'onclick' || k === 'onchange') el[k] = v;
        else if (k === 'style') el.setAttribute('style', v);
        else if (k === 'disabled' || k === 'selected' || k === 'checked' || k === 'hidden') el[k] = !!v;
        else el.setAttribute(k, String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function append(el, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  function replace(el, child) {
    while (el.firstChild) el.removeChild(el.firstChild);
    append(el, child);
  }

  function $(id) { return document.getElementById(id); }

  /** A CSS-class-safe state name (the API's state becomes part of a class name). */
  function stateClass(state) {
    return STATES.concat(['DOWN']).indexOf(state) >= 0 ? state : 'MAINT';
  }

  // ---- formatting --------------------------------------------------------------------------------

  function num(n) {
    if (typeof n !== 'number' || !isFinite(n)) return '–';
    return n.toLocaleString('en-US');
  }

  function bytes(n) {
    if (typeof n !== 'number' || !isFinite(n)) return '–';
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + ' ' + units[i];
  }

  function duration(ms) {
    if (typeof ms !== 'number' || !isFinite(ms)) return '–';
    if (ms < 1000) return Math.round(ms) + ' ms';
    var s = ms / 1000;
    if (s < 60) return s.toFixed(1) + ' s';
    var m = Math.floor(s / 60);
    if (m < 60) return m + ' m ' + Math.floor(s % 60) + ' s';
    return Math.floor(m / 60) + ' h ' + (m % 60) + ' m';
  }

  function arr(x) { return Array.isArray(x) ? x : []; }

  // ---- API ---------------------------------------------------------------------------------------

  /** fetch with a timeout; resolves {ok, status, body} (body parsed as JSON when it is JSON). */
  function api(method, path, body) {
    var ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = ctrl ? setTimeout(function () { ctrl.abort(); }, method === 'POST' ? 120000 : FETCH_TIMEOUT_MS) : null;
    var opts = { method: method, headers: { 'Accept': 'application/json' }, cache: 'no-store' };
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (token) opts.headers['Authorization'] = 'Bearer ' + token;
    if (ctrl) opts.signal = ctrl.signal;
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (res) {
      return res.text().then(function (text) {
        var parsed = text;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { /* not JSON: keep the text */ }
        return { ok: res.ok, status: res.status, body: parsed };
      });
    }).finally(function () { if (timer) clearTimeout(timer); });
  }

  /** The error text of a failed answer: the API's {"error","field"} body, or the status. */
  function errorText(res) {
    var b = res.body;
    if (b && typeof b === 'object' && typeof b.error === 'string') {
      return res.status + ': ' + b.error + (b.field ? ' (field: ' + b.field + ')' : '');
    }
    if (typeof b === 'string' && b.trim()) return res.status + ': ' + b.trim().slice(0, 300);
    return 'HTTP ' + res.status;
  }

  function networkText(err) {
    return 'admin API unreachable (' + (err && err.name === 'AbortError' ? 'timed out' : (err && err.message) || err) + ')';
  }

  // ---- polling -----------------------------------------------------------------------------------

  function poll() {
    Promise.all([api('GET', 'frontends'), api('GET', 'pools'), api('GET', 'connections')])
      .then(function (r) {
        var bad = r.filter(function (x) { return !x.ok; });
        $('auth').hidden = !bad.some(function (x) { return x.status === 401; });
        if (bad.length) throw new Error(errorText(bad[0]));
        setReachable(true, '');
        renderAll(arr(r[0].body), arr(r[1].body), r[2].body || {});
      })
      .catch(function (err) { setReachable(false, networkText(err)); })
      .then(function () { setTimeout(poll, POLL_MS); });
  }

  function setReachable(ok, why) {
    var pill = $('api-status');
    pill.className = 'pill ' + (ok ? 'pill-ok' : 'pill-bad');
    pill.textContent = ok ? 'live' : 'admin API unreachable';
    pill.title = why || '';
    var banner = $('unreachable');
    banner.hidden = ok;
    if (ok) loadedOnce = true;
    else banner.textContent = (!$('auth').hidden ? 'admin API needs a token (lb.auth.token): enter it above'
      : 'admin API unreachable — retrying every second')
      + (loadedOnce ? ' (the figures below are the last ones seen)' : '');
    document.body.classList.toggle('stale', !ok);
    if (ok) $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  }

  function renderAll(frontends, pools, connections) {
    renderFrontends(frontends);
    renderPools(pools, frontends);
    renderTcp(arr(connections.tcp));
    renderHttp(arr(connections.http));
    renderUdp(arr(connections.udp), frontends);
  }

  // ---- frontends ---------------------------------------------------------------------------------

  function renderFrontends(frontends) {
    if (!frontends.length) { replace($('frontends'), h('div', { className: 'empty' }, 'no frontends')); return; }
    var rows = frontends.map(function (f) {
      return h('tr', null,
        h('td', { className: 'addr' }, f.name),
        h('td', null, h('span', { className: 'proto' }, f.protocol)),
        h('td', { className: 'mono' }, (f.bind || '') + ':' + f.port, f.bound === false ? ' (not bound)' : ''),
        h('td', null, f.pool),
        h('td', { className: 'num' }, num(f.activeConnections)),
        h('td', { className: 'num' }, num(f.totalConnections)),
        h('td', { className: 'num' }, bytes(f.bytesIn)),
        h('td', { className: 'num' }, bytes(f.bytesOut)),
        h('td', { className: 'num' }, num(f.rejectedAtLimit)),
        h('td', { className: 'num' }, num(f.noBackend)),
        h('td', { className: 'num', title: dropReasons(f.dropped) }, num(dropTotal(f.dropped))),
        h('td', { className: 'num' }, num(f.timeouts)));
    });
    replace($('frontends'), h('table', null,
      h('thead', null, h('tr', null,
        h('th', null, 'frontend'), h('th', null, 'protocol'), h('th', null, 'listens on'), h('th', null, 'pool'),
        h('th', { className: 'num' }, 'active'), h('th', { className: 'num' }, 'total'),
        h('th', { className: 'num', title: 'client → backend' }, 'bytes in'),
        h('th', { className: 'num', title: 'backend → client' }, 'bytes out'),
        h('th', { className: 'num', title: 'closed at max-connections / dropped at max-sessions' }, 'rejected at limit'),
        h('th', { className: 'num', title: 'no eligible backend' }, 'no backend'),
        h('th', { className: 'num', title: 'every refusal and drop, by reason (hover a figure)' }, 'dropped'),
        h('th', { className: 'num' }, 'timeouts'))),
      h('tbody', null, rows)));
  }

  function dropTotal(dropped) {
    if (!dropped || typeof dropped !== 'object') return undefined;
    return Object.keys(dropped).reduce(function (sum, k) { return sum + (Number(dropped[k]) || 0); }, 0);
  }

  // "refused: 3, timeout: 1": counts by reason (drops, failed connects), the zeros left out
  function dropReasons(dropped) {
    if (!dropped || typeof dropped !== 'object') return '';
    return Object.keys(dropped).filter(function (k) { return dropped[k] > 0; })
      .map(function (k) { return k + ': ' + dropped[k]; }).join(', ') || 'none';
  }

  // ---- pools -------------------------------------------------------------------------------------

  function poolCard(name) {
    if (poolCards[name]) return poolCards[name];
    var select = h('select', { 'aria-label': 'algorithm of pool ' + name });
    ALGORITHMS.forEach(function (a) { select.appendChild(h('option', { value: a }, a)); });
    var apply = h('button', { type: 'button' }, 'Set algorithm');
    var card = {
      root: h('div', { className: 'pool' }),
      title: h('span', { className: 'pool-name' }, name),
      meta: h('span', { className: 'pool-meta' }),
      select: select,
      dirty: false,
      message: h('div'),
      body: h('div')
    };
    select.onchange = function () { card.dirty = true; };
    apply.onclick = function () {
      var algorithm = select.value;
      apply.disabled = true;
      api('PUT', 'pools/' + encodeURIComponent(name) + '/algorithm', { algorithm: algorithm })
        .then(function (res) {
          poolMessages[name] = res.ok ? { ok: true, text: 'algorithm set to ' + algorithm }
            : { ok: false, text: errorText(res) };
          if (res.ok) card.dirty = false;
        })
        .catch(function (err) { poolMessages[name] = { ok: false, text: networkText(err) }; })
        .then(function () { apply.disabled = false; showMessage(name); });
    };
    append(card.root, [
      h('div', { className: 'pool-head' }, card.title, h('span', { className: 'proto' }, 'pool'), card.meta,
        h('span', { className: 'spacer' }),
        h('span', { className: 'algo-ctl' }, h('label', { className: 'pool-meta' }, 'algorithm '), select, apply)),
      card.message, card.body]);
    poolCards[name] = card;
    return card;
  }

  function showMessage(pool) {
    var card = poolCards[pool];
    var m = poolMessages[pool];
    if (!card) return;
    replace(card.message, m ? h('div', { className: m.ok ? 'ok-msg' : 'error', role: 'status' }, m.text) : null);
  }

  function renderPools(pools, frontends) {
    var container = $('pools');
    var seen = {};
    Array.prototype.slice.call(container.children).forEach(function (c) {
      if (!c.classList.contains('pool')) container.removeChild(c); // the "no pools" note
    });
    pools.forEach(function (p) {
      var card = poolCard(p.name);
      seen[p.name] = true;
      var usedBy = frontends.filter(function (f) { return f.pool === p.name; })
        .map(function (f) { return f.name + ' (' + f.protocol + ' :' + f.port + ')'; });
      card.meta.textContent = 'algorithm ' + p.algorithm + ' · PROXY ' + p.proxyProtocol
        + (p.maxConnectionsPerBackend ? ' · max ' + p.maxConnectionsPerBackend + ' conn/backend' : '')
        + (usedBy.length ? ' · frontends: ' + usedBy.join(', ') : '');
      if (!card.dirty && document.activeElement !== card.select) card.select.value = p.algorithm;
      replace(card.body, backendTable(p));
      showMessage(p.name);
      if (card.root.parentNode !== container) container.appendChild(card.root);
    });
    Object.keys(poolCards).forEach(function (name) {
      if (!seen[name]) { container.removeChild(poolCards[name].root); delete poolCards[name]; }
    });
    pools.forEach(function (p) { container.appendChild(poolCards[p.name].root); }); // keep API order
    if (!pools.length) replace(container, h('div', { className: 'empty' }, 'no pools'));
  }

  function backendTable(pool) {
    var backends = arr(pool.backends);
    if (!backends.length) return h('div', { className: 'empty' }, 'no backends');
    var maxActive = Math.max.apply(null, backends.map(function (b) { return b.activeConnections || 0; }).concat([1]));
    var rows = backends.map(function (b) {
      var st = stateClass(b.state);
      var pct = Math.round(100 * (b.activeConnections || 0) / maxActive);
      var buttons = STATES.map(function (target) {
        return h('button', {
          type: 'button', className: 'b-' + target, disabled: b.state === target,
          title: 'PUT /pools/' + pool.name + '/backends/' + b.address + '/state {"state":"' + target + '"}',
          onclick: function (ev) { setState(pool.name, b.address, target, ev.target); }
        }, target);
      });
      return h('tr', { className: 'backend row-' + st },
        h('td', { className: 'addr mono' }, b.address),
        h('td', null, h('span', { className: 'badge st-' + st }, b.state)),
        h('td', { className: 'num' }, num(b.weight)),
        h('td', { className: 'num' }, h('div', { className: 'active-cell' },
          h('span', { className: 'bar', title: num(b.activeConnections) + ' active' },
            h('span', { className: 'bar-fill', style: 'width:' + pct + '%' })),
          h('span', null, num(b.activeConnections)))),
        h('td', { className: 'num' }, num(b.totalConnections)),
        h('td', { className: 'num' }, bytes(b.bytesIn)),
        h('td', { className: 'num' }, bytes(b.bytesOut)),
        h('td', { className: 'num', title: dropReasons(b.failuresByReason) }, num(b.failures)),
        h('td', { className: 'check', title: b.lastCheck }, b.lastCheck),
        h('td', null, h('div', { className: 'actions' }, buttons)));
    });
    return h('table', null,
      h('thead', null, h('tr', null,
        h('th', null, 'backend'), h('th', null, 'state'), h('th', { className: 'num' }, 'weight'),
        h('th', { className: 'num' }, 'active'), h('th', { className: 'num' }, 'total'),
        h('th', { className: 'num' }, 'bytes in'), h('th', { className: 'num' }, 'bytes out'),
        h('th', { className: 'num' }, 'failures'), h('th', null, 'last check'), h('th', null, 'set state'))),
      h('tbody', null, rows));
  }

  function setState(pool, address, state, button) {
    button.disabled = true;
    api('PUT', 'pools/' + encodeURIComponent(pool) + '/backends/' + encodeURIComponent(address) + '/state',
      { state: state })
      .then(function (res) {
        poolMessages[pool] = res.ok ? { ok: true, text: address + ' set to ' + state }
          : { ok: false, text: errorText(res) };
      })
      .catch(function (err) { poolMessages[pool] = { ok: false, text: networkText(err) }; })
      .then(function () { showMessage(pool); });
  }

  // ---- connections -------------------------------------------------------------------------------

  function capped(rows, total, what) {
    return total > rows.length ? h('div', { className: 'more' }, 'showing the oldest ' + rows.length + ' of '
      + num(total) + ' ' + what) : null;
  }

  function oldestFirst(list) {
    return list.slice().sort(function (a, b) { return (b.ageMs || 0) - (a.ageMs || 0); }).slice(0, MAX_ROWS);
  }

  function renderTcp(tcp) {
    if (!tcp.length) { replace($('tcp'), h('div', { className: 'empty' }, 'no open TCP connections')); return; }
    var shown = oldestFirst(tcp);
    replace($('tcp'), [h('table', null,
      h('thead', null, h('tr', null,
        h('th', null, 'client'), h('th', { className: 'arrow' }), h('th', null, 'frontend'), h('th', { className: 'arrow' }),
        h('th', null, 'backend'), h('th', null, 'state'),
        h('th', { className: 'num', title: 'client → backend' }, 'bytes in'),
        h('th', { className: 'num', title: 'backend → client' }, 'bytes out'),
        h('th', { className: 'num' }, 'age'))),
      h('tbody', null, shown.map(function (c) {
        return h('tr', null,
          h('td', { className: 'mono' }, c.client), h('td', { className: 'arrow' }, '→'),
          h('td', null, c.frontend), h('td', { className: 'arrow' }, '→'),
          h('td', { className: 'mono' }, c.backend || '(choosing)'), h('td', null, c.state),
          h('td', { className: 'num' }, bytes(c.bytesIn)), h('td', { className: 'num' }, bytes(c.bytesOut)),
          h('td', { className: 'num' }, duration(c.ageMs)));
      }))), capped(shown, tcp.length, 'connections')]);
  }

  function renderHttp(http) {
    if (!http.length) { replace($('http'), h('div', { className: 'empty' }, 'no open HTTP connections')); return; }
    var shown = oldestFirst(http);
    replace($('http'), [h('table', null,
      h('thead', null, h('tr', null,
        h('th', null, 'client'), h('th', { className: 'arrow' }), h('th', null, 'frontend'), h('th', null, 'protocol'),
        h('th', { title: 'the backend of the request in progress' }, 'backend'), h('th', null, 'state'),
        h('th', { className: 'num', title: 'requests (h2c: streams) finished on this connection' }, 'requests'),
        h('th', { className: 'num', title: 'bytes from the client' }, 'bytes in'),
        h('th', { className: 'num', title: 'bytes to the client' }, 'bytes out'),
        h('th', { className: 'num' }, 'age'))),
      h('tbody', null, shown.map(function (c) {
        return h('tr', null,
          h('td', { className: 'mono' }, c.client), h('td', { className: 'arrow' }, '→'),
          h('td', null, c.frontend), h('td', null, c.protocol),
          h('td', { className: 'mono' }, c.backend || '-'), h('td', null, c.state),
          h('td', { className: 'num' }, String(c.requests)),
          h('td', { className: 'num' }, bytes(c.bytesIn)), h('td', { className: 'num' }, bytes(c.bytesOut)),
          h('td', { className: 'num' }, duration(c.ageMs)));
      }))), capped(shown, http.length, 'connections')]);
  }

  /** Time to expiry when the API gives it (expiresInMs), or session timeout minus idle when it gives that. */
  function expiresIn(s, frontends) {
    if (typeof s.expiresInMs === 'number') return s.expiresInMs;
    var f = frontends.filter(function (x) { return x.name === s.frontend; })[0];
    var timeout = (typeof s.sessionTimeoutMs === 'number') ? s.sessionTimeoutMs
      : (f && typeof f.sessionTimeoutMs === 'number') ? f.sessionTimeoutMs : null;
    return timeout === null || typeof s.idleMs !== 'number' ? null : Math.max(0, timeout - s.idleMs);
  }

  function renderUdp(udp, frontends) {
    if (!udp.length) { replace($('udp'), h('div', { className: 'empty' }, 'no UDP sessions')); return; }
    var shown = oldestFirst(udp);
    var anyExpiry = shown.some(function (s) { return expiresIn(s, frontends) !== null; });
    replace($('udp'), [h('table', null,
      h('thead', null, h('tr', null,
        h('th', null, 'client'), h('th', { className: 'arrow' }), h('th', null, 'frontend'), h('th', { className: 'arrow' }),
        h('th', null, 'backend'),
        h('th', { className: 'num', title: 'the session\'s own upstream (NAT source) port' }, 'upstream port'),
        h('th', { className: 'num' }, 'packets in / out'),
        h('th', { className: 'num' }, 'bytes in'), h('th', { className: 'num' }, 'bytes out'),
        h('th', { className: 'num' }, 'age'),
        h('th', { className: 'num', title: 'time since the last datagram; the session expires after udp.session-timeout of this' }, 'idle'),
        anyExpiry ? h('th', { className: 'num' }, 'expires in') : null)),
      h('tbody', null, shown.map(function (s) {
        var exp = expiresIn(s, frontends);
        return h('tr', null,
          h('td', { className: 'mono' }, s.client), h('td', { className: 'arrow' }, '→'),
          h('td', null, s.frontend), h('td', { className: 'arrow' }, '→'),
          h('td', { className: 'mono' }, s.backend), h('td', { className: 'num mono' }, String(s.upstreamPort)),
          h('td', { className: 'num' }, num(s.packetsIn) + ' / ' + num(s.packetsOut)),
          h('td', { className: 'num' }, bytes(s.bytesIn)), h('td', { className: 'num' }, bytes(s.bytesOut)),
          h('td', { className: 'num' }, duration(s.ageMs)), h('td', { className: 'num' }, duration(s.idleMs)),
          anyExpiry ? h('td', { className: 'num' }, exp === null ? '–' : duration(exp)) : null);
      }))), capped(shown, udp.length, 'sessions')]);
  }

  // ---- the admin token -------------------------------------------------------------------------

  function useToken(ev) {
    ev.preventDefault();
    var value = $('auth-token').value.trim();
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
    $('auth-token').value = '';
  }

  // ---- the L4 vs L7 experiment -------------------------------------------------------------------

  function runExperiment(ev) {
    ev.preventDefault();
    var button = $('exp-run');
    var status = $('exp-status');
    var body = {
      requests: Number($('exp-requests').value),
      concurrency: Number($('exp-concurrency').value),
      keepAlive: $('exp-keepalive').checked,
      proxyProtocol: $('exp-proxy').checked
    };
    var started = Date.now();
    var ticker = setInterval(function () { status.textContent = 'running… ' + duration(Date.now() - started); }, 250);
    button.disabled = true;
    $('exp-error').hidden = true;
    status.textContent = 'running…';
    api('POST', 'experiments/l4-vs-l7', body)
      .then(function (res) {
        if (!res.ok) { showExpError(errorText(res)); return; }
        status.textContent = 'done';
        renderExperiment(res.body || {});
      })
      .catch(function (err) { showExpError(networkText(err)); })
      .then(function () { clearInterval(ticker); button.disabled = false; if (/^running/.test(status.textContent)) status.textContent = ''; });
  }

  function showExpError(text) {
    var e = $('exp-error');
    e.textContent = text;
    e.hidden = false;
  }

  function mapEntries(m) {
    return m && typeof m === 'object' ? Object.keys(m).sort().map(function (k) { return [k, m[k]]; }) : [];
  }

  function renderExperiment(r) {
    var paths = arr(r.paths);
    // One scale for every path so the bars compare across paths.
    var maxCount = 1;
    paths.forEach(function (p) { mapEntries(p.distribution).forEach(function (e) { maxCount = Math.max(maxCount, e[1]); }); });
    var summary = h('div', { className: 'exp-summary' },
      num(r.requests) + ' requests per path, ' + num(r.concurrency) + ' concurrent connection(s), keep-alive '
      + (r.keepAlive ? 'on' : 'off') + (r.proxyProtocol ? ', with the PROXY path' : '') + ' — '
      + duration(r.durationMs) + (r.partial ? ' — PARTIAL: stopped at the ' + duration(r.maxDurationMs) + ' cap' : ''));
    var cards = paths.map(function (p) {
      var dist = mapEntries(p.distribution);
      var spread = p.backendsPerConnection || {};
      var lat = p.latencyMs || {};
      var seen = mapEntries(p.clientAddressSeen).map(function (e) { return e[0] + ' ×' + e[1]; }).join(', ');
      var real = mapEntries(p.realClient).map(function (e) { return e[0]; }).join(', ');
      var errors = mapEntries(p.errors).map(function (e) { return e[0] + ' ×' + e[1]; }).join('; ');
      return h('div', { className: 'exp-path' },
        h('h3', null, p.path, h('small', null, p.frontend + ' ' + p.target)),
        h('div', { className: 'muted' }, 'requests per backend'),
        dist.length ? h('div', { className: 'dist' }, dist.map(function (e) {
          return [h('span', { className: 'mono' }, e[0]),
            h('span', { className: 'bar' }, h('span', { className: 'bar-fill', style: 'width:' + Math.round(100 * e[1] / maxCount) + '%' })),
            h('span', { className: 'num' }, num(e[1]))];
        })) : h('div', { className: 'empty' }, 'no successful request'),
        h('dl', { className: 'kv' },
          h('dt', null, 'requests ok / failed'), h('dd', null, num(p.completed) + ' / ' + num(p.failed)),
          errors ? [h('dt', null, 'errors'), h('dd', { className: 'error' }, errors)] : null,
          h('dt', null, 'client connections'), h('dd', null, num(p.connections)),
          h('dt', null, 'backends per connection'),
          h('dd', null, (typeof spread.mean === 'number' ? spread.mean.toFixed(2) : '–')
            + ' (min ' + num(spread.min) + ', max ' + num(spread.max) + ')'),
          h('dt', null, 'client address seen'), h('dd', null, (seen || '(none)') + ' via ' + p.clientAddressSource),
          h('dt', null, 'real client'), h('dd', null, real || '–'),
          h('dt', null, 'backend saw the client?'),
          h('dd', { className: p.sawRealClient ? 'yes' : 'no' }, p.sawRealClient ? 'yes' : 'NO'),
          h('dt', null, 'latency p50 / p99 / max'),
          h('dd', null, [lat.p50, lat.p99, lat.max].map(function (x) { return typeof x === 'number' ? x.toFixed(2) : '–'; }).join(' / ') + ' ms')));
    });
    replace($('exp-result'), [summary, h('div', { className: 'exp-paths' }, cards),
      h('h3', null, 'Lessons'),
      h('ul', { className: 'lessons' }, arr(r.lessons).map(function (l) { return h('li', null, l); }))]);
  }

  // ---- start -------------------------------------------------------------------------------------

  $('experiment-form').addEventListener('submit', runExperiment);
  $('auth').addEventListener('submit', useToken);
  poll();
  // /#run-experiment runs the experiment with the form's defaults once the page is up (links, screenshots).
  if (location.hash === '#run-experiment') $('exp-run').click();
})();
