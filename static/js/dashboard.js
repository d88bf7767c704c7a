// Draws the dashboard's charts from the JSON the page carries (#dashboard-data) with the
// ECharts served from static/ (no CDN). Large type so that it reads on a projector.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var big = document.body.classList.contains("big-screen");
  var text = big ? "#e8eefc" : "#212529";
  var size = big ? 20 : 14;
  var colours = { green: "#198754", yellow: "#ffc107", red: "#dc3545" };
  var charts = [];

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) { return; }
    // The height the server chose for the data (no style attribute: docs/security.md); on the
    // big screen the panel decides, so that everything fits the wall without scrolling.
    if (element.dataset.height && !big) { element.style.height = element.dataset.height + "px"; }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    option.textStyle = { fontSize: size, color: text };
    // Tooltips drawn on the canvas: ECharts' HTML tooltips carry style attributes, which the
    // Content Security Policy blocks (docs/security.md).
    option.tooltip.renderMode = "richText";
    option.animation = !big;
    chart.setOption(option);
    charts.push(chart);
  }

  var anyLight = ["green", "yellow", "red"].some(function (c) { return data.lights[c] > 0; });
  draw("chart-lights", {
    // With nothing to count ECharts would draw three equal slices: say so instead.
    title: anyLight ? undefined : { text: data.names.none, left: "center", top: "middle",
                                    textStyle: { fontSize: size, color: text } },
    tooltip: { trigger: "item" },
    legend: { bottom: 0, textStyle: { fontSize: size, color: text } },
    series: [{
      type: "pie", radius: ["45%", "72%"], label: { fontSize: size, color: text, formatter: "{c}" },
      data: !anyLight ? [] : ["green", "yellow", "red"].map(function (colour) {
        return { name: data.lightLabels[colour], value: data.lights[colour],
                 itemStyle: { color: colours[colour] } };
      })
    }]
  });

  draw("chart-trend", {
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
    legend: { bottom: 0, textStyle: { fontSize: size, color: text } },
    grid: { left: 48, right: 16, top: 16, bottom: 56 },
    xAxis: { type: "category", data: data.trend.labels, axisLabel: { fontSize: size - 2, color: text } },
    yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%", fontSize: size - 2, color: text } },
    series: [
      { name: data.names.actual, type: "line", data: data.trend.actual, smooth: true,
        areaStyle: { opacity: 0.15 }, lineStyle: { width: 3 } },
      { name: data.names.expected, type: "line", data: data.trend.expected,
        lineStyle: { type: "dashed" }, symbol: "none" }
    ]
  });

  // A section's name takes at most 40% of a narrow chart, so that a phone still shows the bars.
  var sectionChart = document.getElementById("chart-sections");
  var nameWidth = Math.min(big ? 420 : 260, sectionChart ? Math.round(sectionChart.clientWidth * 0.4) : 260);
  draw("chart-sections", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { bottom: 0, textStyle: { fontSize: size, color: text } },
    grid: { left: 8, right: 24, top: 8, bottom: 48, containLabel: true },
    xAxis: { type: "value", axisLabel: { fontSize: size - 2, color: text } },
    yAxis: { type: "category", inverse: true, data: data.sections.labels,
             axisLabel: { fontSize: size - 2, color: text, width: nameWidth, overflow: "truncate" } },
    series: [
      { name: data.names.done, type: "bar", stack: "all", data: data.sections.done, itemStyle: { color: colours.green } },
      { name: data.names.open, type: "bar", stack: "all", data: data.sections.open, itemStyle: { color: "#6ea8fe" } },
      { name: data.names.overdue, type: "bar", stack: "all", data: data.sections.overdue, itemStyle: { color: colours.red } }
    ]
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
