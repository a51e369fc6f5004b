// Counts one read of the article on this page for Top News. The page itself stays a cached,
// cookie-free document; this small POST is the only thing that needs JavaScript.
(function () {
  "use strict";
  var article = document.querySelector("[data-read-url]");
  if (!article || !navigator.sendBeacon) {
    return;
  }
  var url = article.getAttribute("data-read-url");
  var sent = false;

  function send() {
    if (!sent && document.visibilityState === "visible") {
      sent = true;
      navigator.sendBeacon(url);
    }
  }

  // A prerendered or background tab is not a read until the reader actually looks at it.
  if (document.visibilityState === "visible") {
    send();
  } else {
    document.addEventListener("visibilitychange", send);
  }
})();
