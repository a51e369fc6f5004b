// Suggest existing tags in the article admin's comma-separated tag field.
// The <datalist> offers whole field values: what is typed before the last comma,
// followed by each matching tag, so picking one completes only the tag being typed.
"use strict";

(function () {
  function setUp(input) {
    const list = document.getElementById(input.getAttribute("list"));
    const url = input.dataset.tagSuggestions;
    if (!list || !url) {
      return;
    }
    let lastQuery = null;
    input.addEventListener("input", function () {
      const parts = input.value.split(",");
      const query = parts.pop().trim();
      const before = parts.map((part) => part.trim()).filter(Boolean);
      if (query.length < 2 || query === lastQuery) {
        return;
      }
      lastQuery = query;
      fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : { tags: [] }))
        .then((data) => {
          list.replaceChildren(
            ...data.tags
              .filter((name) => !before.includes(name))
              .map((name) => {
                const option = document.createElement("option");
                option.value = before.concat([name]).join(", ");
                return option;
              }),
          );
        })
        .catch(() => list.replaceChildren());
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-tag-suggestions]").forEach(setUp);
  });
})();
