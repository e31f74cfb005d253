/* The layer browser of an image's page: choose a layer, open folders one at
 * a time (each a request for that folder only), optionally seeing everything
 * up to the chosen layer. Names come from image files: inserted as text.
 * Started by DockerDashboard.start (dd_init.js). */
(function (root) {
  'use strict';

  var gettext = root.DockerDashboard.gettext;
  var interpolate = root.DockerDashboard.interpolate;

  function humanSize(bytes) {
    var units = ['B', 'KB', 'MB', 'GB'];
    var i = 0;
    while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i += 1; }
    return (i ? bytes.toFixed(1) : bytes) + ' ' + units[i];
  }

  function Browser(root) {
    this.root = root;
    this.url = root.getAttribute('data-tree-url');
    this.layer = parseInt(root.getAttribute('data-layers'), 10) - 1;
    this.aggregate = root.querySelector('.dd-aggregate');
    this.tree = root.querySelector('.dd-tree');
  }

  Browser.prototype.folderUrl = function (path) {
    return this.url + 'layers/' + this.layer + '/tree/?path=' + encodeURIComponent(path) +
      '&aggregate=' + (this.aggregate.checked ? '1' : '0');
  };

  Browser.prototype.entryNode = function (entry) {
    var item = document.createElement('li');
    item.className = 'dd-entry dd-' + entry.status + ' dd-kind-' + entry.kind;
    item.setAttribute('role', 'treeitem');
    item.setAttribute('data-path', entry.path);
    item.setAttribute('data-status', entry.status);
    var line = document.createElement('span');
    line.className = 'dd-entry-line';
    var name = document.createElement(entry.kind === 'dir' ? 'a' : 'span');
    name.className = 'dd-entry-name';
    name.textContent = entry.name + (entry.kind === 'dir' ? '/' : '') +
      (entry.link_target ? ' → ' + entry.link_target : '');
    var mark = document.createElement('span');
    mark.className = 'dd-mark dd-' + entry.status;
    mark.textContent = entry.status;
    var size = document.createElement('span');
    size.className = 'dd-entry-size';
    size.textContent = humanSize(entry.size);
    line.appendChild(name); line.appendChild(mark); line.appendChild(size);
    item.appendChild(line);
    if (entry.kind === 'dir') {
      name.href = '#';
      var self = this;
      name.addEventListener('click', function (event) {
        event.preventDefault();
        var open = item.querySelector(':scope > ul');
        if (open) { item.removeChild(open); item.setAttribute('aria-expanded', 'false'); return; }
        var children = document.createElement('ul');
        item.appendChild(children);
        item.setAttribute('aria-expanded', 'true');
        self.load(entry.path, children);
      });
    }
    return item;
  };

  Browser.prototype.load = function (path, into) {
    var self = this;
    into.textContent = '';
    return fetch(this.folderUrl(path), {credentials: 'same-origin'})
      .then(function (response) { return response.json(); })
      .then(function (folder) {
        if (folder.error) {
          var failure = document.createElement('li');
          failure.className = 'text-danger';
          failure.textContent = folder.error;
          into.appendChild(failure);
          return;
        }
        if (!folder.entries.length) {
          var empty = document.createElement('li');
          empty.className = 'dd-empty';
          empty.textContent = gettext('No change here');
          into.appendChild(empty);
        }
        folder.entries.forEach(function (entry) { into.appendChild(self.entryNode(entry)); });
      });
  };

  Browser.prototype.show = function (layer) {
    this.layer = layer;
    var rows = document.querySelectorAll('.dd-layer-row');
    Array.prototype.forEach.call(rows, function (row) {
      row.classList.toggle('active', parseInt(row.getAttribute('data-layer'), 10) === layer);
    });
    this.root.querySelector('.dd-browser-layer').textContent = interpolate(gettext('layer %s'), [layer]);
    return this.load('/', this.tree);
  };

  function startBrowser(element) {
    var browser = new Browser(element);
    Array.prototype.forEach.call(document.querySelectorAll('.dd-layer-row'), function (row) {
      var choose = function () { browser.show(parseInt(row.getAttribute('data-layer'), 10)); };
      row.addEventListener('click', choose);
      row.addEventListener('keydown', function (event) { if (event.key === 'Enter') { choose(); } });
    });
    browser.aggregate.addEventListener('change', function () { browser.show(browser.layer); });
    browser.show(browser.layer);
  }

  root.DockerDashboard.start('layer-browser', '.dd-layer-browser', startBrowser);
}(window));
