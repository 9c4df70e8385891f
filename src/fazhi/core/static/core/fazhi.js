/* The workbench's behaviour, from data attributes instead of inline handlers (the Content-Security-Policy
   allows no inline script). Listeners sit on the document, so content htmx swaps in works too. */
(function () {
  "use strict";

  // <select data-autosubmit>: choosing a value sends its form (a <noscript> button does it without script).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) { field.form.submit(); }
  });

  // <form data-confirm="Question?">: ask before sending.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);

  // <img data-drop-figure-on-error>: a chart that cannot be drawn leaves no empty frame.
  function dropFigure(img) {
    var figure = img.closest("figure");
    if (figure) { figure.remove(); }
  }
  document.addEventListener("error", function (event) {
    var target = event.target;
    if (target.matches && target.matches("img[data-drop-figure-on-error]")) { dropFigure(target); }
  }, true);  // error events do not bubble: listen while they go down
  function dropBroken() {
    document.querySelectorAll("img[data-drop-figure-on-error]").forEach(function (img) {
      if (img.complete && img.naturalWidth === 0 && img.getAttribute("src")) { dropFigure(img); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", dropBroken); }
  else { dropBroken(); }

  // After a form is sent, a screen reader and the keyboard start at what it answered: the errors of the
  // refused form, or else the success message, rather than at the top of the page.
  function focusAnswer() {
    var answer = document.querySelector(".errors[role=alert], .field-error, ul.messages");
    if (!answer) { return; }
    var target = answer.closest(".errors, ul.messages") || answer;
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", focusAnswer); }
  else { focusAnswer(); }

  // <a href="#ev-N"> on a report's evaluation: the words of that evidence light up in the text (every piece marked
  // data-ev with N); without script the link still jumps to the anchor ev-N at their start.
  function showEvidence() {
    document.querySelectorAll(".ev-on").forEach(function (piece) { piece.classList.remove("ev-on"); });
    var match = /^#ev-(\d+)$/.exec(window.location.hash);
    if (!match) { return; }
    document.querySelectorAll('[data-ev~="' + match[1] + '"]').forEach(function (piece) { piece.classList.add("ev-on"); });
  }
  window.addEventListener("hashchange", showEvidence);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", showEvidence); }
  else { showEvidence(); }

  // A table marked data-sortable sorts on a click of a column's header button: numbers by their value (a cell's
  // data-value, else its text), words in Chinese order; empty cells last. aria-sort says how it is sorted.
  function sortable(table) {
    table.querySelectorAll("thead th[data-sort]").forEach(function (th) {
      if (th.querySelector("button.sort")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var index = Array.prototype.indexOf.call(th.parentNode.children, th);
        var descending = th.getAttribute("aria-sort") === "ascending";
        table.querySelectorAll("thead th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var numeric = th.getAttribute("data-sort") === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.children[index];
          if (!cell) { return null; }
          var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
          if (raw === "" || raw === "—") { return null; }
          if (!numeric) { return raw; }
          var value = parseFloat(raw.replace(/[,+]/g, ""));
          return isNaN(value) ? null : value;
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
          var order = numeric ? x - y : String(x).localeCompare(String(y), "zh-Hans-CN");
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  function sortables() { document.querySelectorAll("table[data-sortable]").forEach(sortable); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", sortables); }
  else { sortables(); }
  document.addEventListener("htmx:afterSettle", sortables);

  // A text field data-filter-rows="ID" hides the rows of table #ID whose text does not contain what is typed.
  function filters() {
    document.querySelectorAll("input[data-filter-rows]").forEach(function (input) {
      var table = document.getElementById(input.getAttribute("data-filter-rows"));
      if (!table || input.getAttribute("data-ready")) { return; }
      input.setAttribute("data-ready", "1");
      input.hidden = false;
      if (input.labels) { Array.prototype.forEach.call(input.labels, function (label) { label.hidden = false; }); }
      input.addEventListener("input", function () {
        var wanted = input.value.trim().toLowerCase();
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          row.hidden = wanted !== "" && row.textContent.toLowerCase().indexOf(wanted) === -1;
        });
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", filters); }
  else { filters(); }
})();
