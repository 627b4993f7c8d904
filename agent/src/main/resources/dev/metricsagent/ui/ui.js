// The live page's refresh: every 5 s, /-/routes.json re-renders what the server rendered (the
// same elements, classes and number formats as PageHtml.java and Format.java). Text from the
// app only ever goes through textContent / setAttribute, never through HTML parsing.
(function () {
  'use strict';
  var table = document.getElementById('routes');
  if (!table) {
    return;
  }
  document.documentElement.setAttribute('data-script', 'on'); // the page runs its script
  var SVG = 'http://www.w3.org/2000/svg';
  var SPAN = 15 * 60 * 1000;
  var W = 560, H = 130, X0 = 48, Y0 = 110, Y1 = 8;
  var NONE = '\u2013';
  var params = new URLSearchParams(location.search);
  var state = {
    sort: table.getAttribute('data-sort') || 'route',
    dir: table.getAttribute('data-dir') || 'asc',
    route: params.get('route'),
    data: null
  };

  function fixed(v, d) { return v.toFixed(d); }
  function rate(v) {
    if (v === null) { return NONE; }
    if (v === 0) { return '0'; }
    return fixed(v, v < 10 ? 2 : 1);
  }
  function percent(v) {
    if (v === null) { return NONE; }
    if (v === 0) { return '0%'; }
    var p = v * 100;
    return fixed(p, p < 10 ? 1 : 0) + '%';
  }
  function seconds(v) {
    if (v === null) { return NONE; }
    var ms = v * 1000;
    if (ms < 10) { return fixed(ms, ms < 1 ? 2 : 1) + ' ms'; }
    if (ms < 1000) { return fixed(ms, 0) + ' ms'; }
    return fixed(v, v < 10 ? 2 : 1) + ' s';
  }
  function mib(v) { return v === null ? NONE : fixed(v / (1024 * 1024), 0) + ' MiB'; }
  function uptime(v) {
    if (v === null || v < 0) { return NONE; }
    var s = Math.floor(v);
    if (s >= 86400) { return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h'; }
    if (s >= 3600) { return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min'; }
    if (s >= 60) { return Math.floor(s / 60) + ' min ' + (s % 60) + ' s'; }
    return s + ' s';
  }
  function count(v) { return v === null ? NONE : String(Math.floor(v)); }
  function quantile(q) {
    if (q === null) { return NONE; }
    return q.hi === null ? '> ' + seconds(q.lo) : seconds(q.v);
  }
  function bucket(q) {
    if (q === null) { return 'no requests in the last 5 minutes'; }
    if (q.hi === null) {
      return 'above the highest bucket bound (' + seconds(q.lo) +
        '): at least this, the histogram cannot say more';
    }
    return 'estimate: the histogram bucket is ' + seconds(q.lo) + ' to ' + seconds(q.hi) +
      ', interpolated linearly as histogram_quantile does';
  }
  function clock(ms) { return new Date(ms).toISOString().substring(11, 19) + ' UTC'; }

  function el(name, cls, text) {
    var e = document.createElement(name);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function svg(name, attrs) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    return e;
  }
  function setText(id, text) {
    var e = document.getElementById(id);
    if (e) { e.textContent = text; }
  }
  function query(extra) {
    var p = new URLSearchParams();
    if (state.sort !== 'route' || state.dir !== 'asc') {
      p.set('sort', state.sort);
      p.set('dir', state.dir);
    }
    if (state.route) { p.set('route', state.route); }
    for (var k in extra) { p.set(k, extra[k]); }
    var s = p.toString();
    return s ? '?' + s : '?';
  }

  function value(r, key) {
    var v;
    switch (key) {
      case 'r1': v = r.rate1m; break;
      case 'r5': v = r.rate5m; break;
      case 'total': v = r.total; break;
      case 'e4': v = r.clientErrors; break;
      case 'e5': v = r.serverErrors; break;
      case 'p50': v = r.p50 && r.p50.v; break;
      case 'p95': v = r.p95 && r.p95.v; break;
      case 'p99': v = r.p99 && r.p99.v; break;
      case 'inprog': v = r.inProgress; break;
      default: v = 0;
    }
    return v === null || v === undefined ? -1 : v;
  }
  function byRoute(a, b) {
    if (a.endpoint !== b.endpoint) { return a.endpoint < b.endpoint ? -1 : 1; }
    return a.method < b.method ? -1 : a.method > b.method ? 1 : 0;
  }
  function sorted(rows) {
    var key = state.sort, sign = state.dir === 'desc' ? -1 : 1;
    return rows.slice().sort(function (a, b) {
      var c = key === 'route' ? 0 : value(a, key) - value(b, key);
      if (c === 0) { c = byRoute(a, b); }
      return sign * (c < 0 ? -1 : c > 0 ? 1 : 0);
    });
  }

  function cell(cls, text, title) {
    var td = el('td', 'num ' + cls, text);
    if (title) { td.title = title; }
    return td;
  }
  function row(r) {
    var tr = el('tr');
    tr.setAttribute('data-route', r.key);
    var cls = [];
    if (r.neverCalled) { cls.push('never'); }
    if (r.fixed) { cls.push('fixed'); }
    if (r.failureLevel > 0) { cls.push('failing'); }
    if (r.slowest) { cls.push('slowest'); }
    if (r.key === state.route) { cls.push('selected'); }
    if (cls.length) { tr.className = cls.join(' '); }
    var td = el('td', 'route');
    var a = el('a');
    a.href = '?route=' + encodeURIComponent(r.key);
    a.appendChild(el('span', 'method', r.method));
    a.appendChild(document.createTextNode(' '));
    a.appendChild(el('span', 'endpoint', r.endpoint));
    td.appendChild(a);
    if (r.neverCalled) {
      td.appendChild(document.createTextNode(' '));
      td.appendChild(el('span', 'badge never', 'never called'));
    }
    if (r.fixed) {
      td.appendChild(document.createTextNode(' '));
      td.appendChild(el('span', 'badge fixed', 'no route'));
    }
    tr.appendChild(td);
    var recent = r.requests5m + ' requests in the last 5 minutes';
    tr.appendChild(cell('r1', rate(r.rate1m)));
    tr.appendChild(cell('r5', rate(r.rate5m)));
    tr.appendChild(cell('total', String(r.total)));
    tr.appendChild(cell('e4 l' + r.clientErrorLevel, percent(r.clientErrors), recent));
    tr.appendChild(cell('e5 l' + r.failureLevel, percent(r.serverErrors), recent));
    tr.appendChild(cell('p50', quantile(r.p50), bucket(r.p50)));
    var p95 = cell('p95', quantile(r.p95), bucket(r.p95));
    var bar = svg('svg', {'class': 'bar', viewBox: '0 0 100 4', preserveAspectRatio: 'none',
      'aria-hidden': 'true'});
    var w = Math.round(Math.max(0, Math.min(1, r.slowness || 0)) * 100);
    bar.appendChild(svg('rect', {width: w, height: 4}));
    p95.appendChild(bar);
    tr.appendChild(p95);
    tr.appendChild(cell('p99', quantile(r.p99), bucket(r.p99)));
    tr.appendChild(cell('inprog', String(r.inProgress)));
    return tr;
  }

  function chart(at, values, now, isSeconds) {
    var max = 0, i;
    for (i = 0; i < values.length; i++) {
      if (values[i] !== null) { max = Math.max(max, values[i]); }
    }
    var top = max > 0 ? max * 1.15 : isSeconds ? 0.01 : 1;
    var s = svg('svg', {'class': 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img'});
    s.appendChild(svg('path', {'class': 'grid',
      d: 'M' + X0 + ' ' + Y0 + 'H' + W + 'M' + X0 + ' ' + Y1 + 'H' + W}));
    var t = svg('text', {'class': 'axis', x: X0 - 4, y: Y1 + 4});
    t.textContent = isSeconds ? seconds(top) : rate(top);
    s.appendChild(t);
    t = svg('text', {'class': 'axis', x: X0 - 4, y: Y0});
    t.textContent = '0';
    s.appendChild(t);
    t = svg('text', {'class': 'axis start', x: X0, y: H - 2});
    t.textContent = '\u221215 min';
    s.appendChild(t);
    t = svg('text', {'class': 'axis end', x: W, y: H - 2});
    t.textContent = 'now';
    s.appendChild(t);
    var d = '', pen = false;
    for (i = 0; i < values.length; i++) {
      var f = values[i];
      if (f === null) { pen = false; continue; }
      var x = X0 + (W - X0) * (1 - (now - at[i]) / SPAN);
      var y = Y0 - (Y0 - Y1) * (f / top);
      if (x < X0) { continue; }
      d += (pen ? 'L' : 'M') + Math.round(x * 10) / 10 + ' ' + Math.round(y * 10) / 10;
      if (!pen) { d += 'h0'; } // a point alone still shows (round caps)
      pen = true;
    }
    s.appendChild(svg('path', {'class': 'line', d: d}));
    return s;
  }
  function replace(id, child) {
    var box = document.getElementById(id);
    if (box) {
      while (box.firstChild) { box.removeChild(box.firstChild); }
      box.appendChild(child);
    }
  }

  function renderHeader() {
    var ths = table.tHead.rows[0].cells;
    for (var i = 0; i < ths.length; i++) {
      var col = ths[i].getAttribute('data-col');
      var a = ths[i].querySelector('a');
      if (col === state.sort) {
        ths[i].setAttribute('aria-sort', state.dir === 'desc' ? 'descending' : 'ascending');
      } else {
        ths[i].removeAttribute('aria-sort');
      }
      var next = col === state.sort ? (state.dir === 'desc' ? 'asc' : 'desc')
        : (col === 'route' ? 'asc' : 'desc');
      var p = new URLSearchParams();
      p.set('sort', col);
      p.set('dir', next);
      if (state.route) { p.set('route', state.route); }
      a.setAttribute('href', '?' + p.toString());
    }
    table.setAttribute('data-sort', state.sort);
    table.setAttribute('data-dir', state.dir);
  }

  function render(data) {
    state.data = data;
    setText('updated', clock(data.at));
    setText('history', uptime(data.historySeconds));
    var p = data.process;
    setText('p-uptime', uptime(p.uptimeSeconds));
    setText('p-cpu', percent(p.cpu));
    setText('p-rss', mib(p.residentBytes));
    setText('p-heap', mib(p.heapUsedBytes) + (p.heapMaxBytes > 0 ? ' / ' + mib(p.heapMaxBytes) : ''));
    setText('p-threads', count(p.jvmThreads) + ' JVM / ' + count(p.osThreads) + ' OS');
    setText('p-gc', percent(p.gc));
    var c = data.chart;
    setText('chart-title', c.route === null ? 'all routes' : c.route);
    var all = document.getElementById('chart-all');
    if (all) { all.hidden = c.route === null; }
    replace('chart-rate', chart(c.at, c.rate, data.at, false));
    replace('chart-p95', chart(c.at, c.p95, data.at, true));
    renderRows();
    document.getElementById('empty').hidden = data.routes.length > 0;
    setText('refresh', 'refreshes every 5 s');
  }
  function renderRows() {
    var body = table.tBodies[0];
    var fresh = document.createElement('tbody');
    var rows = sorted(state.data.routes);
    for (var i = 0; i < rows.length; i++) { fresh.appendChild(row(rows[i])); }
    table.replaceChild(fresh, body);
    renderHeader();
  }

  var pending = false;
  function refresh() {
    if (pending) { return; }
    pending = true;
    var url = '/-/routes.json' + (state.route ? '?route=' + encodeURIComponent(state.route) : '');
    fetch(url, {cache: 'no-store', credentials: 'same-origin'})
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      })
      .then(render, function (e) {
        setText('refresh', 'refresh failed (' + e.message + '), retrying');
      })
      .then(function () { pending = false; }, function () { pending = false; });
  }

  table.tHead.addEventListener('click', function (ev) {
    var th = ev.target.closest('th');
    if (!th || !state.data) { return; }
    ev.preventDefault();
    var col = th.getAttribute('data-col');
    state.dir = col === state.sort ? (state.dir === 'desc' ? 'asc' : 'desc')
      : (col === 'route' ? 'asc' : 'desc');
    state.sort = col;
    history.replaceState(null, '', query({}));
    renderRows();
  });
  function select(route) {
    state.route = route;
    history.replaceState(null, '', query({}));
    if (state.data) { renderRows(); }
    refresh();
  }
  table.addEventListener('click', function (ev) {
    var a = ev.target.closest('td.route a');
    if (!a) { return; }
    ev.preventDefault();
    var key = a.closest('tr').getAttribute('data-route');
    select(key === state.route ? null : key);
  });
  var allLink = document.getElementById('chart-all');
  if (allLink) {
    allLink.addEventListener('click', function (ev) {
      ev.preventDefault();
      select(null);
    });
  }
  refresh();
  setInterval(refresh, 5000);
})();
