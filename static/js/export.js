/* The page of an export the worker is producing (templates/tasks/export.html): reloaded every
 * few seconds (the element's data-export-refresh) until the file is ready or has failed, when
 * the server no longer renders the element nor this script. */
(function () {
  "use strict";

  var waiting = document.querySelector("[data-export-refresh]");
  if (!waiting) {
    return;
  }
  var seconds = parseFloat(waiting.dataset.exportRefresh);
  if (isNaN(seconds) || seconds < 1) {
    seconds = 3;
  }
  window.setTimeout(function () {
    window.location.reload();
  }, seconds * 1000);
})();
