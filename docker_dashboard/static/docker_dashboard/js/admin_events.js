/*
 * Admin -> Docker -> Events: Docker's events of every project and host,
 * pushed by the proxy's /ws/events socket (ticketed, like the live logs:
 * ticket_socket.js). Each frame is one row {time, host, project, type,
 * action, id, name}; it goes to the top of the table, which keeps the
 * newest KEEP rows. The filter (project, host, type) is the socket's query:
 * the proxy decides what passes (its rules/events.py), so a change of
 * filter opens a new socket and starts the table over.
 *
 * Every value is set as text (textContent), never as markup.
 */
(function (root) {
  'use strict';

  var KEEP = 500;
  var gettext = function (text) { return root.gettext ? root.gettext(text) : text; };

  /* The socket's address for a ticket answer and the chosen filter. */
  function socketUrl(wsUrl, ticket, filter) {
    var query = ['ticket=' + encodeURIComponent(ticket)];
    ['project', 'host', 'type'].forEach(function (name) {
      if (filter[name]) {
        query.push(name + '=' + encodeURIComponent(filter[name]));
      }
    });
    return wsUrl + '?' + query.join('&');
  }

  function shortId(id) {
    var bare = String(id || '').replace(/^sha256:/, '');
    return /^[0-9a-f]{64}$/.test(bare) ? bare.slice(0, 12) : bare;
  }

  function two(n) { return (n < 10 ? '0' : '') + n; }

  function timeText(seconds) {
    var when = new Date(seconds * 1000);
    return when.getFullYear() + '-' + two(when.getMonth() + 1) + '-' +
      two(when.getDate()) + ' ' + two(when.getHours()) + ':' +
      two(when.getMinutes()) + ':' + two(when.getSeconds());
  }

  function cell(row, text, title) {
    var td = row.ownerDocument.createElement('td');
    td.textContent = text;
    if (title) { td.title = title; }
    row.appendChild(td);
    return td;
  }

  function LiveEvents(el) {
    var self = this;
    this.el = el;
    this.body = el.querySelector('tbody');
    this.status = el.querySelector('.dd-events-status');
    this.selects = el.querySelectorAll('.dd-events-filter select');
    try {
      this.names = JSON.parse(el.getAttribute('data-project-names') || '{}');
    } catch (error) {
      this.names = {};
    }
    this.link = new root.DockerDashboardTicketSocket.TicketSocket({
      el: el,
      url: function (answer) { return socketUrl(answer.ws_url, answer.ticket, self.filter()); },
      onOpen: function () {
        self.setStatus(gettext('Live: events appear as Docker sends them.'));
        el.setAttribute('data-dd-events-live', '1');
      },
      onFrame: function (message) {
        if (!message || typeof message !== 'object' || !message.type) {
          return false;
        }
        self.add(message);
        return true;
      },
      onEnd: function (message) { self.setStatus(message.message || ''); },
      setStatus: function (text) {
        el.removeAttribute('data-dd-events-live');
        self.setStatus(text);
      },
      failedStarts: 2,
      unavailable: gettext('Live events are not available right now.')
    });
    Array.prototype.forEach.call(this.selects, function (select) {
      select.addEventListener('change', function () { self.restart(); });
    });
    this.link.connect();
  }

  LiveEvents.prototype.filter = function () {
    var chosen = {};
    Array.prototype.forEach.call(this.selects, function (select) {
      chosen[select.name] = select.value;
    });
    return chosen;
  };

  LiveEvents.prototype.setStatus = function (text) {
    this.status.textContent = text;
  };

  LiveEvents.prototype.restart = function () {
    this.body.textContent = '';
    this.el.removeAttribute('data-dd-events-live');
    this.setStatus(gettext('Connecting\u2026'));
    this.link.retries = 0;
    this.link.connect();
  };

  LiveEvents.prototype.add = function (event) {
    var doc = this.el.ownerDocument;
    var row = doc.createElement('tr');
    row.setAttribute('data-object-id', event.id || '');
    cell(row, timeText(event.time));
    cell(row, event.host || '');
    var project = event.project ? (this.names[event.project] || event.project) : '-';
    cell(row, project, event.project || '');
    cell(row, event.type || '');
    cell(row, event.action || '');
    var name = event.name || '';
    var id = shortId(event.id);
    cell(row, name && name !== event.id ? name + ' (' + id + ')' : id, event.id || '');
    this.body.insertBefore(row, this.body.firstChild);
    while (this.body.rows.length > KEEP) {
      this.body.deleteRow(this.body.rows.length - 1);
    }
  };

  var api = {socketUrl: socketUrl, shortId: shortId, LiveEvents: LiveEvents};
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.DockerDashboardEvents = api;
  root.DockerDashboard.start('events', '[data-dd-events]', function (el) {
    return new LiveEvents(el);
  });
}(typeof window !== 'undefined' ? window : this));
