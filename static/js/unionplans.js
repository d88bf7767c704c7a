/* Small behaviours of every page, here rather than in inline handlers or style attributes,
 * which the Content Security Policy forbids (docs/security.md):
 * - a <select data-autosubmit> submits its form when changed (filters, the language switch);
 * - a [data-print] button prints the page;
 * - a <form data-confirm="question"> asks the question before it is sent (review decisions);
 * - [data-width] sets a progress bar's width in percent (0 to 100), [data-height] an element's
 *   height in pixels; again for content htmx swaps in;
 * - a [data-check="all"] or [data-check="none"] button ticks or unticks the checkboxes of its
 *   closest [data-check-group], and a [data-check-count] in a group shows how many of its boxes
 *   are ticked (the tasks a new round covers). */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("select[data-autosubmit]");
    if (select && select.form) {
      select.form.submit();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    }
  });

  function countChecked(from) {
    var group = from.closest("[data-check-group]");
    while (group) {
      var counter = group.querySelector("[data-check-count]");
      if (counter && counter.closest("[data-check-group]") === group) {
        counter.textContent = group.querySelectorAll("input[type=checkbox]:checked").length;
      }
      group = group.parentElement && group.parentElement.closest("[data-check-group]");
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-check]");
    var group = button && button.closest("[data-check-group]");
    if (!group) {
      return;
    }
    event.preventDefault();
    group.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.checked = button.dataset.check === "all";
    });
    countChecked(group);
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-check-group] input[type=checkbox]")) {
      countChecked(event.target);
    }
  });

  function size(root) {
    if (!root || !root.querySelectorAll) {
      return;
    }
    root.querySelectorAll("[data-width]").forEach(function (element) {
      var percent = parseFloat(element.dataset.width);
      if (!isNaN(percent)) {
        element.style.width = Math.max(0, Math.min(100, percent)) + "%";
      }
    });
    root.querySelectorAll("[data-height]").forEach(function (element) {
      var pixels = parseFloat(element.dataset.height);
      if (!isNaN(pixels)) {
        element.style.height = pixels + "px";
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      size(document);
    });
  } else {
    size(document);
  }
  document.addEventListener("htmx:load", function (event) {
    size(event.target);
  });
})();
