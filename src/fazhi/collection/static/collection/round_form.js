/* Opening a round: a group's "select all" box ticks or clears every agency of the group (data-group). */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-select-all]")) { return; }
    var group = box.getAttribute("data-select-all");
    document.querySelectorAll("input[data-group]").forEach(function (input) {
      if (input.getAttribute("data-group").split(" ").indexOf(group) >= 0) { input.checked = box.checked; }
    });
  });
})();
