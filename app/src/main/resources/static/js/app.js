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

  // Passkeys (WebAuthn): a form marked data-passkey-form shows itself only where the browser can use
  // passkeys. Its button asks the browser to make (create) or use (get) a passkey with the options the
  // server gave (in data-passkey-options, or fetched from data-passkey-source for the workspace typed
  // on the page), puts the browser's answer into the form's "credential" field and submits the form.
  document.addEventListener('DOMContentLoaded', function () {
    if (window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON) {
      document.querySelectorAll('form[data-passkey-form]').forEach(function (form) {
        form.hidden = false;
      });
    }
  });
  function passkeyOptions(button) {
    var inline = button.getAttribute('data-passkey-options');
    if (inline) {
      return Promise.resolve(JSON.parse(inline));
    }
    var workspace = document.getElementById('workspace');
    if (!workspace.reportValidity()) {
      return Promise.reject(new Error('workspace'));
    }
    button.form.querySelector('input[name="workspace"]').value = workspace.value;
    var meta = document.querySelector('meta[name="csrf-token"]');
    return fetch(button.getAttribute('data-passkey-source'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': meta ? meta.getAttribute('content') : '' },
      body: JSON.stringify({ workspace: workspace.value })
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('options ' + response.status);
      }
      return response.json();
    }).then(function (body) {
      return body.public_key;
    });
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button[data-passkey]');
    if (!button) {
      return;
    }
    event.preventDefault();
    var form = button.form;
    var error = form.querySelector('[data-passkey-error]');
    if (error) {
      error.hidden = true;
    }
    button.disabled = true;
    passkeyOptions(button).then(function (options) {
      return button.getAttribute('data-passkey') === 'create'
        ? navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
        : navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
    }).then(function (credential) {
      form.querySelector('input[name="credential"]').value = JSON.stringify(credential.toJSON());
      form.submit();
    }).catch(function (failure) {
      button.disabled = false;
      if (error && failure.message !== 'workspace') {
        error.hidden = false;
        error.focus();
      }
    });
  });

  // After a failed submit, move focus to the summary of what went wrong.
  document.addEventListener('DOMContentLoaded', function () {
    var summary = document.getElementById('error-summary');
    if (summary) {
      summary.focus();
    }
  });
})();
