// The interactive parts of report.html (ptce, issue 23): network explorer, map markers,
// sortable / filterable / paged tables with CSV download. Plain JavaScript writing SVG; the
// data comes from <script type="application/json"> elements read with JSON.parse; text from
// the data is inserted with textContent only, never as markup; nothing is requested.
(function () {
  'use strict';
  var SVGNS = 'http://www.w3.org/2000/svg';
  var $ = function (id) { return document.getElementById(id); };
  var indexEl = $('x-index');
  if (!indexEl) { return; }
  var idx = JSON.parse(indexEl.textContent);
  var T = idx.t;
  var cache = {};
  function blob(i) {
    if (!Object.prototype.hasOwnProperty.call(cache, i)) {
      var e = $('x-p' + i);
      cache[i] = e ? JSON.parse(e.textContent) : null;
    }
    return cache[i];
  }
  function h(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function sv(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  function num(x) {
    if (x === null || x === undefined) { return '\u2014'; }
    var s = String(Math.round(x * 1000) / 1000);
    if (s.charAt(0) === '-') { s = '\u2212' + s.slice(1); }
    return s.replace('.', T.decimal);
  }
  function roleLabel(r) { return (T.roles && T.roles[r]) || r; }
  function actor(t) { return idx.actors[t] || [t, '#FFFFFF', 'triangle']; }
  function ptceLabel(i) {
    var p = idx.p[i];
    return p[1] ? p[0] + ' \u2014 ' + p[1] : p[0];
  }

  // ---- Explorer -------------------------------------------------------------------------
  var net = $('x-net');
  var state = { p: -1, stage: null, size: idx.measures.length ? idx.measures[0][0] : null, ego: -1 };
  var nodeEls = [];
  var edgeLayer = null;
  var nodeLayer = null;
  var W = 1000, H = 700, PAD = 40;

  function shape(kind, r, colour) {
    var s;
    if (kind === 'square') {
      var q = r * 0.89;
      s = sv('rect', { x: -q, y: -q, width: 2 * q, height: 2 * q });
    } else if (kind === 'diamond') {
      var d = r * 1.2;
      s = sv('polygon', { points: '0,' + (-d) + ' ' + d + ',0 0,' + d + ' ' + (-d) + ',0' });
    } else if (kind === 'triangle') {
      var t = r * 1.25;
      s = sv('polygon', { points: '0,' + (-t) + ' ' + (0.866 * t) + ',' + (0.5 * t) + ' ' + (-0.866 * t) + ',' + (0.5 * t) });
    } else {
      s = sv('circle', { r: r });
    }
    s.setAttribute('fill', colour);
    s.setAttribute('stroke', '#202020');
    s.setAttribute('stroke-width', '1.5');
    return s;
  }

  function stageRows(b, s) { return (b && b.n[s]) || []; }
  function stageEdges(b, s) { return (b && b.e[s]) || []; }

  function measureIndex() {
    for (var k = 0; k < idx.measures.length; k++) {
      if (idx.measures[k][0] === state.size) { return k; }
    }
    return -1;
  }

  function radii(rows) {
    var m = measureIndex();
    var out = {};
    var lo = Infinity, hi = -Infinity;
    rows.forEach(function (r) {
      var v = m >= 0 ? r[2 + m] : null;
      if (v !== null && v !== undefined) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    });
    rows.forEach(function (r) {
      var v = m >= 0 ? r[2 + m] : null;
      var f = (v === null || v === undefined || !(hi > lo)) ? 0 : (v - lo) / (hi - lo);
      out[r[0]] = 7 + 16 * Math.sqrt(f);
    });
    return out;
  }

  function at(o) { return [PAD + o[3] * (W - 2 * PAD), PAD + o[4] * (H - 2 * PAD)]; }

  function buildPtce() {
    clear(net);
    nodeEls = [];
    var b = blob(state.p);
    if (!b) { return; }
    edgeLayer = sv('g', { 'class': 'x-edges' });
    nodeLayer = sv('g', { 'class': 'x-nodes' });
    net.appendChild(edgeLayer);
    net.appendChild(nodeLayer);
    b.o.forEach(function (o, k) {
      var g = sv('g', { 'class': 'x-node x-off', tabindex: '-1', role: 'button', 'data-k': k });
      var xy = at(o);
      g.setAttribute('transform', 'translate(' + xy[0].toFixed(1) + ',' + xy[1].toFixed(1) + ')');
      var a = actor(o[2]);
      g.setAttribute('aria-label', o[1] + ', ' + a[0]);
      var title = sv('title');
      title.textContent = o[1];
      g.appendChild(title);
      g.addEventListener('mouseenter', function () { details(k); });
      g.addEventListener('focus', function () { details(k); });
      g.addEventListener('click', function () { toggleEgo(k); });
      g.addEventListener('keydown', function (ev) { nodeKey(ev, k); });
      nodeLayer.appendChild(g);
      nodeEls.push(g);
    });
    stageButtons();
  }

  function stageButtons() {
    var box = $('x-stages');
    clear(box);
    var b = blob(state.p);
    if (!b) { return; }
    b.s.forEach(function (s) {
      var btn = h('button', 'x-stage', s);
      btn.type = 'button';
      btn.setAttribute('role', 'radio');
      btn.setAttribute('data-stage', s);
      btn.title = idx.stages[s] || s;
      btn.setAttribute('aria-label', s + ' \u2014 ' + (idx.stages[s] || s));
      btn.addEventListener('click', function () { setStage(s); });
      btn.addEventListener('keydown', function (ev) {
        var i = b.s.indexOf(s);
        var j = ev.key === 'ArrowRight' || ev.key === 'ArrowDown' ? i + 1 :
          ev.key === 'ArrowLeft' || ev.key === 'ArrowUp' ? i - 1 : -1;
        if (j >= 0 && j < b.s.length && j !== i) {
          ev.preventDefault();
          setStage(b.s[j]);
          box.children[j].focus();
        }
      });
      box.appendChild(btn);
    });
  }

  function present() {
    var b = blob(state.p);
    var rows = stageRows(b, state.stage);
    var on = {};
    rows.forEach(function (r) { on[r[0]] = r; });
    return on;
  }

  function drawStage() {
    var b = blob(state.p);
    if (!b) { return; }
    var rows = stageRows(b, state.stage);
    var edges = stageEdges(b, state.stage);
    var on = present();
    var r = radii(rows);
    var wmax = 1;
    edges.forEach(function (e) { wmax = Math.max(wmax, e[2] || 0); });
    clear(edgeLayer);
    edges.forEach(function (e) {
      var a = at(b.o[e[0]]), c = at(b.o[e[1]]);
      var line = sv('line', {
        x1: a[0].toFixed(1), y1: a[1].toFixed(1), x2: c[0].toFixed(1), y2: c[1].toFixed(1),
        'stroke-width': (1 + 3 * (e[2] || 0) / wmax).toFixed(2), 'class': 'x-edge',
        'data-a': e[0], 'data-b': e[1]
      });
      edgeLayer.appendChild(line);
    });
    nodeEls.forEach(function (g, k) {
      var row = on[k];
      var old = g.querySelector('.x-mark');
      if (old) { g.removeChild(old); }
      if (!row) {
        g.setAttribute('class', 'x-node x-off');
        g.setAttribute('tabindex', '-1');
        return;
      }
      var o = b.o[k];
      var a = actor(o[2]);
      var mark = sv('g', { 'class': 'x-mark' });
      if (row[1] === 'pilot') {
        mark.appendChild(sv('circle', { r: r[k] + 6, fill: 'none', stroke: '#202020', 'stroke-width': 2.5 }));
      }
      mark.appendChild(shape(a[2], r[k], a[1]));
      g.appendChild(mark);
      g.setAttribute('class', 'x-node');
      g.setAttribute('tabindex', '0');
    });
    net.setAttribute('data-ptce', idx.p[state.p][0]);
    net.setAttribute('data-stage', state.stage);
    net.setAttribute('data-nodes', String(rows.length));
    net.setAttribute('data-edges', String(edges.length));
    $('x-count').textContent = state.stage + ' (' + (idx.stages[state.stage] || state.stage) + ')' + T.colon +
      rows.length + ' ' + T.members + ', ' + edges.length + ' ' + T.ties;
    Array.prototype.forEach.call($('x-stages').children, function (btn) {
      var sel = btn.getAttribute('data-stage') === state.stage;
      btn.setAttribute('aria-checked', sel ? 'true' : 'false');
      btn.tabIndex = sel ? 0 : -1;
    });
    if (state.ego >= 0 && !on[state.ego]) { state.ego = -1; }
    applyEgo();
    nodeTable(rows, b);
    legend(rows, b);
  }

  function details(k) {
    var b = blob(state.p);
    var box = $('x-detail');
    clear(box);
    if (!b || !b.o[k]) { return; }
    var o = b.o[k];
    var row = present()[k];
    box.appendChild(h('h3', null, o[1]));
    var dl = h('dl');
    function pair(term, value) {
      dl.appendChild(h('dt', null, term));
      dl.appendChild(h('dd', null, value));
    }
    pair(T.type, actor(o[2])[0]);
    if (row) { pair(T.role, roleLabel(row[1])); }
    if (o[5]) { pair(T.joined, o[5]); }
    idx.measures.forEach(function (m, j) { if (row) { pair(m[1], num(row[2 + j])); } });
    box.appendChild(dl);
  }

  function toggleEgo(k) {
    state.ego = state.ego === k ? -1 : k;
    applyEgo();
    details(k);
  }

  function applyEgo() {
    var near = {};
    var ego = state.ego;
    if (ego >= 0) {
      near[ego] = true;
      Array.prototype.forEach.call(edgeLayer.children, function (l) {
        var a = +l.getAttribute('data-a'), b = +l.getAttribute('data-b');
        var mine = a === ego || b === ego;
        if (mine) { near[a] = true; near[b] = true; }
        l.setAttribute('class', mine || ego < 0 ? 'x-edge' : 'x-edge x-dim');
      });
    } else {
      Array.prototype.forEach.call(edgeLayer.children, function (l) { l.setAttribute('class', 'x-edge'); });
    }
    nodeEls.forEach(function (g, k) {
      var cls = g.getAttribute('class').replace(/ x-dim| x-ego/g, '');
      if (ego >= 0 && cls.indexOf('x-off') < 0) {
        cls += near[k] ? (k === ego ? ' x-ego' : '') : ' x-dim';
      }
      g.setAttribute('class', cls);
      g.setAttribute('aria-pressed', k === ego ? 'true' : 'false');
    });
    net.setAttribute('data-ego', String(Object.keys(near).length));
  }

  function nodeKey(ev, k) {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      toggleEgo(k);
    } else if (ev.key === 'Escape') {
      state.ego = -1;
      applyEgo();
    } else if (/^Arrow/.test(ev.key)) {
      ev.preventDefault();
      var step = ev.key === 'ArrowRight' || ev.key === 'ArrowDown' ? 1 : -1;
      var n = nodeEls.length;
      for (var j = 1; j < n; j++) {
        var g = nodeEls[(k + step * j + n * j) % n];
        if (g.getAttribute('tabindex') === '0') { g.focus(); break; }
      }
    }
  }

  function legend(rows, b) {
    var ul = $('x-legend');
    clear(ul);
    var seen = {};
    rows.forEach(function (r) { seen[b.o[r[0]][2]] = true; });
    Object.keys(seen).sort().forEach(function (t) {
      var a = actor(t);
      var li = h('li');
      var s = sv('svg', { width: 18, height: 18, viewBox: '-9 -9 18 18', 'aria-hidden': 'true' });
      s.appendChild(shape(a[2], 6, a[1]));
      li.appendChild(s);
      li.appendChild(document.createTextNode(' ' + a[0]));
      ul.appendChild(li);
    });
    var m = measureIndex();
    ul.appendChild(h('li', 'note', '\u25EF ' + roleLabel('pilot') + (m >= 0 ? ' \u00b7 ' + idx.measures[m][1] : '')));
  }

  function nodeTable(rows, b) {
    var table = $('x-nodes');
    var head = [[T.type, false], [T.role, false], [T.joined, false]];
    var tr = h('tr');
    tr.appendChild(h('th', null, 'org_id'));
    tr.appendChild(h('th', null, 'name'));
    head.forEach(function (c) { tr.appendChild(h('th', null, c[0])); });
    idx.measures.forEach(function (m) { tr.appendChild(h('th', 'num', m[0])); });
    clear(table.tHead);
    table.tHead.appendChild(tr);
    var body = table.tBodies[0];
    clear(body);
    rows.forEach(function (r) {
      var o = b.o[r[0]];
      var row = h('tr');
      [o[0], o[1], actor(o[2])[0], roleLabel(r[1]), o[5]].forEach(function (v) { row.appendChild(h('td', null, v)); });
      idx.measures.forEach(function (m, j) { row.appendChild(h('td', 'num', num(r[2 + j]))); });
      body.appendChild(row);
    });
    enhance(table);
  }

  function setStage(s) {
    state.stage = s;
    drawStage();
  }

  function openPtce(i, stage, ego) {
    var b = blob(i);
    if (!b) { return; }
    state.p = i;
    state.ego = -1;
    $('x-ptce').value = String(i);
    buildPtce();
    state.stage = stage && b.s.indexOf(stage) >= 0 ? stage : (b.s.indexOf('all') >= 0 ? 'all' : b.s[b.s.length - 1]);
    drawStage();
    if (ego !== undefined && ego >= 0) { toggleEgo(ego); }
  }

  function fillSelect(filter) {
    var sel = $('x-ptce');
    var keep = sel.value;
    clear(sel);
    var q = (filter || '').toLowerCase();
    idx.p.forEach(function (p, i) {
      if (!p[6]) { return; }
      var label = ptceLabel(i);
      if (q && label.toLowerCase().indexOf(q) < 0 && String(i) !== keep) { return; }
      var opt = h('option', null, label);
      opt.value = String(i);
      sel.appendChild(opt);
    });
    sel.value = keep;
  }

  function search(q) {
    var ul = $('x-results');
    clear(ul);
    q = q.trim().toLowerCase();
    if (q.length < 2) { return; }
    var found = 0;
    for (var i = 0; i < idx.p.length && found < 50; i++) {
      if (!idx.p[i][6]) { continue; }
      var b = blob(i);
      for (var k = 0; b && k < b.o.length && found < 50; k++) {
        if (String(b.o[k][1]).toLowerCase().indexOf(q) >= 0) {
          found++;
          var li = h('li');
          var btn = h('button', 'x-hit', b.o[k][1] + ' \u2014 ' + ptceLabel(i));
          btn.type = 'button';
          btn.addEventListener('click', (function (p, o) {
            return function () { openPtce(p, null, o); };
          })(i, k));
          li.appendChild(btn);
          ul.appendChild(li);
        }
      }
    }
    if (!found) { ul.appendChild(h('li', 'note', T.none)); }
  }

  function initExplorer() {
    if (!net) { return; }
    var size = $('x-size');
    idx.measures.forEach(function (m) {
      var opt = h('option', null, m[1]);
      opt.value = m[0];
      size.appendChild(opt);
    });
    size.addEventListener('change', function () { state.size = size.value; drawStage(); });
    fillSelect('');
    $('x-find').addEventListener('input', function (ev) { fillSelect(ev.target.value); });
    $('x-ptce').addEventListener('change', function (ev) { openPtce(+ev.target.value, state.stage); });
    $('x-search').addEventListener('input', function (ev) { search(ev.target.value); });
    var first = -1;
    for (var i = 0; i < idx.p.length; i++) { if (idx.p[i][6]) { first = i; break; } }
    // A link `report.html#explore=<ptce id>&stage=<stage>` opens that PTCE at that stage.
    var m = /explore=([^&]*)(?:&stage=([^&]*))?/.exec(decodeURIComponent(location.hash || ''));
    if (m) {
      idx.p.forEach(function (p, j) { if (p[0] === m[1] && p[6]) { first = j; } });
    }
    if (first >= 0) { openPtce(first, m ? m[2] : null); }
  }

  // ---- Map ------------------------------------------------------------------------------
  function initMap() {
    var fig = $('fig-map');
    var svg = fig && fig.querySelector('svg');
    if (!svg) { return; }
    fig.classList.add('x-mapfig');
    var tip = h('div', 'x-tip');
    tip.hidden = true;
    fig.appendChild(tip);
    var g = sv('g', { 'class': 'x-map' });
    idx.map.m.forEach(function (m) {
      var p = idx.p[m[0]];
      var c = sv('circle', { cx: m[1], cy: m[2], r: Math.max(m[3], 6), 'class': 'x-marker', tabindex: '0', role: 'button', 'data-ptce': p[0] });
      var text = ptceLabel(m[0]) + ' \u2014 ' + (p[3] ? p[3] + ' \u2014 ' : '') +
        ((idx.groups[p[2]] || [p[2]])[0]) + ' \u2014 ' + p[4] + ' ' + T.members + ', ' + p[5] + ' ' + T.ties;
      c.setAttribute('aria-label', text);
      var title = sv('title');
      title.textContent = text;
      c.appendChild(title);
      var show = function () {
        tip.textContent = text;
        tip.hidden = false;
        var box = fig.getBoundingClientRect();
        var r = c.getBoundingClientRect();
        tip.style.left = Math.round(r.right - box.left + 6) + 'px';
        tip.style.top = Math.round(r.top - box.top) + 'px';
      };
      var open = function () {
        if (p[6]) {
          openPtce(m[0], state.stage);
          $('explore').scrollIntoView();
        }
      };
      c.addEventListener('mouseenter', show);
      c.addEventListener('focus', show);
      c.addEventListener('mouseleave', function () { tip.hidden = true; });
      c.addEventListener('blur', function () { tip.hidden = true; });
      c.addEventListener('click', open);
      c.addEventListener('keydown', function (ev) {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); open(); }
      });
      g.appendChild(c);
    });
    svg.appendChild(g);
    if (idx.map.u.length) {
      var para = h('p', 'note x-unplaced', T.unplaced + ' (' + idx.map.u.length + ')' + T.colon +
        idx.map.u.map(function (i) { return ptceLabel(i); }).join(' ; '));
      fig.appendChild(para);
    }
  }

  // ---- Tables ---------------------------------------------------------------------------
  var PAGE = 25;

  function sortKey(text, numeric) {
    var t = text.trim();
    if (!numeric) { return t.toLowerCase(); }
    t = t.replace(/[\s\u00a0\u202f<>\u2264\u2265]/g, '').replace(/\u2212/g, '-');
    if (T.decimal === ',') { t = t.replace(',', '.'); } else { t = t.replace(/,/g, ''); }
    var v = parseFloat(t);
    return isNaN(v) ? null : v;
  }

  // The same formula neutralisation as the CSV outputs (report/csv.rs): a text cell starting
  // with =, +, -, @, tab or carriage return gets a leading apostrophe.
  function neutralize(cell) { return /^[=+\-@\t\r]/.test(cell) ? "'" + cell : cell; }
  function csvField(s) { return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; }

  function enhance(table) {
    var body = table.tBodies[0];
    if (!table.tHead || !table.tHead.rows[0] || !body) { return; }
    // The header row is looked up each time: the explorer's member table rebuilds it.
    var head = table.tHead.rows[0];
    if (table.xState) { table.xState.reset(); return; }
    var st = { col: -1, dir: 1, q: '', page: 0, rows: [] };
    var bar = h('div', 'x-toolbar');
    var find = h('input');
    find.type = 'search';
    find.setAttribute('aria-label', T.filter);
    find.placeholder = T.filter;
    var csv = h('button', null, T.csv);
    csv.type = 'button';
    var pager = h('span', 'x-pager');
    var prev = h('button', null, T.prev);
    var next = h('button', null, T.next);
    prev.type = next.type = 'button';
    var status = h('span', 'x-status');
    status.setAttribute('aria-live', 'polite');
    pager.appendChild(prev);
    pager.appendChild(status);
    pager.appendChild(next);
    bar.appendChild(find);
    bar.appendChild(csv);
    bar.appendChild(pager);
    var box = table.parentNode && table.parentNode.classList.contains('scroll') ? table.parentNode : table;
    box.parentNode.insertBefore(bar, box);

    function numeric(j) {
      head = table.tHead.rows[0]; return head.cells[j] && head.cells[j].classList.contains('num'); }
    function headers() {
      head = table.tHead.rows[0];
      Array.prototype.forEach.call(head.cells, function (th, j) {
        if (th.querySelector('button.x-sort')) { return; }
        var btn = h('button', 'x-sort', th.textContent);
        btn.type = 'button';
        btn.title = T.sort + ' ' + th.textContent;
        btn.addEventListener('click', function () {
          st.dir = st.col === j ? -st.dir : 1;
          st.col = j;
          st.page = 0;
          apply();
        });
        th.textContent = '';
        th.appendChild(btn);
        th.setAttribute('aria-sort', 'none');
      });
    }
    function view() {
      var q = st.q;
      var rows = st.rows.filter(function (r) { return !q || r.textContent.toLowerCase().indexOf(q) >= 0; });
      if (st.col >= 0) {
        var j = st.col, n = numeric(j);
        rows = rows.map(function (r, i) { return [sortKey(r.cells[j] ? r.cells[j].textContent : '', n), i, r]; });
        rows.sort(function (a, b) {
          if (a[0] === null || b[0] === null) {
            return a[0] === b[0] ? a[1] - b[1] : (a[0] === null ? 1 : -1);
          }
          return (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]) * (a[0] === b[0] ? 1 : st.dir);
        });
        rows = rows.map(function (x) { return x[2]; });
      }
      return rows;
    }
    function apply() {
      head = table.tHead.rows[0];
      var rows = view();
      var pages = Math.max(1, Math.ceil(rows.length / PAGE));
      st.page = Math.min(st.page, pages - 1);
      st.rows.forEach(function (r) { r.hidden = true; });
      rows.forEach(function (r, i) {
        body.appendChild(r);
        r.hidden = Math.floor(i / PAGE) !== st.page;
      });
      Array.prototype.forEach.call(head.cells, function (th, j) {
        th.setAttribute('aria-sort', j !== st.col ? 'none' : st.dir > 0 ? 'ascending' : 'descending');
      });
      var from = rows.length ? st.page * PAGE + 1 : 0;
      var to = Math.min(rows.length, (st.page + 1) * PAGE);
      status.textContent = ' ' + T.rows + ' ' + from + '\u2013' + to + ' ' + T.of + ' ' + rows.length + ' ';
      prev.disabled = st.page === 0;
      next.disabled = st.page >= pages - 1;
      pager.hidden = st.rows.length <= PAGE;
      table.setAttribute('data-shown', String(rows.length));
    }
    st.reset = function () {
      st.rows = Array.prototype.slice.call(body.rows);
      headers();
      apply();
    };
    st.csv = function () {
      head = table.tHead.rows[0];
      var lines = [Array.prototype.map.call(head.cells, function (th) { return csvField(neutralize(th.textContent)); }).join(',')];
      view().forEach(function (r) {
        lines.push(Array.prototype.map.call(r.cells, function (td, j) {
          var t = td.textContent;
          return csvField(numeric(j) ? t : neutralize(t));
        }).join(','));
      });
      return lines.join('\n') + '\n';
    };
    find.addEventListener('input', function () { st.q = find.value.trim().toLowerCase(); st.page = 0; apply(); });
    prev.addEventListener('click', function () { st.page--; apply(); });
    next.addEventListener('click', function () { st.page++; apply(); });
    csv.addEventListener('click', function () {
      var url = URL.createObjectURL(new Blob([st.csv()], { type: 'text/csv;charset=utf-8' }));
      var a = h('a');
      a.href = url;
      a.download = (table.id || 'table') + '.csv';
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
    table.xState = st;
    st.reset();
  }

  function initTables() {
    var n = 0;
    document.querySelectorAll('#tables table, #comparison table').forEach(function (t) {
      if (!t.id) { t.id = 'table-' + (++n); }
      enhance(t);
    });
  }

  initMap();
  initTables();
  initExplorer();
  // The parts built here moved what the address's anchor points to: scroll to it again.
  var anchor = (location.hash || '').slice(1).split('=')[0];
  var target = anchor && $(anchor);
  if (target) { target.scrollIntoView(); }
  document.documentElement.setAttribute('data-ready', 'true');
})();
