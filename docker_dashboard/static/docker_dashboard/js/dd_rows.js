/* The launch form's add-a-row editors: published ports, volumes,
 * environment variables and labels as rows of small fields.
 *
 * The form stays a plain Django form: each editor writes its rows, one a
 * line, into the textarea it replaces (`data-dd-rows="ports"` etc.), which is
 * what is submitted and validated. Without JavaScript the textarea is
 * typed directly, in the same line format. parseLine/formatRow/fromText/
 * toText are pure and tested under node (tests/js/dd_rows.test.js).
 */
(function (root) {
  'use strict';

  var gettext = function (text) { return root.gettext ? root.gettext(text) : text; };

  var KINDS = {
    // Docker's own order: HOST:CONTAINER[/PROTO]; an empty host port is a
    // free one.
    ports: {
      columns: [
        {key: 'host', label: gettext('Host port'), type: 'number', placeholder: gettext('any free')},
        {key: 'container', label: gettext('Container port'), type: 'number', placeholder: '80'},
        {key: 'proto', label: gettext('Protocol'), options: ['tcp', 'udp', 'sctp']}
      ],
      add: gettext('Add port'),
      parse: function (line) {
        var match = /^\s*(?:(\d*)\s*:)?\s*(\d+)\s*(?:\/\s*(\w+))?\s*$/.exec(line);
        if (!match) { return {host: '', container: line.trim(), proto: 'tcp'}; }
        return {host: match[1] || '', container: match[2], proto: (match[3] || 'tcp').toLowerCase()};
      },
      format: function (row) {
        if (!row.container && !row.host) { return ''; }
        var text = (row.host ? row.host + ':' : '') + row.container;
        return row.proto && row.proto !== 'tcp' ? text + '/' + row.proto : text;
      }
    },
    volumes: {
      columns: [
        {key: 'name', label: gettext('Volume'), placeholder: gettext('name, new or existing')},
        {key: 'path', label: gettext('Path in the container'), placeholder: '/data'}
      ],
      add: gettext('Add volume'),
      parse: function (line) {
        var at = line.indexOf(':');
        return at < 0 ? {name: line.trim(), path: ''} :
          {name: line.slice(0, at).trim(), path: line.slice(at + 1).trim()};
      },
      format: function (row) {
        return row.name || row.path ? row.name + ':' + row.path : '';
      }
    },
    pairs: {
      columns: [
        {key: 'key', label: gettext('Key'), placeholder: 'KEY'},
        {key: 'value', label: gettext('Value'), placeholder: gettext('value')}
      ],
      add: gettext('Add'),
      parse: function (line) {
        var at = line.indexOf('=');
        return at < 0 ? {key: line.trim(), value: ''} :
          {key: line.slice(0, at).trim(), value: line.slice(at + 1)};
      },
      format: function (row) {
        return row.key ? row.key + '=' + row.value : '';
      }
    }
  };

  function parseLine(kind, line) { return KINDS[kind].parse(line); }
  function formatRow(kind, row) { return KINDS[kind].format(row); }

  function fromText(kind, text) {
    return (text || '').split('\n').filter(function (line) {
      return line.trim() && line.trim().charAt(0) !== '#';
    }).map(function (line) { return parseLine(kind, line); });
  }

  function toText(kind, rows) {
    return rows.map(function (row) { return formatRow(kind, row); })
      .filter(function (line) { return line; }).join('\n');
  }

  function Editor(area) {
    var doc = area.ownerDocument;
    this.area = area;
    this.kind = area.getAttribute('data-dd-rows');
    this.spec = KINDS[this.kind];
    this.doc = doc;
    this.box = doc.createElement('div');
    this.box.className = 'dd-rows';
    this.box.setAttribute('data-dd-rows-for', area.name);
    var table = doc.createElement('table');
    var head = table.createTHead().insertRow();
    this.spec.columns.forEach(function (column) {
      var th = doc.createElement('th');
      th.textContent = column.label;
      head.appendChild(th);
    });
    head.appendChild(doc.createElement('th'));
    this.body = table.createTBody();
    this.box.appendChild(table);
    var add = doc.createElement('button');
    add.type = 'button';
    add.className = 'btn btn-default btn-sm dd-rows-add';
    add.textContent = area.getAttribute('data-dd-add') || this.spec.add;
    var self = this;
    add.addEventListener('click', function () { self.addRow({}).querySelector('input, select').focus(); });
    this.box.appendChild(add);
    area.parentNode.insertBefore(this.box, area.nextSibling);
    area.style.display = 'none';
    fromText(this.kind, area.value).forEach(function (row) { self.addRow(row); });
  }

  Editor.prototype.addRow = function (row) {
    var doc = this.doc;
    var self = this;
    var tr = this.body.insertRow();
    this.spec.columns.forEach(function (column) {
      var cell = tr.insertCell();
      var input;
      if (column.options) {
        input = doc.createElement('select');
        column.options.forEach(function (value) {
          var option = doc.createElement('option');
          option.value = option.textContent = value;
          input.appendChild(option);
        });
      } else {
        input = doc.createElement('input');
        input.type = column.type || 'text';
        if (column.type === 'number') { input.min = '1'; input.max = '65535'; }
        input.placeholder = column.placeholder || '';
      }
      input.className = 'form-control input-sm';
      input.setAttribute('data-dd-col', column.key);
      input.setAttribute('aria-label', column.label);
      input.value = row[column.key] || (column.options ? column.options[0] : '');
      input.addEventListener('input', function () { self.write(); });
      input.addEventListener('change', function () { self.write(); });
      cell.appendChild(input);
    });
    var remove = doc.createElement('a');
    remove.href = '#';
    remove.className = 'close dd-rows-remove-row';
    remove.setAttribute('aria-label', gettext('Remove this row'));
    remove.textContent = '\u00d7';
    remove.addEventListener('click', function (event) {
      event.preventDefault();
      tr.parentNode.removeChild(tr);
      self.write();
    });
    var cell = tr.insertCell();
    cell.className = 'dd-rows-remove';
    cell.appendChild(remove);
    return tr;
  };

  Editor.prototype.rows = function () {
    var columns = this.spec.columns;
    return Array.prototype.map.call(this.body.rows, function (tr) {
      var row = {};
      columns.forEach(function (column) {
        row[column.key] = tr.querySelector('[data-dd-col="' + column.key + '"]').value.trim();
      });
      return row;
    });
  };

  Editor.prototype.write = function () {
    this.area.value = toText(this.kind, this.rows());
  };

  var api = {parseLine: parseLine, formatRow: formatRow, fromText: fromText, toText: toText};
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.DockerDashboardRows = api;
  root.DockerDashboard.start('rows', 'textarea[data-dd-rows]', function (area) { new Editor(area); });
}(typeof window !== 'undefined' ? window : this));
