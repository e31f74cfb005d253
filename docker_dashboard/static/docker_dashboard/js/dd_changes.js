/* The Changes tab refreshes itself while the container runs: every
 * data-refresh-seconds (a diff walks the container's layer, so not a tight
 * poll), only while the tab is on screen and the browser tab visible, and
 * at once on "Refresh". The tab is fetched as Horizon's tab JavaScript
 * fetches it and its body swapped in (the server escaped it). */
(function (root) {
  'use strict';

  var gettext = root.DockerDashboard.gettext;

  function shown(el) {
    return el.offsetParent !== null && !root.document.hidden;
  }

  function follow(el) {
    var url = el.getAttribute('data-refresh-url');
    var seconds = parseInt(el.getAttribute('data-refresh-seconds'), 10) || 0;
    var status = el.querySelector('.dd-changes-status');
    var busy = false;

    function refresh() {
      if (busy || !root.fetch) { return; }
      busy = true;
      root.fetch(url, {credentials: 'same-origin',
                       headers: {'X-Requested-With': 'XMLHttpRequest'}})
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          var page = new root.DOMParser().parseFromString(html, 'text/html');
          var body = page.querySelector('.dd-changes-body');
          if (body) { el.querySelector('.dd-changes-body').replaceWith(body); }
          status.textContent = root.DockerDashboard.interpolate(
            gettext('Refreshed at %s.'), [new Date().toLocaleTimeString()]);
        })
        .catch(function () {
          status.textContent = gettext('Could not refresh the changes; trying again later.');
        })
        .then(function () { busy = false; });
    }

    el.querySelector('[data-dd-action="refresh"]').addEventListener('click', refresh);
    if (seconds > 0) {
      root.setInterval(function () { if (shown(el)) { refresh(); } }, seconds * 1000);
    }
  }

  root.DockerDashboard.start('changes', '[data-dd-changes]', follow);
}(window));
