// Earshot crisis dashboard (/ui/crisis): keeps the page current without reloading it. Loads each charted stream's
// last hour from /api/v1/windows, then follows the SSE stream /api/v1/dashboard/stream: 'window' (a closed minute,
// with the detector's expected band), 'alert' (a crisis alert) and 'cluster' (a coordination cluster grew). Charts are
// hand-written SVG; every chart has a table of its numbers. The session cookie authorises the API calls.
'use strict';
(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const SPAN = 60; // minutes charted
  const W = 640, H = 170, PAD_L = 44, PAD_R = 10, PAD_T = 10, PAD_B = 24;
  const SEVERITY = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

  const live = document.getElementById('live');
  const filter = { brand: live.dataset.brand || '', topic: live.dataset.topic || '' };
  const chartsBox = document.getElementById('charts');
  const maxCharts = Number(chartsBox.dataset.max || 12);
  const streams = new Map(); // stream name -> { card, minutes: Map(startMs -> bucket), inCrisis }

  function el(name, attrs, text) {
    const e = document.createElement(name);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function svg(name, attrs) {
    const e = document.createElementNS(SVG, name);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    return e;
  }

  function parts(stream) {
    const i = stream.indexOf('/');
    return i < 0 ? { brand: stream, topic: '' } : { brand: stream.slice(0, i), topic: stream.slice(i + 1) };
  }

  // The same rule as CrisisDashboardPage.matches.
  function matches(stream) {
    const p = parts(stream);
    if (filter.brand && filter.brand !== p.brand) return false;
    if (filter.topic) return filter.topic === p.topic;
    return filter.brand ? true : p.topic === '';
  }

  function label(stream) {
    const p = parts(stream);
    return p.topic ? p.brand + ' / ' + p.topic : p.brand + ' (all topics)';
  }

  function hhmm(ms) {
    return new Date(ms).toISOString().slice(11, 16);
  }

  function pct(share) {
    return (share * 100).toFixed(1) + ' %';
  }

  function num(v) {
    return Number.isInteger(v) ? String(v) : v.toFixed(1);
  }

  function say(text) {
    live.textContent = text;
  }

  // ---- charts -------------------------------------------------------------------------------------------------

  function card(stream) {
    let s = streams.get(stream);
    if (s) return s;
    let article = chartsBox.querySelector('article[data-stream="' + CSS.escape(stream) + '"]');
    if (!article) {
      if (streams.size >= maxCharts) return null;
      article = el('article', { class: 'stream card', 'data-stream': stream });
      chartsBox.appendChild(article);
    }
    const id = 'st-' + streams.size;
    article.replaceChildren();
    const heading = el('h3', { id: id + '-h' }, label(stream));
    const flag = el('span', { class: 'badge sev sev-HIGH in-crisis', hidden: '' }, 'in crisis');
    heading.append(' ', flag);
    const volume = el('figure', { class: 'chart' });
    const volumeSvg = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': id + '-vc',
      class: 'plot volume' });
    volume.append(volumeSvg, el('figcaption', { id: id + '-vc' }, 'Organic mentions per minute, ' + label(stream)
      + ', with the expected range'));
    const share = el('figure', { class: 'chart' });
    const shareSvg = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': id + '-sc',
      class: 'plot share' });
    share.append(shareSvg, el('figcaption', { id: id + '-sc' }, 'Negative share of organic mentions, '
      + label(stream) + ', with the expected range'));
    const details = el('details', { class: 'numbers' });
    const table = el('table');
    table.append(el('caption', {}, 'Numbers per minute, ' + label(stream)));
    const head = el('tr');
    ['Minute (UTC)', 'Organic mentions', 'Expected', 'Expected range', 'Coordinated (excluded)', 'Negative share',
      'Expected negative share'].forEach(h => head.append(el('th', { scope: 'col' }, h)));
    const thead = el('thead');
    thead.append(head);
    const tbody = el('tbody');
    table.append(thead, tbody);
    details.append(el('summary', {}, 'Numbers of these charts (table)'), table);
    article.setAttribute('aria-labelledby', id + '-h');
    article.append(heading, el('div', { class: 'chart-pair' }), details);
    article.querySelector('.chart-pair').append(volume, share);
    s = { card: article, minutes: new Map(), inCrisis: false, flag, volumeSvg, shareSvg, tbody };
    streams.set(stream, s);
    document.getElementById('no-charts').hidden = true;
    return s;
  }

  function put(s, bucket) {
    const t = Date.parse(bucket.start);
    s.minutes.set(t, bucket);
    const keys = [...s.minutes.keys()].sort((a, b) => a - b);
    const latest = keys[keys.length - 1];
    keys.filter(k => k <= latest - SPAN * 60000).forEach(k => s.minutes.delete(k));
  }

  function series(s) {
    return [...s.minutes.entries()].sort((a, b) => a[0] - b[0]).map(([t, b]) => ({ t, b }));
  }

  function draw(s) {
    const points = series(s);
    s.flag.hidden = !s.inCrisis;
    s.card.classList.toggle('crisis', s.inCrisis);
    plot(s.volumeSvg, points, p => p.b.organicVolume, p => p.b.expected && [p.b.expected.volumeLow,
      p.b.expected.volume, p.b.expected.volumeHigh], v => num(v), null);
    plot(s.shareSvg, points, p => p.b.negativeShare, p => p.b.expected && [p.b.expected.negativeShareLow,
      p.b.expected.negativeShare, p.b.expected.negativeShareHigh], v => Math.round(v * 100) + '%', 1);
    s.tbody.replaceChildren(...points.slice().reverse().map(p => {
      const e = p.b.expected;
      const tr = el('tr');
      tr.append(el('th', { scope: 'row' }, hhmm(p.t)), el('td', {}, String(p.b.organicVolume)),
        el('td', {}, e ? num(e.volume) : 'learning'), el('td', {}, e ? num(e.volumeLow) + ' to ' + num(e.volumeHigh) : ''),
        el('td', {}, String(p.b.coordinated)), el('td', {}, pct(p.b.negativeShare)),
        el('td', {}, e ? pct(e.negativeShare) + ' (' + pct(e.negativeShareLow) + ' to ' + pct(e.negativeShareHigh) + ')' : ''));
      return tr;
    }));
  }

  // One chart: x = minute over the last hour of the stream, y from 0 to the highest value (or fixedMax).
  function plot(target, points, value, band, fmt, fixedMax) {
    target.replaceChildren();
    const x1 = points.length ? points[points.length - 1].t : Date.now();
    const x0 = x1 - (SPAN - 1) * 60000;
    let max = fixedMax || 1;
    if (!fixedMax) {
      points.forEach(p => {
        max = Math.max(max, value(p));
        const b = band(p);
        if (b) max = Math.max(max, b[2]);
      });
      max = Math.ceil(max * 1.1);
    }
    const x = t => PAD_L + (t - x0) / ((x1 - x0) || 1) * (W - PAD_L - PAD_R);
    const y = v => H - PAD_B - v / max * (H - PAD_T - PAD_B);
    target.append(svg('line', { x1: PAD_L, y1: y(0), x2: W - PAD_R, y2: y(0), class: 'axis' }));
    [0, max / 2, max].forEach(v => {
      target.append(svg('line', { x1: PAD_L, y1: y(v), x2: W - PAD_R, y2: y(v), class: 'grid' }));
      const tx = svg('text', { x: PAD_L - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' });
      tx.textContent = fmt(v);
      target.append(tx);
    });
    [x0, x1].forEach((t, i) => {
      const tx = svg('text', { x: x(t), y: H - 6, class: 'tick', 'text-anchor': i ? 'end' : 'start' });
      tx.textContent = hhmm(t);
      target.append(tx);
    });
    const shown = points.filter(p => p.t >= x0);
    const banded = shown.filter(p => band(p));
    if (banded.length) {
      const upper = banded.map(p => x(p.t) + ',' + y(band(p)[2]));
      const lower = banded.slice().reverse().map(p => x(p.t) + ',' + y(band(p)[0]));
      target.append(svg('polygon', { points: upper.concat(lower).join(' '), class: 'band' }));
      target.append(svg('polyline', { points: banded.map(p => x(p.t) + ',' + y(band(p)[1])).join(' '),
        class: 'expected' }));
    }
    if (shown.length) {
      target.append(svg('polyline', { points: shown.map(p => x(p.t) + ',' + y(value(p))).join(' '), class: 'observed' }));
      shown.forEach(p => {
        const b = band(p);
        const above = b && value(p) > b[2];
        target.append(svg('circle', { cx: x(p.t), cy: y(value(p)), r: above ? 4 : 2.5,
          class: above ? 'point above' : 'point' }));
      });
    }
  }

  function loadHistory(stream) {
    const p = parts(stream);
    const q = new URLSearchParams({ brand: p.brand, minutes: String(SPAN) });
    if (p.topic) q.set('topic', p.topic);
    return fetch('/api/v1/windows?' + q, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(r => r.ok ? r.json() : Promise.reject(new Error('windows: HTTP ' + r.status)))
      .then(w => {
        const s = card(stream);
        if (!s) return;
        // Minutes not yet judged are still open: chart only those the detector has seen (or that hold mentions).
        w.minutes.filter(b => b.expected || b.volume > 0).forEach(b => {
          if (!s.minutes.has(Date.parse(b.start))) put(s, b);
        });
        draw(s);
      });
  }

  // ---- alerts and clusters ------------------------------------------------------------------------------------

  function alertRow(a) {
    const stream = a.topic ? a.brand + '/' + a.topic : a.brand;
    const minutes = typeof a.window === 'string' ? (a.window.match(/PT(\d+)M/) || [0, '?'])[1]
      : Math.round(Number(a.window) / 60);
    const tr = el('tr', { 'data-id': a.id, class: 'sev-' + a.severity + ' fresh' });
    const sev = el('td');
    sev.append(el('span', { class: 'badge sev sev-' + a.severity }, a.severity));
    tr.append(sev, el('td', {}, stream), el('td', {}, a.state), el('td', {}, a.volume + ' in ' + minutes + ' min'),
      el('td', {}, a.baseline + ' expected'), el('td', {}, pct(a.negativeShare)), el('td', {}, String(a.score)),
      el('td', {}, a.spread || ''));
    const at = el('td');
    at.append(el('time', { datetime: a.at }, a.at));
    tr.append(at);
    return tr;
  }

  function onAlert(a) {
    if (filter.topic && a.topic !== filter.topic) return;
    const body = document.querySelector('#alerts tbody');
    const old = body.querySelector('tr[data-id="' + CSS.escape(a.id) + '"]');
    const where = a.topic ? a.brand + ' / ' + a.topic : a.brand;
    if (a.state === 'RESOLVED') {
      if (old) old.remove();
      say('Crisis resolved for ' + where + '.');
    } else {
      const row = alertRow(a);
      if (old) old.replaceWith(row); else body.prepend(row);
      say((a.state === 'OPEN' ? 'New ' : 'Updated ') + a.severity + ' alert for ' + where + ': ' + a.volume
        + ' mentions against ' + a.baseline + ' expected.');
    }
    document.getElementById('no-alerts').hidden = body.rows.length > 0;
  }

  function onCluster(c) {
    const body = document.querySelector('#clusters tbody');
    const old = body.querySelector('tr[data-id="' + CSS.escape(c.id) + '"]');
    const tr = el('tr', { 'data-id': c.id, class: 'fresh' });
    [c.brand, c.accounts, c.mentions, c.score, c.newAccounts, c.lowFollowerAccounts, c.withLinks]
      .forEach(v => tr.append(el('td', {}, String(v))));
    tr.append(el('td', { class: 'quote' }, c.sampleText || ''));
    const at = el('td');
    at.append(el('time', { datetime: c.lastSeen }, c.lastSeen));
    tr.append(at);
    if (old) old.replaceWith(tr); else body.prepend(tr);
    document.getElementById('no-clusters').hidden = true;
  }

  function onWindow(w) {
    if (!matches(w.stream)) return;
    const s = card(w.stream);
    if (!s) return;
    put(s, w.minute);
    s.inCrisis = w.inCrisis;
    draw(s);
  }

  // ---- live stream --------------------------------------------------------------------------------------------

  function reloadLists() {
    const q = new URLSearchParams({ state: 'open' });
    if (filter.brand) q.set('brand', filter.brand);
    const c = new URLSearchParams();
    if (filter.brand) c.set('brand', filter.brand);
    const get = url => fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(r => r.ok ? r.json() : Promise.reject(new Error(url + ': HTTP ' + r.status)));
    return Promise.all([get('/api/v1/crises?' + q), get('/api/v1/coordination-clusters?' + c)]).then(([a, k]) => {
      document.querySelector('#alerts tbody').replaceChildren();
      a.items.slice().reverse().forEach(onAlert);
      document.getElementById('no-alerts').hidden = document.querySelector('#alerts tbody').rows.length > 0;
      document.querySelector('#clusters tbody').replaceChildren();
      k.items.slice().reverse().forEach(onCluster);
      document.getElementById('no-clusters').hidden = k.items.length > 0;
    });
  }

  function connect() {
    const url = '/api/v1/dashboard/stream' + (filter.brand ? '?brand=' + encodeURIComponent(filter.brand) : '');
    const source = new EventSource(url);
    let dropped = false;
    source.onopen = () => {
      say('Live: connected, updating as minutes close.');
      live.dataset.state = 'open';
      if (dropped) { // events were missed while away: read the current state again
        dropped = false;
        reloadLists().catch(e => say('Live: reconnected, but reloading failed (' + e.message + ').'));
        streams.forEach((s, name) => loadHistory(name).catch(() => {}));
      }
    };
    source.onerror = () => {
      dropped = true;
      live.dataset.state = 'reconnecting';
      say('Live: connection lost, reconnecting…');
    };
    const handle = fn => ev => {
      try {
        fn(JSON.parse(ev.data));
      } catch (e) {
        console.warn('crisis dashboard: unreadable event', e);
      }
    };
    source.addEventListener('window', handle(onWindow));
    source.addEventListener('alert', handle(onAlert));
    source.addEventListener('cluster', handle(onCluster));
  }

  chartsBox.querySelectorAll('article[data-stream]').forEach(a => {
    const name = a.dataset.stream;
    card(name);
    loadHistory(name).catch(e => say('Could not load the history of ' + label(name) + ' (' + e.message + ').'));
  });
  connect();
})();
