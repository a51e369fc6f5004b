// The phone header's Menu button: it shows and hides the login box and the sections.
// The header is open until this runs, so without script nothing is out of reach; the
// stylesheet hides the two only on narrow screens, where the button shows.
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var button = header && header.querySelector(".menu-button");
  if (!button) {
    return;
  }
  function setOpen(open) {
    header.setAttribute("data-menu", open ? "open" : "closed");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  setOpen(false);
  button.hidden = false;
  button.addEventListener("click", function () {
    setOpen(header.getAttribute("data-menu") !== "open");
  });
  header.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.getAttribute("data-menu") === "open") {
      setOpen(false);
      button.focus();
    }
  });
})();
