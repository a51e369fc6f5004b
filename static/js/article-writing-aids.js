// Help while writing, in the article form: a live word count and reading time under the
// body, and the headline's length against the limit of the style hints (site settings).
"use strict";

(function () {
  function wordsIn(html) {
    const text = new DOMParser().parseFromString(
      html.replace(/<[^>]*>/g, " "),
      "text/html",
    ).documentElement.textContent;
    return text.split(/\s+/).filter(Boolean).length;
  }

  // The count goes right under the field, aligned with it like the admin's help text.
  function counter(field, className) {
    const element = document.createElement("div");
    element.className = "help article-writing-count " + className;
    element.setAttribute("aria-live", "polite");
    (field.closest(".flex-container") || field).after(element);
    return element;
  }

  function countBody(body, wordsPerMinute) {
    const output = counter(body, "article-body-count");
    function update() {
      const words = wordsIn(body.value);
      const minutes = Math.max(1, Math.round(words / wordsPerMinute));
      output.textContent = interpolate(
        ngettext("%s word", "%s words", words) +
          " · " +
          ngettext("%s min read", "%s min read", minutes),
        [words, minutes],
      );
    }
    body.addEventListener("input", update);
    update();
  }

  function countHeadline(title, limit) {
    const output = counter(title, "article-title-count");
    function update() {
      const length = title.value.length;
      output.textContent = interpolate(gettext("%(length)s of %(limit)s characters"), { length, limit }, true);
      output.classList.toggle("article-writing-count-over", length > limit);
    }
    title.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    const aids = document.querySelector(".article-writing-aids");
    const body = document.getElementById("id_body");
    const title = document.getElementById("id_title");
    if (!aids) {
      return;
    }
    if (body) {
      countBody(body, Number(aids.dataset.wordsPerMinute));
    }
    if (title) {
      countHeadline(title, Number(aids.dataset.headlineMax));
    }
  });
})();
