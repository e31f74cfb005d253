/* Live container stats: one EventSource to Horizon's stats view (fed by the
 * proxy's stats?stream=1), drawn as small SVG line charts. Nothing polls:
 * Docker pushes a sample about every second and the server ends the stream
 * after a while; the user resumes it with a button. Vanilla JS, so it runs
 * wherever the tab's markup lands. */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var KEEP = 60;           // samples shown per chart
  var COLOURS = ['#1f77b4', '#ff7f0e'];

  function human(value, unit) {
    if (unit === '%') { return value.toFixed(1) + ' %'; }
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var i = 0;
    while (value >= 1024 && i < units.length - 1) { value /= 1024; i += 1; }
    return value.toFixed(i ? 1 : 0) + ' ' + units[i];
  }

  // Docker's network and block I/O figures are running totals; their chart
  // shows the change between samples (bytes per sample, about per second).
  function rates(samples, series) {
    return samples.slice(1).map(function (s, i) {
      var point = {};
      series.forEach(function (k) {
        point[k] = Math.max((s[k] || 0) - (samples[i][k] || 0), 0);
      });
      return point;
    });
  }

  function draw(svg, series, samples) {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    if (svg.getAttribute('data-rate') === '1') {
      samples = rates(samples, series);
    }
    var max = 0;
    samples.forEach(function (s) {
      series.forEach(function (k) { max = Math.max(max, s[k] || 0); });
    });
    if (max === 0) { max = 1; }
    series.forEach(function (key, n) {
      var points = samples.map(function (s, i) {
        var x = samples.length > 1 ? i * 300 / (KEEP - 1) : 0;
        var y = 98 - (s[key] || 0) / max * 94;
        return x.toFixed(1) + ',' + y.toFixed(1);
      });
      var line = document.createElementNS(SVG, 'polyline');
      line.setAttribute('points', points.join(' '));
      line.setAttribute('fill', 'none');
      line.setAttribute('stroke', COLOURS[n % COLOURS.length]);
      line.setAttribute('stroke-width', '2');
      line.setAttribute('vector-effect', 'non-scaling-stroke');
      svg.appendChild(line);
    });
    svg.setAttribute('data-points', String(samples.length));
  }

  function start(root) {
    var samples = [];
    var resume = root.querySelector('.dd-stats-resume');
    var charts = root.querySelectorAll('.dd-chart');
    var values = root.querySelectorAll('.dd-stats-value');
    var source = new EventSource(root.getAttribute('data-events-url'));
    root.setAttribute('data-streaming', '1');

    function stop() {
      source.close();
      root.removeAttribute('data-streaming');
      if (resume) { resume.hidden = false; }
    }
    source.onmessage = function (event) {
      samples.push(JSON.parse(event.data));
      if (samples.length > KEEP) { samples.shift(); }
      var last = samples[samples.length - 1];
      Array.prototype.forEach.call(charts, function (svg) {
        draw(svg, svg.getAttribute('data-series').split(','), samples);
      });
      Array.prototype.forEach.call(values, function (el) {
        var keys = el.getAttribute('data-series').split(',');
        var unit = keys[0] === 'cpu' ? '%' : 'bytes';
        el.textContent = keys.map(function (k) {
          return human(last[k] || 0, unit);
        }).join(' / ') + (keys[0] === 'mem' && last.mem_limit ?
          ' of ' + human(last.mem_limit, 'bytes') : '');
      });
    };
    source.addEventListener('end', stop);
    source.addEventListener('failure', stop);
    source.onerror = stop;
  }

  function watch(root) {
    if (root.getAttribute('data-running') !== '1' ||
        root.getAttribute('data-watched')) { return; }
    root.setAttribute('data-watched', '1');
    var resume = root.querySelector('.dd-stats-resume');
    if (resume) {
      resume.addEventListener('click', function () {
        resume.hidden = true;
        start(root);
      });
    }
    // Stream only while the Stats tab is on screen (it is hidden until
    // chosen); one stream per showing.
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && !root.getAttribute('data-streaming') &&
            !root.getAttribute('data-started')) {
          root.setAttribute('data-started', '1');
          start(root);
        }
      });
    });
    observer.observe(root);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('.dd-stats'), watch);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
