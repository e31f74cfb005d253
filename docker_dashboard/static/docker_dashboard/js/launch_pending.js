/* A launch waiting for its image (templates/containers/launch_pending.html):
 * task_progress.js follows a load from Glance and build_log.js streams a
 * pull; this waits for either to end and then posts the finish form, which
 * creates the container. */
(function () {
  'use strict';

  function finish(root) {
    var form = root.querySelector('.dd-launch-finish');
    form.querySelector('button').disabled = false;
    form.submit();
  }

  function failed(root) {
    root.querySelector('.dd-launch-failed').classList.remove('hidden');
  }

  function watch(element, attribute, decide) {
    // The task may have ended before this page finished loading.
    if (decide()) { return; }
    var observer = new MutationObserver(function () {
      if (decide()) { observer.disconnect(); }
    });
    observer.observe(element, {attributes: true, attributeFilter: [attribute]});
  }

  function followTask(root) {
    var task = root.querySelector('.dd-task');
    watch(task, 'data-status', function () {
      var status = task.getAttribute('data-status');
      if (status === 'running' || !status) { return false; }
      if (status === 'succeeded') { finish(root); } else { failed(root); }
      return true;
    });
  }

  function followPull(root) {
    var form = root.querySelector('.dd-launch-pull');
    var done = root.querySelector('.dd-stream-done');
    var status = root.querySelector('.dd-stream-status');
    watch(done, 'class', function () {
      if (done.classList.contains('hidden')) { return false; }
      finish(root);
      return true;
    });
    watch(status, 'class', function () {
      if (!status.classList.contains('alert-danger')) { return false; }
      failed(root);
      return false;  // "Pull again" may still succeed
    });
    // build_log.js binds the form's submit event when it starts, which may
    // be after this script in the same start: pull once they all have.
    window.setTimeout(function () {
      if (form.requestSubmit) { form.requestSubmit(); } else {
        form.dispatchEvent(new Event('submit', {cancelable: true}));
      }
    }, 0);
  }

  function follow(root) {
    if (root.getAttribute('data-source') === 'glance') { followTask(root); } else { followPull(root); }
  }
  window.DockerDashboard.start('launch-pending', '.dd-launch-pending', follow);
})();
