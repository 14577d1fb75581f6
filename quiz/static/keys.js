// Keyboard shortcuts; the pages work the same without them.
// 1-9 pick an option (practice and interview), Enter submits (Ctrl+Enter in a textarea),
// 1-4 rate Again/Hard/Good/Easy after an open question, N goes to the next question
// (for an open question not rated yet, its form applies the rating the page states).
(function () {
  "use strict";
  // Keys go to the field while typing, and to the rubric checklist while one of its
  // boxes has focus (Space ticks; a digit there must not rate the answer).
  function typing(target) {
    return target && (target.tagName === "TEXTAREA" ||
      (target.tagName === "INPUT" && target.type === "text") ||
      Boolean(target.closest && target.closest("form.rubric-form")));
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.metaKey) return;
    var form = document.getElementById("answer-form") || document.getElementById("interview-form");
    if (form && event.key === "Enter" && event.ctrlKey) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (event.ctrlKey || typing(event.target)) return;
    if (form && /^[1-9]$/.test(event.key)) {
      var inputs = form.querySelectorAll("input[name=choice]");
      var input = inputs[Number(event.key) - 1];
      if (input) {
        event.preventDefault();
        input.checked = input.type === "radio" ? true : !input.checked;
        input.focus();
        input.dispatchEvent(new Event("change", { bubbles: true }));  // autosave hears it
      }
      return;
    }
    var ratings = document.querySelectorAll("form[data-rating-keys]");
    if (!form && ratings.length === 1 && /^[1-4]$/.test(event.key)) {
      var button = ratings[0].querySelector("button[name=rating][value='" + event.key + "']");
      if (button) { event.preventDefault(); button.click(); }
      return;
    }
    if (form && event.key === "Enter" && event.target.tagName !== "BUTTON") {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (event.key === "n" || event.key === "N") {
      var next = document.querySelector("[data-key=n]");
      if (next) { event.preventDefault(); next.click(); }
    }
  });
  // Lets tests (and curious users) see that shortcuts are active.
  document.documentElement.dataset.keys = "ready";
})();
