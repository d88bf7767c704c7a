// The scoring scheme's form: shows the weights' total as they are typed, so that a planner sees
// before saving whether they add up to 100 (the server checks it again).
(function () {
  "use strict";
  var out = document.querySelector("[data-testid='weight-total']");
  var inputs = document.querySelectorAll("input[data-weight]");
  if (!out || !inputs.length) { return; }

  function update() {
    var total = 0;
    inputs.forEach(function (input) {
      var value = parseInt(input.value, 10);
      if (!isNaN(value)) { total += value; }
    });
    out.textContent = out.dataset.totalLabel + ": " + total + " / 100";
    out.classList.toggle("text-danger", total !== 100);
    out.classList.toggle("fw-semibold", total !== 100);
  }

  inputs.forEach(function (input) { input.addEventListener("input", update); });
  update();
})();
