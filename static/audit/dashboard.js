// Draws the audit dashboard's charts from the JSON the page embeds (audit-chart-data).
(function () {
  const data = JSON.parse(document.getElementById("audit-chart-data").textContent);
  window.auditCharts = [];
  data.kpis.forEach(function (kpi) {
    const canvas = document.getElementById("kpi-chart-" + kpi.number);
    if (!canvas) return;
    window.auditCharts.push(new Chart(canvas, {
      type: "line",
      data: {
        labels: data.months,
        datasets: [
          { label: kpi.label, data: kpi.values, borderColor: "#0d6efd", spanGaps: true },
          { label: data.labels.target, data: data.months.map(function () { return kpi.target; }),
            borderColor: "#198754", borderDash: [6, 4], pointRadius: 0 },
        ],
      },
      options: {
        animation: false,
        plugins: { title: { display: true, text: kpi.number + ". " + kpi.name } },
        scales: { y: { min: 0, max: 100, title: { display: true, text: "%" } } },
      },
    }));
  });
  const delays = document.getElementById("assessment-delay-chart");
  window.auditCharts.push(new Chart(delays, {
    type: "bar",
    data: {
      labels: data.delays.map(function (d) { return d[0]; }),
      datasets: [{ label: data.labels.episodes, data: data.delays.map(function (d) { return d[1]; }), backgroundColor: "#6f42c1" }],
    },
    options: { animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: data.labels.episodes_axis } } } },
  }));
})();
