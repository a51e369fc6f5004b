// Warn before leaving the article or image form with changes that were not saved.
// The browser shows its own wording; the page can only ask for the warning.
"use strict";

(function () {
  function watch(form) {
    let unsaved = false;
    const markUnsaved = function () {
      unsaved = true;
    };
    form.addEventListener("input", markUnsaved);
    form.addEventListener("change", markUnsaved);
    form.addEventListener("submit", function (event) {
      // A preview opens in another tab: the form stays here, still unsaved.
      if (!event.submitter || event.submitter.formTarget !== "_blank") {
        unsaved = false;
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (unsaved) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#article_form, #image_form").forEach(watch);
  });
})();
