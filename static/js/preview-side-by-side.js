// The side-by-side preview: each frame's form posts the article form's content to the
// unsaved preview, so both frames show it as soon as the page opens.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  for (const form of document.querySelectorAll("form[data-preview-frame]")) {
    form.submit();
  }
});
