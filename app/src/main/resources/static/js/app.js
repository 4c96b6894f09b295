// Strongroom pages: the little behaviour they need, loaded from our own origin (no inline script).
(function () {
  'use strict';

  // htmx requests carry the CSRF token the page was rendered with.
  document.addEventListener('htmx:configRequest', function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers['X-CSRF-TOKEN'] = meta.getAttribute('content');
    }
  });

  // Nothing of the application stays in browser storage: htmx notes the current path there.
  function clearStorage() {
    try {
      sessionStorage.removeItem('htmx-current-path-for-history');
      sessionStorage.removeItem('htmx-history-cache');
      localStorage.removeItem('htmx-history-cache');
    } catch (e) {
      // storage unavailable: nothing to clear
    }
  }
  clearStorage();
  document.addEventListener('htmx:afterSettle', clearStorage);

  // Forms that destroy something ask first.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // After a failed submit, move focus to the summary of what went wrong.
  document.addEventListener('DOMContentLoaded', function () {
    var summary = document.getElementById('error-summary');
    if (summary) {
      summary.focus();
    }
  });
})();
