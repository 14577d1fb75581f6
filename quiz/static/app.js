// Site-wide behaviour; every page works without it.
(function () {
  "use strict";
  // The compact menu on small screens: without this script the links simply wrap.
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("site-menu");
  if (toggle && menu) {
    document.documentElement.classList.add("js-menu");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("open")) {
        toggle.setAttribute("aria-expanded", "false");
        menu.classList.remove("open");
        toggle.focus();
      }
    });
  }
  // A form sent back with errors: put the cursor on the first wrong field, whose
  // error message (aria-describedby) screen readers then read out.
  var invalid = document.querySelector("main [aria-invalid=true]");
  if (invalid) invalid.focus();
})();
