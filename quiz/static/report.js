// The interview report's fold buttons: open every answer, only the missed ones, or none.
// Without the script each answer still opens on its own (the buttons stay hidden).
(function () {
  "use strict";
  var bar = document.getElementById("report-folds");
  if (!bar) return;
  bar.hidden = false;
  bar.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-folds]");
    if (!button) return;
    var which = button.getAttribute("data-folds");
    document.querySelectorAll("details.report-item").forEach(function (item) {
      var missed = item.getAttribute("data-missed") === "true";
      item.open = which === "all" || (which === "missed" && missed);
    });
  });
})();
