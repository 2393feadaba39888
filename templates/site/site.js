// nbx site: dark/light (system preference, or the reader's choice kept in
// localStorage), copy buttons on code cells, and search over the index that
// search-index.js (loaded by <script>, so it works from file://) defines.
(function () {
  'use strict';
  var KEY = 'nbx-theme';
  function stored() { try { return localStorage.getItem(KEY); } catch (e) { return null; } }
  function preferred() { return stored() || (window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'); }
  function apply(theme) {
    var body = document.body;
    if (body) {
      body.classList.toggle('nbx-theme-dark', theme === 'dark');
      body.classList.toggle('nbx-theme-light', theme !== 'dark');
      body.setAttribute('data-jp-theme-light', theme === 'dark' ? 'false' : 'true');
    }
    var light = document.getElementById('nbx-hljs-light'), dark = document.getElementById('nbx-hljs-dark');
    if (light && dark) { light.disabled = theme === 'dark'; dark.disabled = theme !== 'dark'; }
  }
  document.addEventListener('DOMContentLoaded', function () {
    apply(preferred());
    var toggle = document.getElementById('nbx-theme-toggle');
    if (toggle) toggle.addEventListener('click', function () {
      var next = document.body.classList.contains('nbx-theme-dark') ? 'light' : 'dark';
      try { localStorage.setItem(KEY, next); } catch (e) { /* file:// may forbid storage */ }
      apply(next);
    });
    document.querySelectorAll('.jp-CodeCell .jp-InputArea-editor').forEach(function (editor) {
      var code = editor.querySelector('code');
      if (!code) return;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'nbx-copy';
      button.textContent = 'Copy';
      button.setAttribute('aria-label', 'Copy code');
      button.addEventListener('click', function () {
        navigator.clipboard.writeText(code.textContent).then(function () { button.textContent = 'Copied'; },
          function () { button.textContent = 'Copy failed'; });
      });
      editor.appendChild(button);
    });
    setupSearch();
  });
  function setupSearch() {
    var input = document.getElementById('nbx-search'), out = document.getElementById('nbx-search-results');
    var data = window.NBX_SEARCH;
    if (!input || !out || !data || !window.MiniSearch) return;
    var index = window.MiniSearch.loadJSON(data.index, { fields: data.fields, storeFields: ['title', 'url'] });
    var root = document.body.getAttribute('data-nbx-root') || '';
    input.addEventListener('input', function () {
      var q = input.value.trim();
      out.textContent = '';
      if (!q) { out.hidden = true; return; }
      var hits = index.search(q, { prefix: true, fuzzy: 0.2, boost: { title: 3, headings: 2 } }).slice(0, 20);
      hits.forEach(function (hit) {
        var a = document.createElement('a');
        a.href = root + encodeURI(hit.url);
        a.textContent = hit.title;
        out.appendChild(a);
      });
      if (!hits.length) out.textContent = 'No results';
      out.hidden = false;
    });
  }
})();
