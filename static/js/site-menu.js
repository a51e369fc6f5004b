// The phone header's Menu button: it shows and hides the login box and the sections.
// On narrow screens the stylesheet draws them closed from the first frame (no layout
// shift when this runs); without script, css/no-script.css keeps them open instead.
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
