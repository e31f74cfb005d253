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
 * rates, human and socketUrl are pure and tested under node (tests/js/).
 */
(function (root) {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var KEEP = 60;           // samples shown per chart
  var COLOURS = ['#1f77b4', '#ff7f0e'];
  var RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000, 10000];
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
    this.el = el;
    this.samples = [];
    this.charts = el.querySelectorAll('.dd-chart');
    this.values = el.querySelectorAll('.dd-stats-value');
    this.status = el.querySelector('.dd-stats-status');
    this.endLine = el.querySelector('.dd-stats-end');
    this.socket = null;
    this.generation = 0;
    this.retries = 0;
    this.everOpened = false;
    this.ended = false;
    this.shown = false;
  }

  LiveStats.prototype.setStatus = function (text) {
    this.status.textContent = text;
  };

  LiveStats.prototype.csrfToken = function () {
    var input = this.el.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : '';
  };

  /* The tab came on screen: stream. It went away: stop (no reconnect). */
  LiveStats.prototype.show = function (shown) {
    this.shown = shown;
    if (shown && !this.socket && !this.ended) {
      this.connect();
    } else if (!shown) {
      this.disconnect();
    }
  };

  LiveStats.prototype.disconnect = function () {
    this.generation += 1;
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.close();
      this.socket = null;
    }
  };

  LiveStats.prototype.connect = function () {
    var self = this;
    this.disconnect();
    var generation = this.generation;
    // A placeholder until the ticket comes: show() must not connect twice.
    this.socket = {close: function () {}};
    root.fetch(this.el.getAttribute('data-ticket-url'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'X-CSRFToken': this.csrfToken(), 'X-Requested-With': 'XMLHttpRequest'}
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('ticket refused: ' + response.status);
      }
      return response.json();
    }).then(function (answer) {
      if (generation === self.generation) {
        self.open(answer, generation);
      }
    }).catch(function () {
      if (generation === self.generation) {
        self.lost();
      }
    });
  };

  LiveStats.prototype.open = function (answer, generation) {
    var self = this;
    var socket = new root.WebSocket(socketUrl(answer.ws_url, answer.ticket));
    this.socket = socket;
    socket.onopen = function () {
      self.everOpened = true;
      self.setStatus(gettext('Live figures, pushed by Docker about once a second.'));
    };
    socket.onmessage = function (event) {
      var message;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (message && message.event === 'end') {
        self.end(message);
      } else if (message && typeof message === 'object') {
        self.retries = 0;
        self.receive(message);
      }
    };
    socket.onclose = function () {
      if (generation === self.generation) {
        self.lost();
      }
    };
  };

  /* The socket closed (or never opened) without an end frame. */
  LiveStats.prototype.lost = function () {
    var self = this;
    this.socket = null;
    if (this.ended || !this.shown) {
      return;
    }
    if (!this.everOpened && this.retries >= 2) {
      this.setStatus(gettext('Live figures are not available right now.'));
      return;
    }
    var delay = RECONNECT_DELAYS_MS[Math.min(this.retries, RECONNECT_DELAYS_MS.length - 1)];
    this.retries += 1;
    this.setStatus(gettext('Connection lost, reconnecting\u2026'));
    var generation = this.generation;
    root.setTimeout(function () {
      if (!self.ended && self.shown && generation === self.generation && !self.socket) {
        self.connect();
      }
    }, delay);
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
    this.ended = true;
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
