/* The findings table: drawn a page at a time from the embedded JSON, so 100,000 findings
   stay fast. Filters, search and sort cover every finding; their state lives in the
   URL's query, so a link or a reload shows the same view. Without JavaScript the
   controls stay hidden and the compact list of findings shows instead. Every value is
   set as text (textContent), never parsed as markup. */
(function () {
  "use strict";
  var holder = document.getElementById("findings-data");
  var app = document.getElementById("findings-app");
  var controls = document.getElementById("findings-controls");
  if (!holder || !app || !controls) { return; }
  document.documentElement.classList.add("js");

  var PAGE = 100;
  var data = JSON.parse(holder.textContent);
  var rules = data.rules, clauses = data.clauses, rows = data.findings;
  var F = {};
  data.fields.forEach(function (name, index) { F[name] = index; });
  var byId = null;
  /* Whether a finding of this ID exists; the lookup is built at the first link followed. */
  function known(id) {
    if (byId === null) {
      byId = {};
      rows.forEach(function (row, index) { byId[row[F.finding_id]] = index; });
    }
    return Object.prototype.hasOwnProperty.call(byId, id);
  }

  var inputs = {
    severity: document.getElementById("filter-severity"),
    rule: document.getElementById("filter-rule"),
    status: document.getElementById("filter-status"),
    control: document.getElementById("filter-control"),
    sort: document.getElementById("findings-sort"),
    q: document.getElementById("filter-search")
  };
  var tbody = document.querySelector("#findings-table tbody");
  var count = document.getElementById("findings-count");
  var empty = document.getElementById("findings-empty");
  var pageInfo = document.getElementById("page-info");
  var prev = document.getElementById("page-prev");
  var next = document.getElementById("page-next");
  var list = document.getElementById("findings-list");
  var page = 0;
  var shown = [];

  /* Lower case without accents, so "zoe" finds "Zoë" and "ines" finds "Inês". */
  function fold(text) {
    var lower = text.toLowerCase();
    return /[^\x00-\x7f]/.test(lower) ? lower.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : lower;
  }
  function detailOf(row) {
    var parts = row[F.detail];
    return typeof parts === "number" ? clauses[parts] : parts.map(function (i) { return clauses[i]; }).join("");
  }
  function field(row, name) { return row[F[name]]; }
  function ruleId(row) { return rules[row[F.rule]][0]; }
  function severity(row) { return data.severities[row[F.severity]]; }
  function status(row) { return data.statuses[row[F.status]]; }
  function subjectType(row) { return data.subject_types[row[F.subject_type]]; }

  var ruleTexts = rules.map(function (rule) { return fold(rule[0] + "\n" + rule[1] + "\n" + rule[2].join("\n")); });
  var clauseTexts = null;
  var texts = null;
  /* A finding's own text (ID, subject, exemption) folded once, after the page has loaded or
     at the first search. Its detail is searched through the shared clauses instead: a
     search term holds no space and a clause ends at one, so a term within a detail is
     always within one of its clauses. */
  function searchTexts() {
    if (texts === null) {
      clauseTexts = clauses.map(fold);
      texts = new Array(rows.length);
      for (var i = 0; i < rows.length; i += 1) {
        var row = rows[i];
        texts[i] = fold(row[F.finding_id] + "\n" + subjectType(row) + " " + row[F.subject_id] + "\n" +
          row[F.subject_name] + "\n" + row[F.subject_email] + "\n" + row[F.entitlement] + "\n" +
          row[F.exemption] + "\n" + row[F.exemption_note]);
      }
    }
    return texts;
  }
  /* Whether finding `i` holds `term`, given which clauses hold it. */
  function holds(i, term, inClause) {
    if (texts[i].indexOf(term) !== -1 || ruleTexts[rows[i][F.rule]].indexOf(term) !== -1) { return true; }
    var parts = rows[i][F.detail];
    if (typeof parts === "number") { return inClause[parts] === 1; }
    for (var p = 0; p < parts.length; p += 1) { if (inClause[parts[p]] === 1) { return true; } }
    return false;
  }

  var SORTS = {
    rule: function (a, b) { return rules[rows[a][F.rule]][0] < rules[rows[b][F.rule]][0] ? -1 : rules[rows[a][F.rule]][0] > rules[rows[b][F.rule]][0] ? 1 : a - b; },
    subject: function (a, b) {
      var x = fold(rows[a][F.subject_name]), y = fold(rows[b][F.subject_name]);
      return x < y ? -1 : x > y ? 1 : a - b;
    },
    status: function (a, b) { return rows[a][F.status] - rows[b][F.status] || a - b; },
    id: function (a, b) { return rows[a][F.finding_id] < rows[b][F.finding_id] ? -1 : 1; }
  };

  function state() {
    return { severity: inputs.severity.value, rule: inputs.rule.value, status: inputs.status.value,
      control: inputs.control.value, sort: inputs.sort.value, q: inputs.q.value };
  }

  function matching(current) {
    var terms = fold(current.q).split(/\s+/).filter(Boolean);
    var sev = data.severities.indexOf(current.severity), st = data.statuses.indexOf(current.status);
    var ruleOk = rules.map(function (rule) {
      return (!current.rule || rule[0] === current.rule) && (!current.control || rule[2].indexOf(current.control) !== -1);
    });
    if (terms.length) { searchTexts(); }
    var inClauses = terms.map(function (term) {
      var marks = new Uint8Array(clauses.length);
      clauseTexts.forEach(function (text, index) { if (text.indexOf(term) !== -1) { marks[index] = 1; } });
      return marks;
    });
    var result = [];
    for (var i = 0; i < rows.length; i += 1) {
      var row = rows[i];
      if (!ruleOk[row[F.rule]] || (current.severity && row[F.severity] !== sev) || (current.status && row[F.status] !== st)) { continue; }
      var ok = true;
      for (var t = 0; t < terms.length && ok; t += 1) { ok = holds(i, terms[t], inClauses[t]); }
      if (ok) { result.push(i); }
    }
    if (SORTS[current.sort]) { result.sort(SORTS[current.sort]); }
    return result;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function tableRow(row) {
    var tr = el("tr");
    tr.dataset.findingId = row[F.finding_id];
    tr.dataset.severity = severity(row);
    tr.dataset.rule = ruleId(row);
    tr.dataset.status = status(row);
    var cell = el("td"); cell.appendChild(el("span", "sev sev-" + severity(row), severity(row))); tr.appendChild(cell);
    cell = el("td");
    var link = el("a", "", ruleId(row)); link.href = "#rule-" + ruleId(row);
    cell.appendChild(link); cell.appendChild(el("br")); cell.appendChild(el("span", "muted", rules[row[F.rule]][1]));
    tr.appendChild(cell);
    cell = el("td"); cell.appendChild(el("span", "status status-" + status(row), status(row))); tr.appendChild(cell);
    cell = el("td", "subject");
    cell.appendChild(el("span", "name", row[F.subject_name])); cell.appendChild(el("br"));
    cell.appendChild(el("span", "muted", subjectType(row) + " " + row[F.subject_id]));
    if (row[F.subject_email]) { cell.appendChild(el("br")); cell.appendChild(el("span", "email", row[F.subject_email])); }
    tr.appendChild(cell);
    cell = el("td", "detail", detailOf(row));
    if (row[F.exemption]) { cell.appendChild(el("p", "exemption", row[F.exemption])); }
    if (row[F.exemption_note]) { cell.appendChild(el("p", "exemption expired", row[F.exemption_note])); }
    tr.appendChild(cell);
    cell = el("td"); cell.appendChild(el("code", "id", row[F.finding_id])); tr.appendChild(cell);
    return tr;
  }

  function draw() {
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    var fragment = document.createDocumentFragment();
    shown.slice(page * PAGE, (page + 1) * PAGE).forEach(function (i) { fragment.appendChild(tableRow(rows[i])); });
    tbody.textContent = "";
    tbody.appendChild(fragment);
    count.textContent = shown.length === rows.length
      ? "Showing all " + rows.length + " findings"
      : "Showing " + shown.length + " of " + rows.length + " findings";
    empty.hidden = shown.length !== 0;
    pageInfo.textContent = shown.length > PAGE
      ? "Page " + (page + 1) + " of " + pages + " (rows " + (page * PAGE + 1) + "\u2013" + Math.min((page + 1) * PAGE, shown.length) + ")"
      : "";
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    document.getElementById("findings-pager").hidden = shown.length <= PAGE;
  }

  function remember(current) {
    var query = new URLSearchParams();
    Object.keys(current).forEach(function (key) {
      if (current[key] && !(key === "sort" && current[key] === "severity")) { query.set(key, current[key]); }
    });
    if (page > 0) { query.set("page", String(page + 1)); }
    var search = query.toString();
    try {
      history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    } catch (error) { /* a browser that refuses to rewrite this URL keeps the view, not the link */ }
  }

  function apply(keepPage) {
    if (!keepPage) { page = 0; }
    var current = state();
    shown = matching(current);
    draw();
    remember(current);
  }

  function restore() {
    var query = new URLSearchParams(location.search);
    Object.keys(inputs).forEach(function (key) {
      var value = query.get(key);
      if (value === null) { return; }
      var input = inputs[key];
      if (input.tagName === "SELECT" && !Array.prototype.some.call(input.options, function (o) { return o.value === value; })) { return; }
      input.value = value;
    });
    page = Math.max(0, (parseInt(query.get("page") || "1", 10) || 1) - 1);
  }

  function showFinding(id) {
    if (!/^F-[0-9a-f]{16}$/.test(id) || !known(id)) { return false; }
    Object.keys(inputs).forEach(function (key) { if (key !== "sort") { inputs[key].value = ""; } });
    inputs.q.value = id;
    apply();
    document.getElementById("findings").scrollIntoView();
    return true;
  }

  function filterBy(key, value) {
    if (!inputs[key]) { return; }
    inputs[key].value = inputs[key].value === value ? "" : value;
    apply();
    document.getElementById("findings").scrollIntoView();
  }

  /* The compact list of every finding that prints, built from the data when the page
     was too large to carry it (a no-op when the list came with the page). */
  function completeList() {
    if (list.dataset.complete === "true") { return; }
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) {
      var li = el("li");
      li.id = row[F.finding_id];
      li.appendChild(el("span", "sev sev-" + severity(row), severity(row)));
      li.appendChild(document.createTextNode(" "));
      var link = el("a", "", ruleId(row)); link.href = "#rule-" + ruleId(row);
      li.appendChild(link);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "status status-" + status(row), status(row)));
      li.appendChild(document.createTextNode(" "));
      var subject = el("span", "subject");
      subject.appendChild(el("span", "name", row[F.subject_name]));
      subject.appendChild(el("span", "muted", " " + subjectType(row) + " " + row[F.subject_id]));
      if (row[F.subject_email]) { subject.appendChild(el("span", "email", " " + row[F.subject_email])); }
      li.appendChild(subject);
      li.appendChild(el("span", "detail", " " + detailOf(row)));
      if (row[F.exemption]) { li.appendChild(el("span", "exemption", " " + row[F.exemption])); }
      if (row[F.exemption_note]) { li.appendChild(el("span", "exemption expired", " " + row[F.exemption_note])); }
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("code", "id", row[F.finding_id]));
      fragment.appendChild(li);
    });
    list.appendChild(fragment);
    list.dataset.complete = "true";
  }

  ["severity", "rule", "status", "control", "sort"].forEach(function (key) {
    inputs[key].addEventListener("change", function () { apply(); });
  });
  inputs.q.addEventListener("input", function () { apply(); });
  document.getElementById("filter-reset").addEventListener("click", function () {
    Object.keys(inputs).forEach(function (key) { inputs[key].value = key === "sort" ? "severity" : ""; });
    apply();
  });
  prev.addEventListener("click", function () { page -= 1; apply(true); });
  next.addEventListener("click", function () { page += 1; apply(true); });
  /* A bar of a chart or a rule's "show" button filters the table. */
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-filter-key]") : null;
    if (target) { filterBy(target.getAttribute("data-filter-key"), target.getAttribute("data-filter-value")); }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target.closest ? event.target.closest("svg [data-filter-key]") : null;
    if (target && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      filterBy(target.getAttribute("data-filter-key"), target.getAttribute("data-filter-value"));
    }
  });
  /* Links to a finding (#F-...) from other sections show it in the table. */
  window.addEventListener("hashchange", function () { showFinding(location.hash.slice(1)); });
  window.addEventListener("beforeprint", completeList);
  if (window.matchMedia) {
    window.matchMedia("print").addEventListener("change", function (event) { if (event.matches) { completeList(); } });
  }
  window.addEventListener("load", function () { setTimeout(searchTexts, 0); });

  restore();
  controls.hidden = false;
  app.hidden = false;
  if (!(location.hash && !location.search && showFinding(location.hash.slice(1)))) { apply(true); }
}());
