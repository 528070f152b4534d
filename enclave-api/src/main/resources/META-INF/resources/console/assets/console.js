// The console's one script (progressive enhancement: every page works without it). It shows each
// <time datetime="..."> in the reader's own time zone; the page's text is UTC.
(function () {
  "use strict";
  var format = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
    timeZoneName: "short"
  });
  function localize(root) {
    root.querySelectorAll("time[datetime]").forEach(function (t) {
      var when = new Date(t.getAttribute("datetime"));
      if (!isNaN(when.getTime()) && !t.hasAttribute("data-local")) {
        t.setAttribute("title", t.textContent.trim() + " (UTC)");
        t.textContent = format.format(when);
        t.setAttribute("data-local", "");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { localize(document); });
})();
