/* How every docker-dashboard script starts.
 *
 * DockerDashboard.start(name, selector, fn) runs fn(element) once for each
 * element matching selector: in the page when Horizon is ready, in each tab
 * Horizon's tab JavaScript loads later (tabs with preload = False), and in
 * each modal Horizon opens (forms and workflows). An element is started once
 * whatever reaches it first. Loaded first of the plugin's scripts
 * (ADD_JS_FILES of the Containers panel, the first enabled file).
 */
(function (root) {
  'use strict';

  var starters = [];
  var pageReady = false;

  function elementOf(scope) {
    // Horizon hands modals and tabs over as jQuery objects.
    return scope && scope.jquery ? scope[0] : scope;
  }

  function startIn(scope, starter) {
    scope = elementOf(scope);
    if (!scope || !scope.querySelectorAll) { return; }
    var nodes = Array.prototype.slice.call(scope.querySelectorAll(starter.selector));
    if (scope.matches && scope.matches(starter.selector)) { nodes.unshift(scope); }
    nodes.forEach(function (el) {
      if (el.getAttribute(starter.mark)) { return; }
      el.setAttribute(starter.mark, '1');
      starter.fn(el);
    });
  }

  function startAll(scope) {
    starters.forEach(function (starter) { startIn(scope, starter); });
  }

  function start(name, selector, fn) {
    var starter = {selector: selector, fn: fn, mark: 'data-dd-' + name + '-started'};
    starters.push(starter);
    if (pageReady) { startIn(root.document, starter); }
    return starter;
  }

  function hook() {
    var horizon = root.horizon;
    if (horizon && horizon.addInitFunction) {
      horizon.addInitFunction(function () {
        pageReady = true;
        startAll(root.document);
      });
      if (horizon.tabs && horizon.tabs.addTabLoadFunction) {
        horizon.tabs.addTabLoadFunction(startAll);
      }
      if (horizon.modals && horizon.modals.addModalInitFunction) {
        horizon.modals.addModalInitFunction(startAll);
      }
    } else if (root.document) {
      // A page without Horizon's scripts (none today): plain DOM ready.
      var ready = function () { pageReady = true; startAll(root.document); };
      if (root.document.readyState === 'loading') {
        root.document.addEventListener('DOMContentLoaded', ready);
      } else {
        ready();
      }
    }
  }

  // Strings shown to the user go through Horizon's catalog when there is one.
  function gettext(text) {
    return root.gettext ? root.gettext(text) : text;
  }

  // A word that needs its context to be translated right ("added", of a file).
  function pgettext(context, text) {
    return root.pgettext ? root.pgettext(context, text) : text;
  }

  function interpolate(format, args) {
    if (root.interpolate) { return root.interpolate(format, args); }
    var i = 0;
    return format.replace(/%s/g, function () { return args[i++]; });
  }

  var api = {start: start, startAll: startAll, gettext: gettext,
             pgettext: pgettext, interpolate: interpolate};
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.DockerDashboard = api;
  hook();
}(typeof window !== 'undefined' ? window : this));
