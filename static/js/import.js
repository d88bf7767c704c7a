/* The import preview's corrections with htmx: each correction form posts, the server answers
 * with the preview again (after a redirect) and htmx replaces the plan and the summary, leaving
 * the title, year and units typed in the review form as they are. Without JavaScript the same
 * forms post and the whole page comes back.
 * An answer that is not the preview (the login page after the session ended, the saved plan)
 * is shown as a page of its own instead of being swapped into the preview; an error reloads
 * the preview, which then says what went wrong (a preview gone since the page was shown: why,
 * and what to do). */
(function () {
  "use strict";

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (!event.detail.isError && xhr.responseText.indexOf('id="import-tree"') === -1) {
      event.detail.shouldSwap = false;
      window.location.assign(xhr.responseURL || window.location.href);
    }
  });

  document.addEventListener("htmx:responseError", function () {
    window.location.reload();
  });

  document.addEventListener("htmx:sendError", function () {
    window.location.reload();
  });
})();
