/*
 * The Console tab: Horizon's term.js on an exec session in the container.
 *
 * The browser POSTs for a ticket (ticket_socket.js; Horizon checks the
 * policy and that the container is the project's), then opens the proxy's console WebSocket.
 * Binary frames carry terminal bytes both ways; text frames are control:
 * we send {type: "resize", rows, cols}, the proxy sends {event: "exit",
 * code} when the command ends, then closes.
 */
(function (root) {
  'use strict';

  var gettext = root.gettext || function (text) { return text; };
  var FONT = '13px monospace';

  /* The WebSocket address for one console session. */
  function socketUrl(wsUrl, ticket, command, size) {
    return wsUrl + '?ticket=' + encodeURIComponent(ticket) +
      '&cmd=' + encodeURIComponent(command || 'sh') +
      '&rows=' + size.rows + '&cols=' + size.cols;
  }

  /* Rows and columns that fit an element, for a monospace font. */
  function fitSize(width, height, charWidth, charHeight) {
    return {cols: Math.max(20, Math.floor(width / charWidth)),
            rows: Math.max(5, Math.floor(height / charHeight))};
  }

  function Console(el) {
    this.el = el;
    this.doc = el.ownerDocument;
    this.form = el.querySelector('.dd-console-options');
    this.status = el.querySelector('.dd-console-status');
    this.holder = el.querySelector('.dd-console-terminal');
    this.disconnectButton = el.querySelector('[data-dd-action="disconnect"]');
    this.socket = null;
    this.term = null;
    var self = this;
    this.form.addEventListener('submit', function (event) {
      event.preventDefault();
      self.connect(self.form.elements.cmd.value);
    });
    this.disconnectButton.addEventListener('click', function () { self.disconnect(); });
    root.addEventListener('resize', function () { self.resize(); });
    // Shift+Tab leaves the terminal, as from any field (Tab itself stays the shell's
    // completion): term.js takes every key aimed at it in the document's capture phase,
    // so this listens before it, on the window, and lets the browser move the focus.
    root.addEventListener('keydown', function (event) {
      if (event.key === 'Tab' && event.shiftKey && self.term &&
          event.target === self.term.element) {
        event.stopPropagation();
      }
    }, true);
  }

  Console.prototype.setStatus = function (text) {
    this.status.textContent = text;
  };

  Console.prototype.size = function () {
    var probe = this.doc.createElement('span');
    probe.style.font = FONT;
    probe.style.visibility = 'hidden';
    probe.style.position = 'absolute';
    probe.textContent = 'MMMMMMMMMM';
    this.el.appendChild(probe);
    var charWidth = probe.offsetWidth / 10 || 8;
    var charHeight = probe.offsetHeight || 16;
    this.el.removeChild(probe);
    return fitSize(this.holder.clientWidth || 640, 24 * charHeight, charWidth, charHeight);
  };

  Console.prototype.connect = function (command) {
    var self = this;
    this.disconnect();
    this.setStatus(gettext('Connecting\u2026'));
    root.DockerDashboardTicketSocket.requestTicket(this.el).then(function (answer) {
      self.open(answer, command);
    }).catch(function () {
      self.setStatus(gettext('The console is not available.'));
    });
  };

  Console.prototype.open = function (answer, command) {
    var self = this;
    var size = this.size();
    var term = new root.Terminal({cols: size.cols, rows: size.rows, useStyle: true,
                                  screenKeys: true, cursorBlink: true});
    this.holder.textContent = '';
    term.open(this.holder);
    this.term = term;
    var decoder = new root.TextDecoder('utf-8');
    var encoder = new root.TextEncoder();
    var socket = new root.WebSocket(socketUrl(answer.ws_url, answer.ticket, command, size));
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    term.on('data', function (data) {
      if (socket.readyState === root.WebSocket.OPEN) {
        socket.send(encoder.encode(data));
      }
    });
    socket.onopen = function () {
      self.setStatus(interpolate(gettext('Connected: %s'), [command]));
      self.disconnectButton.disabled = false;
      term.focus();
      // ...and the page's focus: term.js reads keys only aimed at its element, so a
      // keyboard user who pressed Connect types into the terminal straight away.
      term.element.focus();
    };
    socket.onmessage = function (event) {
      if (typeof event.data === 'string') {
        var message = JSON.parse(event.data);
        if (message.event === 'exit') {
          term.write('\r\n' + interpolate(gettext('[process exited with code %s]'),
                                          [String(message.code)]) + '\r\n');
        }
        return;
      }
      // term.js takes its element out of the page while it redraws most of the screen,
      // which drops the page's focus: a keyboard user keeps typing into it.
      var focused = self.doc.activeElement === term.element;
      term.write(decoder.decode(new Uint8Array(event.data), {stream: true}));
      if (focused && self.doc.activeElement !== term.element) { term.element.focus(); }
    };
    socket.onclose = function (event) {
      if (self.socket === socket) {
        self.socket = null;
        self.disconnectButton.disabled = true;
        // 1012: the proxy stopped gracefully; a shell cannot be resumed,
        // so the user connects again once it is back.
        self.setStatus(event && event.code === root.DockerDashboardTicketSocket.SERVICE_RESTART
                       ? gettext('Disconnected: the proxy is restarting. Connect again in a moment.')
                       : gettext('Disconnected'));
      }
    };
  };

  Console.prototype.resize = function () {
    if (!this.term || !this.socket || this.socket.readyState !== root.WebSocket.OPEN) {
      return;
    }
    var size = this.size();
    this.term.resize(size.cols, size.rows);
    this.socket.send(JSON.stringify({type: 'resize', rows: size.rows, cols: size.cols}));
  };

  Console.prototype.disconnect = function () {
    if (this.socket) {
      var socket = this.socket;
      this.socket = null;
      socket.close();
      this.setStatus(gettext('Disconnected'));
      this.disconnectButton.disabled = true;
    }
  };

  function interpolate(format, args) {
    if (root.interpolate) {
      return root.interpolate(format, args);
    }
    var i = 0;
    return format.replace(/%s/g, function () { return args[i++]; });
  }

  function startConsole(el) {
    if (root.Terminal && root.WebSocket) {
      new Console(el);
    }
  }

  var api = {socketUrl: socketUrl, fitSize: fitSize};
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.DockerDashboardConsole = api;
  root.DockerDashboard.start('console', '[data-dd-console]', startConsole);
}(typeof window !== 'undefined' ? window : this));
