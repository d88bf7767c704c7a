/* The plan editor: nothing typed is lost, deadlines fill each other, unit pickers filter.
 *
 * - A form marked data-editor-form becomes "dirty" when typed into; leaving the page with a
 *   dirty form asks first (beforeunload). A form the server sent back unsaved (errors, a
 *   conflict) comes marked dirty already.
 * - Moving or deleting re-draws the plan, so it waits until open forms are saved or cancelled.
 * - A failed save (error, lost session, no network) leaves the form and its input in place.
 * - "11月底前" typed as the deadline fills the date (the server reads it, as the importer does);
 *   a date picked fills "11月30日前". A phrase naming no readable or plausible date ("13月底前",
 *   "2099年12月底前") is warned about beside the fields; what was typed stays.
 * Messages come translated from #editor-messages. No framework but htmx; works without it. */
(function () {
  "use strict";

  var messagesElement = document.getElementById("editor-messages");
  var messages = messagesElement ? messagesElement.dataset : {};
  var leaving = false;

  function dirtyForms() {
    return document.querySelectorAll("form[data-editor-form][data-dirty]");
  }

  function markDirty(event) {
    var form = event.target.closest && event.target.closest("form[data-editor-form]");
    if (form) {
      form.dataset.dirty = "1";
    }
  }
  document.addEventListener("input", markDirty);
  document.addEventListener("change", markDirty);

  window.addEventListener("beforeunload", function (event) {
    if (!leaving && dirtyForms().length) {
      event.preventDefault();
      event.returnValue = messages.unsaved || "";
      return messages.unsaved || "";
    }
  });

  // A plain (non-htmx) submit leaves the page on purpose; the server sends the form back
  // marked dirty if it was not saved.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!window.htmx || !form.hasAttribute("hx-post")) {
      leaving = true;
    }
  });

  function showAlert(text) {
    var box = document.getElementById("editor-alert");
    if (!box) {
      box = document.createElement("div");
      box.id = "editor-alert";
      box.className = "alert alert-danger editor-alert shadow";
      box.setAttribute("role", "alert");
      box.setAttribute("data-testid", "editor-alert");
      document.body.appendChild(box);
    }
    box.textContent = text;
    box.hidden = false;
    clearTimeout(showAlert.timer);
    showAlert.timer = setTimeout(function () {
      box.hidden = true;
    }, 10000);
  }

  if (window.htmx) {
    document.addEventListener("htmx:confirm", function (event) {
      var element = event.detail.elt;
      if (element.closest("[data-structural]") && dirtyForms().length) {
        event.preventDefault();
        showAlert(messages.saveFirst || "");
        var first = dirtyForms()[0];
        first.scrollIntoView({ behavior: "smooth", block: "center" });
        return;
      }
      if (element.hasAttribute("data-cancel")) {
        var form = element.closest("form");
        if (form && form.dataset.dirty) {
          event.preventDefault();
          if (window.confirm(messages.discard || "")) {
            event.detail.issueRequest(true);
          }
        }
      }
    });

    document.addEventListener("htmx:beforeSwap", function (event) {
      var xhr = event.detail.xhr;
      // A lost session answers with the login page: never swap it over the user's input.
      if (xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1) {
        event.detail.shouldSwap = false;
        showAlert(messages.session || "");
      }
    });

    document.addEventListener("htmx:responseError", function (event) {
      var status = event.detail.xhr.status;
      showAlert((messages.failed || "") + " (" + status + ")");
    });

    document.addEventListener("htmx:sendError", function () {
      showAlert(messages.offline || "");
    });

    document.addEventListener("htmx:load", function (event) {
      setUp(event.detail.elt);
    });

    // The server refused a change (HX-Trigger: editorAlert): say why, re-draw nothing.
    document.addEventListener("editorAlert", function (event) {
      showAlert((event.detail && event.detail.text) || messages.failed || "");
    });
  }

  // "Cancel" of a new item's form: the form simply goes away.
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest("[data-cancel-new]");
    if (cancel && window.htmx) {
      var form = cancel.closest("form");
      event.preventDefault();
      if (!form.dataset.dirty || window.confirm(messages.discard || "")) {
        form.remove();
      }
    }
  });

  // --- Deadlines -------------------------------------------------------------------------

  function lookUp(url, parameter, value) {
    var query = url + "?" + parameter + "=" + encodeURIComponent(value);
    return fetch(query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .catch(function () {
        return null;
      });
  }

  // A deadline that names no readable or plausible date is said beside it, not refused.
  function showWarning(form, warning) {
    var box = form.querySelector("[data-deadline-warning]");
    if (!box) {
      return;
    }
    box.textContent = warning ? (messages.deadlineWarning || "") + " " + warning : "";
    box.classList.toggle("d-none", !warning);
  }

  // Listened for on the document, not per form: a form htmx swaps in answers from its first
  // keystroke, before htmx:load has run (a fast typist, or a test, beat that by a few ms).
  function deadlineParts(element) {
    var form = element.closest ? element.closest("form[data-deadline-url]") : null;
    if (!form) {
      return null;
    }
    var text = form.querySelector("[data-deadline-text]");
    var date = form.querySelector("[data-deadline-date]");
    if (!text || !date) {
      return null;
    }
    return { form: form, text: text, date: date, url: form.dataset.deadlineUrl };
  }

  document.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches("[data-deadline-text]")) {
      return;
    }
    var parts = deadlineParts(event.target);
    if (!parts) {
      return;
    }
    var text = parts.text;
    clearTimeout(parts.form.deadlineTimer);
    parts.form.deadlineTimer = setTimeout(function () {
      var value = text.value.trim();
      if (!value) {
        return;
      }
      lookUp(parts.url, "text", value).then(function (data) {
        if (!data || text.value.trim() !== value) {
          return; // typed on meanwhile
        }
        showWarning(parts.form, data.warning);
        if (data.date) {
          parts.date.value = data.date;
          parts.date.title = messages.deadlineFound || "";
        } else if (data.open_ended) {
          parts.date.value = "";
        }
      });
    }, 250);
  });

  document.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches("[data-deadline-date]")) {
      return;
    }
    var parts = deadlineParts(event.target);
    if (!parts || !parts.date.value) {
      return;
    }
    var date = parts.date;
    var text = parts.text;
    var picked = date.value;
    var current = text.value.trim();
    var check = current ? lookUp(parts.url, "text", current) : Promise.resolve(null);
    check.then(function (data) {
      if (data && data.date === picked) {
        return; // the phrase already means this date ("11月底前")
      }
      lookUp(parts.url, "date", picked).then(function (answer) {
        if (answer && answer.text && date.value === picked) {
          text.value = answer.text;
        }
      });
    });
  });

  // --- Unit pickers: a filter box over long lists of checkboxes ---------------------------

  function setUpPicker(picker) {
    if (picker.dataset.pickerReady) {
      return;
    }
    picker.dataset.pickerReady = "1";
    var options = picker.querySelectorAll(".form-check");
    if (options.length < 8) {
      return;
    }
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-1 picker-filter";
    input.placeholder = messages.filter || "";
    input.setAttribute("aria-label", messages.filter || "");
    var list = options[0].parentElement;
    list.parentElement.insertBefore(input, list);
    input.addEventListener("input", function () {
      var needle = input.value.trim();
      options.forEach(function (option) {
        option.hidden = needle !== "" && option.textContent.indexOf(needle) === -1;
      });
    });
  }

  function setUp(root) {
    if (!root || !root.querySelectorAll) {
      return;
    }
    var pickers = Array.prototype.slice.call(root.querySelectorAll(".unit-picker"));
    pickers.forEach(setUpPicker);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setUp(document);
    });
  } else {
    setUp(document);
  }
})();
