/* The keyboard of a role="tree" (WAI-ARIA's tree view pattern), for the layer
 * browser's file tree: the tree is one stop of the Tab key (the item last
 * visited), Up/Down move between the items shown, Home/End to the first and
 * last, Right opens a closed folder or steps into an open one, Left closes an
 * open folder or steps out to its parent, Enter or Space opens or closes a
 * folder. Folders are items with aria-expanded; `toggle(item)` opens or
 * closes one (the caller loads its entries).
 *   DockerDashboard.treeKeys(treeElement, toggle) */
(function (root) {
  'use strict';

  function items(tree) {
    return Array.prototype.slice.call(tree.querySelectorAll('[role="treeitem"]'));
  }

  /* Makes `item` the tree's Tab stop (and focuses it when asked). */
  function rove(tree, item, focus) {
    items(tree).forEach(function (other) { other.setAttribute('tabindex', '-1'); });
    if (!item) { return; }
    item.setAttribute('tabindex', '0');
    if (focus) { item.focus(); }
  }

  function treeKeys(tree, toggle) {
    tree.addEventListener('keydown', function (event) {
      var item = event.target.closest && event.target.closest('[role="treeitem"]');
      if (!item || !tree.contains(item)) { return; }
      var all = items(tree);
      var index = all.indexOf(item);
      var expanded = item.getAttribute('aria-expanded');
      var next = null;
      switch (event.key) {
        case 'ArrowDown': next = all[index + 1]; break;
        case 'ArrowUp': next = all[index - 1]; break;
        case 'Home': next = all[0]; break;
        case 'End': next = all[all.length - 1]; break;
        case 'ArrowRight':
          if (expanded === 'false') { toggle(item); } else if (expanded === 'true') {
            next = item.querySelector('[role="treeitem"]');
          }
          break;
        case 'ArrowLeft':
          if (expanded === 'true') { toggle(item); } else {
            next = item.parentElement.closest('[role="treeitem"]');
          }
          break;
        case 'Enter':
        case ' ':
          if (expanded !== null) { toggle(item); }
          break;
        default:
          return;
      }
      event.preventDefault();
      if (next) { rove(tree, next, true); }
    });
    // A click (or a reload of the tree) moves the Tab stop too.
    tree.addEventListener('focusin', function (event) {
      var item = event.target.closest && event.target.closest('[role="treeitem"]');
      if (item && item.getAttribute('tabindex') !== '0') { rove(tree, item, false); }
    });
  }

  /* After the tree's items were replaced: the first one is the Tab stop. */
  treeKeys.reset = function (tree) {
    if (!tree.querySelector('[role="treeitem"][tabindex="0"]')) {
      rove(tree, tree.querySelector('[role="treeitem"]'), false);
    }
  };

  root.DockerDashboard.treeKeys = treeKeys;
}(window));
