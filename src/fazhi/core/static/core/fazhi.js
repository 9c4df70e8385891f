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
})();
