
/* Findings filters. Without JavaScript the controls stay hidden and every row shows. */
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  var controls = document.getElementById("findings-controls");
  if (!table || !controls) { return; }
  var severity = document.getElementById("filter-severity");
  var rule = document.getElementById("filter-rule");
  var status = document.getElementById("filter-status");
  var search = document.getElementById("filter-search");
  var reset = document.getElementById("filter-reset");
  var count = document.getElementById("findings-count");
  var empty = document.getElementById("findings-empty");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });

  function apply() {
    var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, index) {
      var visible = (!severity.value || row.dataset.severity === severity.value) &&
        (!rule.value || row.dataset.rule === rule.value) &&
        (!status.value || row.dataset.status === status.value) &&
        terms.every(function (term) { return texts[index].indexOf(term) !== -1; });
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    count.textContent = shown === rows.length
      ? "Showing all " + rows.length + " findings"
      : "Showing " + shown + " of " + rows.length + " findings";
    empty.hidden = shown !== 0;
  }

  [severity, rule, status].forEach(function (select) { select.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  reset.addEventListener("click", function () {
    severity.value = ""; rule.value = ""; status.value = ""; search.value = "";
    apply();
  });
  controls.hidden = false;
  apply();
}());
