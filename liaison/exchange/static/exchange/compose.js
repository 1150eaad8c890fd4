/* Exchange forms (compose, reply): loaded from /static/ because the CSP forbids inline
 * scripts. Everything hooks onto data- attributes the forms render; without JavaScript
 * the forms work the same, only without these conveniences. */
(function () {
  "use strict";

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // dd/mm/yyyy HH:MM, as the partners write dates.
  function formatDue(date) {
    return pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + date.getFullYear() +
      " " + pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  function parseHours(text) {
    var hours = {};
    (text || "").split(",").forEach(function (pair) {
      var bits = pair.split(":");
      if (bits.length === 2) {
        hours[bits[0]] = parseInt(bits[1], 10);
      }
    });
    return hours;
  }

  // The same guess as liaison/exchange/language.py: the dominant script, and for Latin
  // script Vietnamese when its own letters or marks occur.
  function detectLanguage(text) {
    var lao = 0, khmer = 0, latin = 0, vietnamese = 0;
    var decomposed = (text || "").normalize("NFD");
    for (var i = 0; i < decomposed.length; i++) {
      var c = decomposed.charCodeAt(i);
      if (c >= 0x0e80 && c <= 0x0eff) { lao++; }
      else if ((c >= 0x1780 && c <= 0x17ff) || (c >= 0x19e0 && c <= 0x19ff)) { khmer++; }
      else if (c === 0x0111 || c === 0x0110) { latin++; vietnamese++; }
      else if (c === 0x031b || c === 0x0309 || c === 0x0323) { vietnamese++; }
      else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) { latin++; }
    }
    if (!(lao || khmer || latin)) { return ""; }
    if (lao >= khmer && lao > latin) { return "lo"; }
    if (khmer > lao && khmer > latin) { return "km"; }
    return vietnamese ? "vi" : "en";
  }

  function setUp(form) {
    var code = form.querySelector("[data-handling-code]");
    var condition = form.querySelector("[data-handling-condition]");
    if (code && condition) {
      var row = condition.closest("[data-h3-only]") || condition.closest(".mb-3");
      var toggle = function () {
        row.hidden = code.value !== "H3" && !condition.value;
      };
      code.addEventListener("change", toggle);
      toggle();
    }

    var priority = form.querySelector("[data-priority]");
    var due = form.querySelector("[data-due-at]");
    var suggested = form.querySelector('input[name="due_suggested"]');
    if (priority && due && suggested) {
      var hours = parseHours(priority.getAttribute("data-due-hours"));
      priority.addEventListener("change", function () {
        // Only a due time the author has not changed follows the priority.
        if (due.value.trim() !== suggested.value.trim() || !hours[priority.value]) {
          return;
        }
        var next = formatDue(new Date(Date.now() + hours[priority.value] * 3600 * 1000));
        due.value = next;
        suggested.value = next;
      });
    }

    var language = form.querySelector("[data-language]");
    var body = form.querySelector('textarea[name$="body"]');
    if (language && body) {
      var chosen = language.value !== "";
      language.addEventListener("change", function () { chosen = true; });
      body.addEventListener("input", function () {
        if (!chosen) {
          language.value = detectLanguage(body.value);
        }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(setUp);
  });
})();
