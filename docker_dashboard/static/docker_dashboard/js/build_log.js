/* Pull and push progress and build logs, read from the page's own newline-delimited
 * JSON stream (panels/images/streams.py) as it arrives. Every text from
 * Docker is inserted with textContent: it is data, never markup. Started by
 * DockerDashboard.start (dd_init.js) on each form[data-dd-stream]. The end
 * of a stream (endOf) is pure and tested under node (tests/js/). */
(function (root) {
  'use strict';

  var dd = root.DockerDashboard || (typeof require !== 'undefined' ? require('./dd_init.js') : null);
  var gettext = dd.gettext;
  var interpolate = dd.interpolate;

  function readLines(response, onLine) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var pending = '';
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          if (pending.trim()) { onLine(JSON.parse(pending)); }
          return;
        }
        pending += decoder.decode(chunk.value, {stream: true});
        var lines = pending.split('\n');
        pending = lines.pop();
        lines.forEach(function (line) { if (line.trim()) { onLine(JSON.parse(line)); } });
        return pump();
      });
    }
    return pump();
  }

  // Statuses that end a layer: pulled, pushed, or already where it goes.
  var LAYER_DONE = /complete|already exists|^pushed$|^mounted from/i;

  // One bar per layer id, updated in place as Docker reports the progress
  // of a pull or a push (the same line shapes).
  function layerRenderer(root) {
    var area = root.querySelector('.dd-pull-layers');
    var bars = {};
    return function (line) {
      // Layer lines carry a short layer id; "Pulling from <repo>" carries
      // the tag in `id` and is not a layer, nor is a push's digest line.
      if (!/^[0-9a-f]{12}$/.test(line.id || '') || line.done || line.error) { return; }
      var bar = bars[line.id];
      if (!bar) {
        bar = document.createElement('div');
        bar.className = 'dd-layer-progress';
        bar.setAttribute('data-layer', line.id);
        var label = document.createElement('span');
        label.className = 'dd-layer-label';
        var meter = document.createElement('progress');
        meter.max = 1; meter.value = 0;
        bar.appendChild(label); bar.appendChild(meter);
        area.appendChild(bar);
        bars[line.id] = bar;
      }
      var detail = line.progressDetail || {};
      var meterEl = bar.querySelector('progress');
      if (detail.total) { meterEl.max = detail.total; meterEl.value = detail.current || 0; }
      if (LAYER_DONE.test(line.status || '')) { meterEl.max = 1; meterEl.value = 1; }
      bar.querySelector('.dd-layer-label').textContent = line.id + ': ' + (line.status || '');
      bar.setAttribute('data-status', line.status || '');
    };
  }

  // The build log. Lines of the step the service adds after the user's
  // Dockerfile (the project's label, marked `proxy` by streams.py) go into
  // one block marked as the service's, so nobody looks for it in their
  // Dockerfile.
  function buildRenderer(root) {
    var log = root.querySelector('.dd-build-log');
    var proxyBlock = null;
    return function (line) {
      if (!line.stream) { return; }
      var into = log;
      if (line.proxy) {
        if (!proxyBlock) {
          proxyBlock = document.createElement('span');
          proxyBlock.className = 'dd-proxy-step';
          var note = document.createElement('span');
          note.className = 'dd-proxy-step-note';
          note.textContent = gettext('Added by the service, not in your Dockerfile: ' +
                                     'the label that makes the image your project\'s.') + '\n';
          proxyBlock.appendChild(note);
          log.appendChild(proxyBlock);
        }
        into = proxyBlock;
      } else {
        proxyBlock = null;
      }
      into.appendChild(document.createTextNode(line.stream));
      log.scrollTop = log.scrollHeight;
    };
  }

  /* What the status line says once the stream ends (its last line), or
   * null for a progress line. */
  function endOf(line) {
    if (line.error) {
      return {className: 'alert-danger', text: line.error,
              details: line.details ? interpolate(gettext('Details: %s'), [line.details]) : ''};
    }
    if (line.done) {
      // A push ends with the registry's digest of what it stored.
      return {className: 'alert-success', details: '',
              text: line.digest
                ? interpolate(gettext('Pushed %s, digest %s'), [line.reference, line.digest])
                : interpolate(gettext('Done: %s'), [line.image])};
    }
    return null;
  }

  function start(form) {
    var root = form.parentNode;
    var status = root.querySelector('.dd-stream-status');
    var done = root.querySelector('.dd-stream-done');
    var kind = form.getAttribute('data-dd-stream');
    var render = kind === 'pull' || kind === 'push' ? layerRenderer(root) : buildRenderer(root);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('.dd-stream-submit');
      button.disabled = true;
      status.className = 'dd-stream-status text-info';
      status.textContent = gettext('Working…');
      done.classList.add('hidden');
      fetch(form.action, {method: 'POST', body: new FormData(form), credentials: 'same-origin',
                          headers: {'X-Requested-With': 'XMLHttpRequest'}})
        .then(function (response) {
          if (response.status === 400) {
            return response.json().then(function (body) {
              var texts = [];
              Object.keys(body.errors || {}).forEach(function (k) { texts = texts.concat(body.errors[k]); });
              throw new Error(texts.join(' '));
            });
          }
          if (!response.ok) { throw new Error(interpolate(gettext('The request failed: %s'), [response.status])); }
          return readLines(response, function (line) {
            render(line);
            var end = endOf(line);
            if (!end) { return; }
            status.className = 'dd-stream-status alert ' + end.className;
            status.textContent = end.text;
            if (end.details) {
              // Docker's own words, under the sentence that says what to do.
              var details = document.createElement('div');
              details.className = 'dd-stream-details small';
              details.textContent = end.details;
              status.appendChild(details);
            }
            if (line.done) {
              if (line.digest) { status.setAttribute('data-digest', line.digest); }
              done.querySelector('a').setAttribute('href', line.url);
              done.classList.remove('hidden');
            }
          });
        })
        .catch(function (error) {
          status.className = 'dd-stream-status alert alert-danger';
          status.textContent = error.message;
        })
        .then(function () { button.disabled = false; });
    });
  }

  var api = {endOf: endOf};
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.DockerDashboardBuildLog = api;
  dd.start('stream', 'form[data-dd-stream]', start);
}(typeof window !== 'undefined' ? window : this));
