/*
 * What the live tabs (Logs, Stats, Console) share: a WebSocket to the docker
 * proxy opened with a one-minute ticket that Horizon mints on a POST (CSRF
 * protected, so the browser never holds a Keystone token), and the way the
 * scripts start on Horizon's pages.
 *
 * TicketSocket keeps one streaming socket alive: it mints a ticket, opens the
 * socket, parses the JSON text frames, stops at the proxy's
 * {event: "end", reason, message} frame, and when the socket drops without
 * one, mints a fresh ticket and reopens after a growing delay. A generation
 * counter discards the answers and close events of sockets replaced since.
 * A close with code 1012 ("service restart") is the proxy stopping
 * gracefully (it is being restarted): the status says so until a socket
 * opens again, and the reconnect starts from the shortest delay.
 *
 * A classic script loaded before the scripts that use it (ADD_JS_FILES);
 * under node it is a CommonJS module, tested in tests/js/.
 */
(function (root) {
  'use strict';

  var RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000, 10000];
  // The close code the proxy sends on every live socket when it stops.
  var SERVICE_RESTART = 1012;
  var gettext = root.gettext || function (text) { return text; };

  /* How long to wait before reconnect attempt number `retries` (from 0). */
  function reconnectDelay(retries) {
    return RECONNECT_DELAYS_MS[Math.min(retries, RECONNECT_DELAYS_MS.length - 1)];
  }

  /* The CSRF token the tab template rendered inside `el`, or ''. */
  function csrfToken(el) {
    var input = el.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : '';
  }

  /* POSTs to the element's data-ticket-url; resolves to Horizon's answer
   * {ticket, ws_url}, rejects when the ticket is refused. */
  function requestTicket(el, fetch) {
    return (fetch || root.fetch)(el.getAttribute('data-ticket-url'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'X-CSRFToken': csrfToken(el), 'X-Requested-With': 'XMLHttpRequest'}
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('ticket refused: ' + response.status);
      }
      return response.json();
    });
  }

  /*
   * options:
   *   el            the tab's element (data-ticket-url, the CSRF token)
   *   url(answer)   the socket address for a ticket answer
   *   onOpen()      the socket opened
   *   onFrame(msg)  a parsed frame other than "end"; returns true when it
   *                 carried data (the connection works: backoff starts over)
   *   onEnd(msg)    the proxy's end frame: no reconnect after it
   *   setStatus(t)  shows a status line
   *   active()      false while reconnecting is pointless (tab hidden)
   *   failedStarts  attempts before giving up if no socket ever opened
   *   unavailable   the status shown when giving up
   *   fetch, WebSocket, setTimeout: the browser's, replaceable in tests
   */
  function TicketSocket(options) {
    this.options = options;
    this.fetch = options.fetch || root.fetch;
    this.WebSocket = options.WebSocket || root.WebSocket;
    this.setTimeout = options.setTimeout || root.setTimeout;
    this.socket = null;
    this.generation = 0;
    this.retries = 0;
    this.everOpened = false;
    this.ended = false;
    this.restarting = false;
  }

  TicketSocket.prototype.active = function () {
    return this.options.active ? this.options.active() : true;
  };

  /* Closes the socket and forgets whatever is in flight for it. */
  TicketSocket.prototype.disconnect = function () {
    this.generation += 1;
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.close();
      this.socket = null;
    }
  };

  /* Starts streaming (again, after an end frame too: new options). */
  TicketSocket.prototype.connect = function () {
    var self = this;
    this.disconnect();
    this.ended = false;
    var generation = this.generation;
    // A placeholder until the ticket comes, so nobody connects twice.
    this.socket = {close: function () {}};
    requestTicket(this.options.el, this.fetch).then(function (answer) {
      if (generation === self.generation) {
        self.open(answer, generation);
      }
    }).catch(function () {
      if (generation === self.generation) {
        self.lost();
      }
    });
  };

  TicketSocket.prototype.open = function (answer, generation) {
    var self = this;
    var options = this.options;
    var socket = new this.WebSocket(options.url(answer));
    this.socket = socket;
    socket.onopen = function () {
      self.everOpened = true;
      self.restarting = false;
      options.onOpen();
    };
    socket.onmessage = function (event) {
      var message;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (message && message.event === 'end') {
        self.ended = true;
        options.onEnd(message);
      } else if (options.onFrame(message)) {
        self.retries = 0;
      }
    };
    socket.onclose = function (event) {
      if (generation === self.generation) {
        self.lost(event);
      }
    };
  };

  /* The socket closed (or never opened) without an end frame; `event` is
   * the close event, when there was a socket. */
  TicketSocket.prototype.lost = function (event) {
    var self = this;
    var options = this.options;
    this.socket = null;
    if (event && event.code === SERVICE_RESTART) {
      // Back within seconds: the first attempt comes soon, and the
      // attempts while it is down keep saying why.
      this.restarting = true;
      this.retries = 0;
    }
    if (this.ended || !this.active()) {
      return;
    }
    if (!this.everOpened && this.retries >= options.failedStarts) {
      options.setStatus(options.unavailable);
      return;
    }
    var delay = reconnectDelay(this.retries);
    this.retries += 1;
    options.setStatus(this.restarting
                      ? gettext('The proxy is restarting: reconnecting\u2026')
                      : gettext('Connection lost, reconnecting\u2026'));
    var generation = this.generation;
    this.setTimeout.call(root, function () {
      if (!self.ended && self.active() && generation === self.generation && !self.socket) {
        self.connect();
      }
    }, delay);
  };

  var api = {TicketSocket: TicketSocket, requestTicket: requestTicket, csrfToken: csrfToken,
             reconnectDelay: reconnectDelay,
             SERVICE_RESTART: SERVICE_RESTART,
             RECONNECT_DELAYS_MS: RECONNECT_DELAYS_MS};
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.DockerDashboardTicketSocket = api;
}(typeof window !== 'undefined' ? window : this));
