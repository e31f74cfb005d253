/*
 * The Logs tab's live view: a WebSocket to the docker proxy, opened with a
 * one-minute ticket that Horizon mints (the browser never holds a Keystone
 * token). The proxy sends JSON text frames: an array of lines
 * [{stream, text, ts, truncated}, ...] per read from dockerd, and finally
 * {event: "end", reason, message}.
 *
 * Lines are rendered by DockerDashboardAnsiLog.renderLine (textContent only,
 * never innerHTML). The page keeps at most MAX_LINES lines; a reconnect asks
 * the proxy to resume after the last line kept (its timestamp and how many
 * lines share it), so nothing is missed or shown twice. If no WebSocket can
 * be opened, the server-rendered last lines stay on screen.
 *
 * The ticket, the socket and reconnecting are ticket_socket.js's. LineBuffer
 * and socketUrl are pure and tested under node (tests/js/).
 */
(function (root) {
  'use strict';

  var MAX_LINES = 10000;
  var gettext = root.gettext || function (text) { return text; };

  /* The lines kept, bounded, and the resume point after the last one. */
  function LineBuffer(max) {
    this.max = max || MAX_LINES;
    this.lines = [];
    this.dropped = 0;
    this.lastTs = null;
    this.lastTsCount = 0;
  }

  /* Adds lines; returns the oldest ones pushed out by the bound. */
  LineBuffer.prototype.push = function (lines) {
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      this.lines.push(line);
      if (line.ts) {
        if (line.ts === this.lastTs) {
          this.lastTsCount += 1;
        } else {
          this.lastTs = line.ts;
          this.lastTsCount = 1;
        }
      }
    }
    var excess = this.lines.length - this.max;
    if (excess <= 0) {
      return [];
    }
    this.dropped += excess;
    return this.lines.splice(0, excess);
  };

  LineBuffer.prototype.clear = function () {
    LineBuffer.call(this, this.max);
  };

  /* What the proxy needs to continue after the last line kept. */
  LineBuffer.prototype.resumePoint = function () {
    return this.lastTs ? {resume_ts: this.lastTs, resume_count: String(this.lastTsCount)} : null;
  };

  /* The WebSocket address: the proxy's ws_url plus the query. */
  function socketUrl(wsUrl, ticket, options, resume) {
    var query = [['ticket', ticket],
                 ['tail', String(options.tail || 100)],
                 ['stdout', options.stdout ? '1' : '0'],
                 ['stderr', options.stderr ? '1' : '0']];
    if (options.since) {
      query.push(['since', options.since]);
    }
    if (resume) {
      query.push(['resume_ts', resume.resume_ts], ['resume_count', resume.resume_count]);
    }
    return wsUrl + '?' + query.map(function (pair) {
      return encodeURIComponent(pair[0]) + '=' + encodeURIComponent(pair[1]);
    }).join('&');
  }

  /* A datetime-local value as Unix seconds, or '' (dockerd's `since`). */
  function sinceSeconds(value) {
    if (!value) {
      return '';
    }
    var millis = new Date(value).getTime();
    return isNaN(millis) ? '' : String(Math.floor(millis / 1000));
  }

  function LiveLog(el) {
    this.el = el;
    this.doc = el.ownerDocument;
    this.view = el.querySelector('.dd-logs-view');
    this.fallback = el.querySelector('.dd-logs-fallback');
    this.status = el.querySelector('.dd-logs-status');
    this.notice = el.querySelector('.dd-logs-notice');
    this.jump = el.querySelector('.dd-logs-jump');
    this.form = el.querySelector('.dd-logs-options');
    this.buffer = new LineBuffer(MAX_LINES);
    this.pending = [];
    this.paused = false;
    this.query = '';
    this.link = this.makeLink();
    this.bind();
  }

  LiveLog.prototype.field = function (name) {
    return this.form.elements[name];
  };

  LiveLog.prototype.options = function () {
    var tail = parseInt(this.field('tail').value, 10);
    return {
      tail: isNaN(tail) ? 100 : Math.min(Math.max(tail, 1), MAX_LINES),
      since: sinceSeconds(this.field('since').value),
      stdout: this.field('stdout').checked,
      stderr: this.field('stderr').checked
    };
  };

  LiveLog.prototype.setStatus = function (text) {
    this.status.textContent = text;
  };

  LiveLog.prototype.bind = function () {
    var self = this;
    ['tail', 'since', 'stdout', 'stderr'].forEach(function (name) {
      self.field(name).addEventListener('change', function () { self.restart(); });
    });
    this.field('timestamps').addEventListener('change', function () { self.applyDisplay(); });
    this.field('wrap').addEventListener('change', function () { self.applyDisplay(); });
    var searchTimer = null;
    this.field('search').addEventListener('input', function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(function () {
        self.query = self.field('search').value;
        self.rerender();
      }, 150);
    });
    this.el.querySelector('[data-dd-action="pause"]').addEventListener('click', function (event) {
      self.togglePause(event.currentTarget);
    });
    this.el.querySelector('[data-dd-action="copy"]').addEventListener('click', function () {
      self.copy();
    });
    this.jump.addEventListener('click', function () { self.scrollToEnd(); });
    this.view.addEventListener('scroll', function () {
      if (self.atEnd()) {
        self.jump.hidden = true;
      }
    });
    this.applyDisplay();
  };

  LiveLog.prototype.applyDisplay = function () {
    var timestamps = this.field('timestamps').checked;
    this.view.classList.toggle('dd-logs-show-ts', timestamps);
    this.view.classList.toggle('dd-logs-wrap', this.field('wrap').checked);
    var link = this.el.querySelector('[data-dd-download]');
    link.href = link.href.split('?')[0] + (timestamps ? '?timestamps=1' : '');
  };

  /* New options: forget what is shown and follow again from the tail. */
  LiveLog.prototype.restart = function () {
    this.buffer.clear();
    this.pending = [];
    this.view.textContent = '';
    this.notice.hidden = true;
    this.link.connect();
  };

  /* The socket to the proxy; a reconnect resumes after the last line kept. */
  LiveLog.prototype.makeLink = function () {
    var self = this;
    return new root.DockerDashboardTicketSocket.TicketSocket({
      el: this.el,
      url: function (answer) {
        return socketUrl(answer.ws_url, answer.ticket, self.options(), self.buffer.resumePoint());
      },
      onOpen: function () {
        self.fallback.hidden = true;
        self.view.hidden = false;
        self.setStatus(gettext('Live'));
      },
      onFrame: function (message) {
        if (!Array.isArray(message)) {
          return false;
        }
        self.receive(message);
        return true;
      },
      onEnd: function (message) { self.end(message); },
      setStatus: function (text) { self.setStatus(text); },
      failedStarts: 1,
      unavailable: gettext('The live log is not available: showing the last lines.')
    });
  };

  LiveLog.prototype.receive = function (lines) {
    if (this.paused) {
      this.pending = this.pending.concat(lines);
      if (this.pending.length > MAX_LINES) {
        this.pending.splice(0, this.pending.length - MAX_LINES);
      }
      return;
    }
    this.render(lines);
  };

  LiveLog.prototype.renderOne = function (line) {
    line.node = root.DockerDashboardAnsiLog.renderLine(this.doc, line, {
      query: this.query,
      truncatedLabel: gettext(' \u2026 [line truncated]')
    });
    return line.node;
  };

  LiveLog.prototype.render = function (lines) {
    var follow = this.atEnd();
    var fragment = this.doc.createDocumentFragment();
    for (var i = 0; i < lines.length; i++) {
      fragment.appendChild(this.renderOne(lines[i]));
    }
    this.view.appendChild(fragment);
    var removed = this.buffer.push(lines);
    for (var j = 0; j < removed.length; j++) {
      if (removed[j].node && removed[j].node.parentNode) {
        removed[j].node.parentNode.removeChild(removed[j].node);
      }
    }
    if (this.buffer.dropped) {
      this.notice.hidden = false;
      this.notice.textContent = gettext('Only the last 10,000 lines are kept here; ' +
                                        'older lines were dropped. Download the full log to see them.');
    }
    if (follow) {
      this.scrollToEnd();
    } else {
      this.jump.hidden = false;
    }
  };

  LiveLog.prototype.rerender = function () {
    var fragment = this.doc.createDocumentFragment();
    var lines = this.buffer.lines;
    for (var i = 0; i < lines.length; i++) {
      fragment.appendChild(this.renderOne(lines[i]));
    }
    this.view.textContent = '';
    this.view.appendChild(fragment);
  };

  LiveLog.prototype.end = function (message) {
    var line = this.doc.createElement('div');
    line.className = 'dd-logs-end';
    line.textContent = '\u2014 ' + (message.message || message.reason) + ' \u2014';
    this.view.appendChild(line);
    this.setStatus(gettext('Ended: ') + message.reason);
    if (this.atEnd(line.offsetHeight)) {
      this.scrollToEnd();
    }
  };

  LiveLog.prototype.togglePause = function (button) {
    this.paused = !this.paused;
    button.textContent = this.paused ? gettext('Resume') : gettext('Pause');
    this.setStatus(this.paused ? gettext('Paused (new lines are kept)') : gettext('Live'));
    if (!this.paused && this.pending.length) {
      var pending = this.pending;
      this.pending = [];
      this.render(pending);
    }
  };

  LiveLog.prototype.atEnd = function (slack) {
    var view = this.view;
    return view.scrollHeight - view.scrollTop - view.clientHeight <= 4 + (slack || 0);
  };

  LiveLog.prototype.scrollToEnd = function () {
    this.view.scrollTop = this.view.scrollHeight;
    this.jump.hidden = true;
  };

  LiveLog.prototype.text = function () {
    var showTs = this.field('timestamps').checked;
    return this.buffer.lines.map(function (line) {
      var text = line.node ? line.node.querySelector('.log-text').textContent : line.text;
      return (showTs && line.ts ? line.ts + ' ' : '') + text;
    }).join('\n');
  };

  LiveLog.prototype.copy = function () {
    var self = this;
    var text = this.text();
    if (root.navigator && root.navigator.clipboard) {
      root.navigator.clipboard.writeText(text).then(function () {
        self.setStatus(gettext('Copied to the clipboard'));
      });
      return;
    }
    var area = this.doc.createElement('textarea');
    area.value = text;
    this.el.appendChild(area);
    area.select();
    this.doc.execCommand('copy');
    this.el.removeChild(area);
  };

  function startLiveLog(el) {
    if (root.WebSocket && root.fetch) {
      new LiveLog(el).link.connect();
    }
  }

  var api = {LineBuffer: LineBuffer, socketUrl: socketUrl, sinceSeconds: sinceSeconds,
             MAX_LINES: MAX_LINES};
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.DockerDashboardLiveLogs = api;
  // The tab is inline when it is the active one on page load, or loaded by
  // Horizon's tab JavaScript when first shown (preload = False).
  root.DockerDashboard.start('live-logs', '[data-dd-live-logs]', startLiveLog);
}(typeof window !== 'undefined' ? window : this));
