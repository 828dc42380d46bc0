// A terminal page reloads by itself when its session ends (the app quit, the
// connection dropped, the server restarted): textual.js marks <body> with "-closed";
// we wait until the hall host answers again, then load the page afresh.
(function () {
  function waitThenReload(healthUrl) {
    var delay = 1000;
    function attempt() {
      fetch(healthUrl, { cache: "no-store" })
        .then(function (r) { if (r.ok) { window.location.reload(); } else { retry(); } })
        .catch(retry);
    }
    function retry() { delay = Math.min(delay * 2, 10000); setTimeout(attempt, delay); }
    setTimeout(attempt, delay);
  }
  // textual.js sizes the terminal at "load"; once the terminal font is in, size it again
  window.addEventListener("load", function () {
    document.fonts.load('16px "Roboto Mono"').then(function () {
      window.dispatchEvent(new Event("resize"));
    });
  });
  window.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    var terminal = document.getElementById("terminal");
    var started = false;
    new MutationObserver(function () {
      if (!started && body.classList.contains("-closed")) {
        started = true;
        waitThenReload(terminal.dataset.healthUrl);
      }
    }).observe(body, { attributes: true, attributeFilter: ["class"] });
  });
})();
