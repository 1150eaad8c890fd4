/* Liaison: the little behaviour the pages need. Loaded from /static/ (the CSP forbids
 * inline scripts), so everything here hooks onto data- attributes. */
(function () {
  "use strict";

  // Send the CSRF token on every htmx request, also from pages whose <body> lost the
  // hx-headers attribute (e.g. a fragment swapped into an error page).
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.headers["X-CSRFToken"]) {
      return;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      event.detail.headers["X-CSRFToken"] = decodeURIComponent(match[1]);
    }
  });

  // <form data-confirm="Really?">: ask before submitting (turning off the second factor).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // <select data-autosubmit>: submit the form on change (filters).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });

  // Put the cursor in the first field with an error, else in the field marked autofocus.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("[aria-invalid='true']");
    if (invalid) {
      invalid.focus();
    }
  });

  // Copy buttons: <button data-copy="#element-id">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) {
      return;
    }
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (source) {
      navigator.clipboard.writeText(source.textContent.trim());
    }
  });
})();
