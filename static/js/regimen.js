// The treatment decision's regimen follows its drug: when the drug's select (data-regimen-drug) changes, the dose,
// route, interval and duration are filled with that drug's usual regimen (the page's "regimens" JSON, from
// assessments.thresholds.REGIMENS), unless the clinician has changed them from the previous drug's usual one.
(function () {
  var data = document.getElementById("regimens");
  var select = document.querySelector("[data-regimen-drug]");
  if (!data || !select) { return; }
  var regimens = JSON.parse(data.textContent);
  var names = ["dose", "route", "interval", "duration_months"];
  var form = select.form;
  function field(name) { return form.querySelector("[name='" + name + "']"); }
  function usual(drug) {
    var r = regimens[drug] || {dose: "", route: "", interval: "", duration_months: null};
    return names.map(function (name) { return r[name] === null || r[name] === undefined ? "" : String(r[name]); });
  }
  function current() { return names.map(function (name) { var f = field(name); return f ? f.value : ""; }); }
  var previous = select.value;
  select.addEventListener("change", function () {
    var before = usual(previous), now = current();
    var untouched = now.every(function (value, i) { return value === "" || value === before[i]; });
    if (untouched) {
      usual(select.value).forEach(function (value, i) { var f = field(names[i]); if (f) { f.value = value; } });
    }
    previous = select.value;
  });
})();
