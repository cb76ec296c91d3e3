/* Charts (Apache ECharts, SVG renderer: no GPU, prints sharply) from the JSON beside each figure.
   The table under every chart holds the same figures for screen readers and printing. */
(function () {
  "use strict";
  if (!window.echarts) return;
  var charts = [];
  document.querySelectorAll("script[data-chart-for]").forEach(function (script) {
    var el = document.getElementById(script.dataset.chartFor);
    if (!el) return;
    var c = JSON.parse(script.textContent), kind = el.dataset.kind || "bar";
    var chart = echarts.init(el, null, {renderer: "svg"});
    var option;
    var fmt = function (v) { return Number(v).toLocaleString(document.documentElement.lang, {maximumFractionDigits: 1}); };
    if (kind === "pie") {
      option = {tooltip: {trigger: "item", valueFormatter: fmt}, legend: {bottom: 0, type: "scroll"},
        series: [{type: "pie", radius: ["38%", "68%"], center: ["50%", "45%"], label: {show: false},
          data: c.labels.map(function (l, i) {
            return {name: l, value: c.values[i], itemStyle: c.colours && c.colours[i] ? {color: c.colours[i]} : undefined};
          })}]};
    } else if (kind === "line") {
      option = {tooltip: {trigger: "axis", valueFormatter: fmt}, grid: {left: 48, right: 16, top: 16, bottom: 32},
        xAxis: {type: "category", data: c.labels}, yAxis: {type: "value"},
        series: [{type: "bar", data: c.values, itemStyle: {color: "#2ca25f"}}]};
    } else {
      var rows = c.labels.map(function (l, i) { return [l, c.values[i]]; }).sort(function (a, b) { return a[1] - b[1]; });
      option = {tooltip: {trigger: "axis", axisPointer: {type: "shadow"}, valueFormatter: fmt},
        grid: {left: 8, right: 24, top: 8, bottom: 8, containLabel: true},
        xAxis: {type: "value", axisLabel: {formatter: fmt}},
        yAxis: {type: "category", data: rows.map(function (r) { return r[0].length > 28 ? r[0].slice(0, 27) + "…" : r[0]; }),
          axisLabel: {fontSize: 11}},
        series: [{type: "bar", data: rows.map(function (r) { return r[1]; }), itemStyle: {color: "#0b6e74"}}]};
      el.style.height = Math.max(220, 22 * rows.length + 30) + "px";
    }
    // tooltips drawn inside the chart: the HTML ones carry style attributes, which the CSP refuses
    option.tooltip.renderMode = "richText";
    option.aria = {enabled: true};
    option.animation = false;
    chart.setOption(option);
    chart.resize();
    el.dataset.state = "ready";
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
})();
