// Interview drafts: what the learner types (or picks) is saved to the server as a draft
// shortly after they stop typing, when they leave the page, and just before time runs
// out, so an answer never needs the Save button to count. The server grades the
// latest draft at the deadline; the page works (with explicit saves) without this.
(function () {
  "use strict";
  var form = document.getElementById("interview-form");
  if (!form || !form.dataset.draftUrl) return;
  var status = document.getElementById("autosave-status");
  var url = form.dataset.draftUrl;
  var DELAY_MS = 800;
  var timer = null;
  var submitting = false;
  var lastSent = snapshot();

  function fields() {
    var data = new FormData(form);
    data.delete("shown");
    return data;
  }
  function snapshot() {
    var parts = [];
    fields().forEach(function (value, key) { if (key !== "csrf_token") parts.push(key + "=" + value); });
    return parts.join("&");
  }
  function say(text) { if (status) status.textContent = text; }

  function save() {
    clearTimeout(timer);
    timer = null;
    var current = snapshot();
    if (current === lastSent) return;
    say("Saving draft…");
    fetch(url, { method: "POST", body: fields(), credentials: "same-origin", keepalive: true })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (result.ok) {
          lastSent = current;
          form.dataset.draftSaved = current;  // lets tests see what reached the server
          say("Draft saved automatically at " + new Date().toLocaleTimeString() + ".");
        } else {
          say(result.body.message || "The draft was not saved.");
          if (result.body.url) window.location.assign(result.body.url);
        }
      })
      .catch(function () { say("Could not save the draft (offline?). Keep the page open and try Save."); });
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  // The buttons save the answer themselves; a draft sent now could arrive after them.
  form.addEventListener("submit", function () { submitting = true; clearTimeout(timer); });
  // Leaving by a link, closing the tab, switching apps: send what is unsaved.
  function leave() {
    if (submitting || snapshot() === lastSent) return;
    if (navigator.sendBeacon && navigator.sendBeacon(url, fields())) lastSent = snapshot();
  }
  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") leave();
  });
  // interview.js announces the last seconds: save now, before the server's deadline.
  document.addEventListener("interview:ending", save);
})();
