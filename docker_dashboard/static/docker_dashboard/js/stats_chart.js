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
  var gettext = root.gettext || function (text) { return text; };

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
      var line = root.document.createElementNS(SVG, 'polyline');
      line.setAttribute('points', points.join(' '));
      line.setAttribute('fill', 'none');
      line.setAttribute('stroke', COLOURS[n % COLOURS.length]);
      line.setAttribute('stroke-width', '2');
      line.setAttribute('vector-effect', 'non-scaling-stroke');
      svg.appendChild(line);
    });
    svg.setAttribute('data-points', String(samples.length));
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
    Array.prototype.forEach.call(this.charts, function (svg) {
      draw(svg, svg.getAttribute('data-series').split(','), samples);
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
    if (el.getAttribute('data-running') !== '1' || el.getAttribute('data-dd-started') ||
        !root.WebSocket || !root.fetch) {
      return;
    }
    el.setAttribute('data-dd-started', '1');
    var live = new LiveStats(el);
    // Stream only while the Stats tab is on screen: Horizon hides the other
    // tabs with display:none, which is what offsetParent tells (scrolling
    // the charts out of view does not stop them).
    var observer = new root.IntersectionObserver(function () {
      live.show(el.offsetParent !== null);
    });
    observer.observe(el);
  }

  function init(scope) {
    var nodes = (scope || root.document).querySelectorAll('[data-dd-stats]');
    Array.prototype.forEach.call(nodes, watch);
  }

  var api = {rates: rates, human: human, socketUrl: socketUrl, KEEP: KEEP};
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.DockerDashboardStats = api;
  if (root.document.readyState === 'loading') {
    root.document.addEventListener('DOMContentLoaded', function () { init(root.document); });
  } else {
    init(root.document);
  }
}(typeof window !== 'undefined' ? window : this));
