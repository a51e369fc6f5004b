// Autosave of the article form (publishing/autosave.py): the whole form is posted to the
// autosave address after a few seconds without typing, when the writer leaves a field and
// when the page is hidden or closed. The server keeps it beside the article, never in it.
// The status line says when the text was last kept ("Saved 12 s ago"); its data-state
// says where the autosave is: unsaved, saving, saved or failed.
"use strict";

(function () {
  const QUIET_MILLISECONDS = 2000;
  const REFRESH_MILLISECONDS = 5000;

  function setUp(form, status) {
    const url = status.dataset.autosaveUrl;
    let lastSaved = status.dataset.lastSaved ? new Date(status.dataset.lastSaved) : null;
    let changed = false;
    let sending = false;
    let timer = null;
    let note = "";
    let noteIsWarning = false;

    function savedAgo() {
      if (!lastSaved) {
        return gettext("Autosave is on: your text is kept every few seconds.");
      }
      const seconds = Math.max(0, Math.round((Date.now() - lastSaved.getTime()) / 1000));
      if (seconds < 60) {
        return interpolate(gettext("Saved %s s ago"), [seconds]);
      }
      if (seconds < 3600) {
        return interpolate(gettext("Saved %s min ago"), [Math.floor(seconds / 60)]);
      }
      return interpolate(gettext("Saved at %s"), [
        lastSaved.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }),
      ]);
    }

    function show() {
      status.textContent = note ? savedAgo() + " " + note : savedAgo();
      status.classList.toggle("article-autosave-status-warning", noteIsWarning);
    }

    function setState(state) {
      status.dataset.state = state;
    }

    function answered(response) {
      return response
        .json()
        .catch(function () {
          return {
            error: interpolate(
              gettext("Autosave failed (error %s). Your text is still here; save the form to keep it."),
              [response.status],
            ),
          };
        })
        .then(function (data) {
          if (response.ok) {
            lastSaved = new Date(data.saved_at);
            note = data.warning || "";
            noteIsWarning = Boolean(data.warning);
            setState(changed ? "unsaved" : "saved");
          } else {
            changed = true;
            note = data.error;
            noteIsWarning = true;
            setState("failed");
          }
        });
    }

    function save() {
      window.clearTimeout(timer);
      if (!changed || sending) {
        return;
      }
      changed = false;
      sending = true;
      setState("saving");
      fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(answered)
        .catch(function () {
          changed = true;
          setState("failed");
          note = gettext(
            "Autosave could not reach the server. Your text is still here; it is sent again as you type.",
          );
          noteIsWarning = true;
        })
        .finally(function () {
          sending = false;
          show();
          // Typed while this one was on its way: keep that too (a refusal waits for typing).
          if (changed && status.dataset.state !== "failed") {
            timer = window.setTimeout(save, QUIET_MILLISECONDS);
          }
        });
    }

    function typed() {
      changed = true;
      setState("unsaved");
      window.clearTimeout(timer);
      timer = window.setTimeout(save, QUIET_MILLISECONDS);
    }

    form.addEventListener("input", typed);
    form.addEventListener("change", typed);
    form.addEventListener("focusout", save);
    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.formTarget === "_blank") {
        return; // a preview in another tab: this form is still being written
      }
      changed = false;
      window.clearTimeout(timer);
    });
    // A closed tab or a switch to another app: send what is left, without waiting.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && changed) {
        changed = false;
        navigator.sendBeacon(url, new FormData(form));
      }
    });
    show();
    window.setInterval(show, REFRESH_MILLISECONDS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("article_form");
    const status = document.querySelector("[data-autosave-url]");
    if (form && status) {
      setUp(form, status);
    }
  });
})();
