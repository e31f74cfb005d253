/*
 * The Stats tab's live charts: a WebSocket to the docker proxy, opened with
 * a one-minute ticket that Horizon mints (the browser never holds a Keystone
 * token, and no Horizon worker is held while the tab is open). The proxy
 * sends one JSON text frame per Docker sample (about every second):
 *   {time, t, cpu, mem, mem_limit, net_rx, net_tx, blk_read, blk_write}
 * (t: Unix seconds; cpu: null on the first sample; net_*: null without a
 * network) and finally {event: "end", reason, message}.
 *
 * Network and block I/O come as running totals; their charts show bytes per
 * second between consecutive samples. If the socket drops without an end
 * frame while the tab is on screen, a fresh ticket is minted and the socket
 * reopened; the charts keep their samples across the reconnect.
 *
 * The ticket, the socket and reconnecting are ticket_socket.js's. rates,
 * human and socketUrl are pure and tested under node (tests/js/).
 */
(function (root) {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var KEEP = 60;           // samples shown per chart
  var COLOURS = ['#1f77b4', '#ff7f0e'];
  var gettext = function (text) { return root.gettext ? root.gettext(text) : text; };

  /* A figure for people: '12.5 %', '3.2 MiB'; null is unknown. */
  function human(value, unit) {
    if (value === null || value === undefined) { return '\u2014'; }
    if (unit === '%') { return value.toFixed(1) + ' %'; }
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var i = 0;
    while (value >= 1024 && i < units.length - 1) { value /= 1024; i += 1; }
    return value.toFixed(i ? 1 : 0) + ' ' + units[i];
  }

  /* Bytes per second between consecutive samples of running totals. The
   * time between them is the samples' own (t), so a reconnect's gap is not
   * drawn as a burst; a total that went down (the container restarted)
   * counts as 0, an unknown one as null. */
  function rates(samples, series) {
    return samples.slice(1).map(function (s, i) {
      var before = samples[i];
      var seconds = (s.t && before.t) ? s.t - before.t : 1;
      if (!(seconds > 0)) { seconds = 1; }
      var point = {t: s.t};
      series.forEach(function (k) {
        point[k] = (s[k] === null || s[k] === undefined ||
                    before[k] === null || before[k] === undefined) ?
          null : Math.max(s[k] - before[k], 0) / seconds;
      });
      return point;
    });
  }

  /* The WebSocket address: the proxy's ws_url with the ticket. */
  function socketUrl(wsUrl, ticket) {
    return wsUrl + '?ticket=' + encodeURIComponent(ticket);
  }

  /* The smallest 1, 2 or 5 times a power of ten that is at least value. */
  function niceCeil(value) {
    if (!(value > 0)) { return 0; }
    var power = Math.pow(10, Math.floor(Math.log10(value)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i += 1) {
      if (steps[i] * power >= value * (1 - 1e-9)) { return steps[i] * power; }
    }
    return 10 * power;
  }

  /* The value at the top of a chart's scale. CPU is drawn against what the
   * container may use (its CPU limit, 100 % a CPU) and memory against its
   * limit, so 0.2 % of a CPU stays at the bottom; a figure above the limit
   * (or a series without one) widens the scale to a round number. */
  function scaleTop(max, limit) {
    var top = limit > 0 ? limit : 0;
    if (max > top) { top = niceCeil(max); }
    return top > 0 ? top : 1;
  }

  /* The SVG y of a value on a 0..top scale (the chart is 100 high, with a
   * 2-unit margin at the bottom and 4 at the top). */
  function plotY(value, top) {
    return 98 - Math.min(Math.max(value || 0, 0), top) / top * 94;
  }

  function tickText(value, unit, rate) {
    var text = unit === '%' ? (value < 10 ? value.toFixed(1) : value.toFixed(0)) + ' %'
      : human(value, 'bytes');
    return rate ? text + gettext('/s') : text;
  }

  function gridLine(svg, y) {
    var line = root.document.createElementNS(SVG, 'line');
    line.setAttribute('x1', '0');
    line.setAttribute('x2', '300');
    line.setAttribute('y1', y.toFixed(1));
    line.setAttribute('y2', y.toFixed(1));
    line.setAttribute('class', 'dd-grid');
    line.setAttribute('vector-effect', 'non-scaling-stroke');
    svg.appendChild(line);
  }

  /* limit: the series' ceiling (CPU limit in %, memory limit in bytes). */
  function draw(svg, series, samples, limit) {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var rate = svg.getAttribute('data-rate') === '1';
    if (rate) {
      samples = rates(samples, series);
    }
    var max = 0;
    samples.forEach(function (s) {
      series.forEach(function (k) { max = Math.max(max, s[k] || 0); });
    });
    var top = scaleTop(max, rate ? 0 : limit);
    [0, 0.5, 1].forEach(function (part) { gridLine(svg, plotY(top * part, top)); });
    series.forEach(function (key, n) {
      var points = samples.map(function (s, i) {
        var x = samples.length > 1 ? i * 300 / (KEEP - 1) : 0;
        return x.toFixed(1) + ',' + plotY(s[key], top).toFixed(1);
      });
      var line = root.document.createElementNS(SVG, 'polyline');
      line.setAttribute('points', points.join(' '));
      line.setAttribute('fill', 'none');
      line.setAttribute('stroke', COLOURS[n % COLOURS.length]);
      line.setAttribute('stroke-width', '2');
      line.setAttribute('vector-effect', 'non-scaling-stroke');
      svg.appendChild(line);
    });
    svg.setAttribute('data-points', String(samples.length));
    svg.setAttribute('data-top', String(top));
    // The scale beside the chart: its top, its middle and 0.
    var box = svg.parentNode;
    var unit = svg.getAttribute('data-unit');
    Array.prototype.forEach.call(box.querySelectorAll('[data-tick]'), function (tick) {
      var part = parseFloat(tick.getAttribute('data-tick'));
      tick.textContent = tickText(top * part, unit, rate);
    });
  }

  function valueText(keys, last) {
    if (keys[0] === 'net_rx' && last.net_rx === null) {
      return gettext('no network');
    }
    var unit = keys[0] === 'cpu' ? '%' : 'bytes';
    var text = keys.map(function (k) { return human(last[k], unit); }).join(' / ');
    if (keys[0] === 'mem' && last.mem_limit) {
      text += ' ' + gettext('of') + ' ' + human(last.mem_limit, 'bytes');
    }
    return text;
  }

  function LiveStats(el) {
    var self = this;
    this.el = el;
    this.samples = [];
    this.charts = el.querySelectorAll('.dd-chart');
    this.values = el.querySelectorAll('.dd-stats-value');
    this.status = el.querySelector('.dd-stats-status');
    this.endLine = el.querySelector('.dd-stats-end');
    this.shown = false;
    // Looked up now, not when this script runs: on a page whose Stats tab
    // is inline, this script comes before Horizon's bundle that holds it.
    this.link = new root.DockerDashboardTicketSocket.TicketSocket({
      el: el,
      url: function (answer) { return socketUrl(answer.ws_url, answer.ticket); },
      onOpen: function () {
        self.setStatus(gettext('Live figures, pushed by Docker about once a second.'));
      },
      onFrame: function (message) {
        if (!message || typeof message !== 'object') {
          return false;
        }
        self.receive(message);
        return true;
      },
      onEnd: function (message) { self.end(message); },
      setStatus: function (text) { self.setStatus(text); },
      active: function () { return self.shown; },
      failedStarts: 2,
      unavailable: gettext('Live figures are not available right now.')
    });
  }

  LiveStats.prototype.setStatus = function (text) {
    this.status.textContent = text;
  };

  /* The tab came on screen: stream. It went away: stop (no reconnect). */
  LiveStats.prototype.show = function (shown) {
    this.shown = shown;
    if (shown && !this.link.socket && !this.link.ended) {
      this.link.connect();
    } else if (!shown) {
      this.link.disconnect();
    }
  };

  LiveStats.prototype.receive = function (sample) {
    var samples = this.samples;
    samples.push(sample);
    if (samples.length > KEEP) { samples.shift(); }
    var cpuLimit = parseFloat(this.el.getAttribute('data-cpu-limit')) * 100 || 0;
    Array.prototype.forEach.call(this.charts, function (svg) {
      var series = svg.getAttribute('data-series').split(',');
      var limit = series[0] === 'cpu' ? cpuLimit : (series[0] === 'mem' ? sample.mem_limit : 0);
      draw(svg, series, samples, limit);
    });
    Array.prototype.forEach.call(this.values, function (el) {
      el.textContent = valueText(el.getAttribute('data-series').split(','), sample);
    });
  };

  LiveStats.prototype.end = function (message) {
    this.endLine.textContent = '\u2014 ' + (message.message || message.reason) + ' \u2014';
    this.endLine.hidden = false;
    this.setStatus(gettext('Ended: ') + message.reason);
  };

  function watch(el) {
    if (el.getAttribute('data-running') !== '1' || !root.WebSocket || !root.fetch) {
      return;
    }
    var live = new LiveStats(el);
    // Stream only while the Stats tab is on screen: Horizon hides the other
    // tabs with display:none, which is what offsetParent tells (scrolling
    // the charts out of view does not stop them).
    var observer = new root.IntersectionObserver(function () {
      live.show(el.offsetParent !== null);
    });
    observer.observe(el);
  }

  var api = {rates: rates, human: human, socketUrl: socketUrl, KEEP: KEEP,
             niceCeil: niceCeil, scaleTop: scaleTop, plotY: plotY, tickText: tickText};
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.DockerDashboardStats = api;
  root.DockerDashboard.start('stats', '[data-dd-stats]', watch);
}(typeof window !== 'undefined' ? window : this));
