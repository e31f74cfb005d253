/* The layer browser of an image's page: choose a layer, open folders one at
 * a time (each a request for that folder only), optionally seeing everything
 * up to the chosen layer. Names come from image files: inserted as text.
 * Started by DockerDashboard.start (dd_init.js). */
(function (root) {
  'use strict';

  var gettext = root.DockerDashboard.gettext;
  var interpolate = root.DockerDashboard.interpolate;
  var pgettext = root.DockerDashboard.pgettext;

  // What a layer did to a file, in the user's words (the class keeps the proxy's).
  function statusLabel(status) {
    var labels = {added: pgettext('file change', 'added'),
                  modified: pgettext('file change', 'modified'),
                  removed: pgettext('file change', 'removed'),
                  unchanged: pgettext('file change', 'unchanged')};
    return labels[status] || status;
  }

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
    mark.textContent = statusLabel(entry.status);
    var size = document.createElement('span');
    size.className = 'dd-entry-size';
    size.textContent = humanSize(entry.size);
    line.appendChild(name); line.appendChild(mark); line.appendChild(size);
    item.appendChild(line);
    // The item itself takes the keyboard (tree_keys.js): its link is for the mouse.
    item.setAttribute('tabindex', '-1');
    if (entry.kind === 'dir') {
      name.href = '#';
      name.setAttribute('tabindex', '-1');
      item.setAttribute('aria-expanded', 'false');
      var self = this;
      name.addEventListener('click', function (event) {
        event.preventDefault();
        self.toggle(item);
      });
    }
    return item;
  };

  /* Opens a closed folder (loading its entries) or closes an open one. */
  Browser.prototype.toggle = function (item) {
    var open = item.querySelector(':scope > ul');
    if (open) {
      item.removeChild(open);
      item.setAttribute('aria-expanded', 'false');
      root.DockerDashboard.treeKeys.reset(this.tree);  // the Tab stop may have gone with it
      return;
    }
    var children = document.createElement('ul');
    children.setAttribute('role', 'group');
    item.appendChild(children);
    item.setAttribute('aria-expanded', 'true');
    this.load(item.getAttribute('data-path'), children);
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
        root.DockerDashboard.treeKeys.reset(self.tree);
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
    var rows = Array.prototype.slice.call(document.querySelectorAll('.dd-layer-row'));
    rows.forEach(function (row, index) {
      var choose = function () { browser.show(parseInt(row.getAttribute('data-layer'), 10)); };
      row.addEventListener('click', choose);
      // Enter chooses the layer; Up and Down step to the layer above or below.
      row.addEventListener('keydown', function (event) {
        var to = {ArrowUp: rows[index - 1], ArrowDown: rows[index + 1]}[event.key];
        if (event.key === 'Enter') { choose(); } else if (to) { event.preventDefault(); to.focus(); }
      });
    });
    root.DockerDashboard.treeKeys(browser.tree, function (item) { browser.toggle(item); });
    browser.aggregate.addEventListener('change', function () { browser.show(browser.layer); });
    browser.show(browser.layer);
  }

  root.DockerDashboard.start('layer-browser', '.dd-layer-browser', startBrowser);
}(window));
