(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  var body = document.body;
  var layerBoxes = document.querySelectorAll("input[data-layer]");
  var labelBoxes = document.querySelectorAll("input[data-label]");
  function applyLayer(box) {
    body.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked);
  }
  function applyLabels() {
    var hidden = {};
    labelBoxes.forEach(function (box) { if (!box.checked) { hidden[box.getAttribute("data-label")] = true; } });
    document.querySelectorAll("mark[data-tl]").forEach(function (m) {
      var order = m.getAttribute("data-tl").split(" ");
      var pick = null;
      for (var i = 0; i < order.length; i++) { if (!hidden[order[i]]) { pick = order[i]; break; } }
      Array.prototype.slice.call(m.classList).forEach(function (c) {
        if (c.indexOf("tp-") === 0) { m.classList.remove(c); }
      });
      m.classList.toggle("t-off", pick === null);
      if (pick !== null) { m.classList.add("tp-" + pick); }
    });
  }
  layerBoxes.forEach(function (box) { box.addEventListener("change", function () { applyLayer(box); }); applyLayer(box); });
  labelBoxes.forEach(function (box) { box.addEventListener("change", applyLabels); });
  applyLabels();
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && document.activeElement && document.activeElement.classList.contains("m")) {
      document.activeElement.blur();
    }
  });
})();
