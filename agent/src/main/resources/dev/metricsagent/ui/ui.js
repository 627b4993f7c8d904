// The live page's refresh. The server renders the page (PageHtml.java), the only renderer: every
// 5 s, and when a header (sort) or route (chart) link is clicked, this fetches the same page for
// the current query and swaps in the elements below. The fetched HTML is parsed by DOMParser
// (its scripts never run) and was escaped by the server; nothing here builds markup from data.
(function () {
  'use strict';
  if (!document.getElementById('routes')) {
    return;
  }
  document.documentElement.setAttribute('data-script', 'on'); // the page runs its script
  var LIVE = ['updated', 'history', 'process', 'charts', 'routes', 'empty', 'coverage', 'quantiles'];
  var query = location.search;

  function setText(id, text) {
    var e = document.getElementById(id);
    if (e) { e.textContent = text; }
  }
  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, 'text/html');
    for (var i = 0; i < LIVE.length; i++) {
      var now = document.getElementById(LIVE[i]);
      var next = fresh.getElementById(LIVE[i]);
      if (now && next) {
        now.replaceWith(document.adoptNode(next));
      }
    }
  }

  var pending = null;
  function load(q) {
    var mine = {};
    pending = mine;
    return fetch(location.pathname + q, {cache: 'no-store', credentials: 'same-origin'})
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.text();
      })
      .then(function (html) {
        if (pending !== mine) { return; } // a newer request (a click) wins
        swap(html);
        setText('refresh', 'refreshes every 5 s');
      }, function (e) {
        setText('refresh', 'refresh failed (' + e.message + '), retrying');
      });
  }

  // header links sort, route links pick the chart: the same URLs work with JavaScript off
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest('#routes a, #chart-all');
    if (!a) { return; }
    var q = a.getAttribute('href') || '?';
    ev.preventDefault();
    query = q === '?' ? '' : q; // the next refreshes keep it
    history.replaceState(null, '', query || location.pathname);
    load(query);
  });
  load(query);
  setInterval(function () { load(query); }, 5000);
})();
