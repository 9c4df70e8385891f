/* A submission's form: beside each figure, its change on last year's value (data-last) as it is typed. */
(function () {
  "use strict";

  function number(text) {
    text = (text || "").replace(/[\s,，]/g, "").replace(/%$/, "");
    if (!/^-?\d+(\.\d+)?$/.test(text)) { return null; }
    return parseFloat(text);
  }

  function changeText(input) {
    var now = number(input.value), last = number(input.getAttribute("data-last"));
    if (now === null || last === null) { return ""; }
    var diff = Math.round((now - last) * 100) / 100, text = (diff > 0 ? "+" : "") + diff;
    if (last && !input.getAttribute("data-rate")) {
      var pct = Math.round(diff * 1000 / last) / 10;
      text += " (" + (pct > 0 ? "+" : "") + pct + "%)";
    }
    return text;
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("#figures input[data-last]")) { return; }
    var cell = document.querySelector('[data-change-for="' + input.id + '"]');
    if (cell) { cell.textContent = changeText(input); }
  });
})();
