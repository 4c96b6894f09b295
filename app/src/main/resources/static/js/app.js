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

  // A field's error goes away as soon as the field is changed (the server checks it again on submit).
  document.addEventListener('input', function (event) {
    var field = event.target.closest && event.target.closest('.field.invalid');
    if (!field) {
      return;
    }
    field.classList.remove('invalid');
    event.target.removeAttribute('aria-invalid');
    var message = field.querySelector('.field-error');
    if (message) {
      message.remove();
    }
    var link = document.querySelector('#error-summary a[href="#' + event.target.id + '"]');
    if (link && link.parentNode) {
      link.parentNode.remove();
      var summary = document.getElementById('error-summary');
      if (summary && !summary.querySelector('li')) {
        summary.remove(); // every listed field is being corrected
      }
    }
  });

  // The manager picker: choosing a person sets the hidden manager_id; emptying the search clears it.
  document.addEventListener('click', function (event) {
    var option = event.target.closest && event.target.closest('button[data-pick-manager]');
    if (!option) {
      return;
    }
    document.getElementById('manager_id').value = option.getAttribute('data-pick-manager');
    var search = document.getElementById('manager_search');
    search.value = option.getAttribute('data-pick-name');
    var list = document.getElementById('manager-options');
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    search.focus();
  });
  document.addEventListener('input', function (event) {
    if (event.target.id === 'manager_search' && event.target.value.trim() === '') {
      document.getElementById('manager_id').value = '';
    }
  });

  // An edit conflict: "use the saved value" puts the saved value into that field of the form.
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button[data-use-field]');
    if (!button) {
      return;
    }
    var input = document.getElementById(button.getAttribute('data-use-field'));
    if (input) {
      input.value = button.getAttribute('data-use-value');
      input.dispatchEvent(new Event('input', { bubbles: true }));
      button.closest('tr').classList.add('resolved');
      button.disabled = true;
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
