// The interview countdown. The page already shows the time left at load (server-side);
// this only ticks it down and, when time is up, goes back to the interview so the
// server finishes it. The server enforces the deadline either way.
(function () {
  "use strict";
  var el = document.getElementById("countdown");
  if (!el) return;
  var remaining = Number(el.getAttribute("data-remaining"));
  if (!isFinite(remaining)) return;
  // Count from the server's remaining seconds, not the local clock, which may be off.
  var end = Date.now() + remaining * 1000;
  var timer = null;
  var ending = false;

  function format(seconds) {
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var ss = (s < 10 ? "0" : "") + s;
    if (h > 0) return h + ":" + (m < 10 ? "0" : "") + m + ":" + ss;
    return m + ":" + ss;
  }

  function tick() {
    var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
    el.textContent = format(left);
    if (left <= 60) el.classList.add("verdict-wrong");
    if (left <= 3 && !ending) {
      ending = true;  // autosave.js saves the draft before the deadline passes
      document.dispatchEvent(new CustomEvent("interview:ending"));
    }
    if (left <= 0) {
      clearInterval(timer);
      el.textContent = "0:00 (time is up)";
      var target = el.getAttribute("data-resume-url");
      if (target) setTimeout(function () { window.location.assign(target); }, 1500);
    }
  }

  timer = setInterval(tick, 1000);
  tick();
})();
