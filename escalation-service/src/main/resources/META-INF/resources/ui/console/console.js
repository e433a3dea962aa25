// Agent console: live SLA countdowns. Each [data-due] element shows the time left (or overdue) and is refreshed
// every second; the polite live region #sla-summary is only rewritten when the counts change, so screen readers hear
// "1 overdue" once, not a tick per second.
(function () {
  'use strict';
  var SOON_MS = 15 * 60 * 1000;
  var summary = document.getElementById('sla-summary');
  var said = null;

  function span(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    if (d > 0) return d + 'd ' + h + 'h';
    if (h > 0) return h + 'h ' + m + 'm';
    return m + 'm ' + String(s % 60).padStart(2, '0') + 's';
  }

  function tick() {
    var now = Date.now(), overdue = 0, soon = 0;
    document.querySelectorAll('.countdown[data-due]').forEach(function (el) {
      var due = Date.parse(el.getAttribute('data-due'));
      if (isNaN(due)) return;
      var left = due - now;
      el.classList.toggle('overdue', left < 0);
      el.classList.toggle('soon', left >= 0 && left < SOON_MS);
      if (left < 0) { overdue++; el.textContent = 'overdue by ' + span(left); }
      else { if (left < SOON_MS) soon++; el.textContent = 'due in ' + span(left); }
    });
    if (summary) {
      var text = overdue + ' overdue, ' + soon + ' due within 15 minutes';
      if (text !== said) { summary.textContent = text; said = text; }
    }
  }

  tick();
  setInterval(tick, 1000);
}());
