/* Progress of the proxy's Glance transfers: each .dd-task element polls its
 * task URL (a JSON view in the Snapshots panel) until the task is finished.
 * Text is set with .text(), never as markup. */
(function ($) {
  'use strict';
  var gettext = window.DockerDashboard.gettext;
  var POLL_MS = 1000;
  // Horizon or the proxy restarting is a few seconds of errors, not the end.
  var MAX_FAILURES = 10;

  function poll($item, failures) {
    failures = failures || 0;
    $.getJSON($item.data('task-url')).done(function (task) {
      var percent = Math.round((task.Progress || 0) * 100);
      $item.find('.progress-bar').css('width', percent + '%');
      var label = task.Kind === 'glance-load' ? gettext('Load from Glance') : gettext('Export to Glance');
      if (task.Result && task.Result.glance_name) {
        label += ': ' + task.Result.glance_name;
      }
      $item.find('.dd-task-label').text(label);
      var status = task.Status + ' ' + percent + '%';
      if (task.Error) { status += ' — ' + task.Error; }
      $item.find('.dd-task-status').text(status);
      $item.attr('data-status', task.Status);
      if (task.Status === 'running') {
        setTimeout(function () { poll($item); }, POLL_MS);
      } else {
        $item.find('.dd-task-cancel').hide();
        $item.find('.progress-bar').addClass(
          task.Status === 'succeeded' ? 'progress-bar-success' : 'progress-bar-danger');
      }
    }).fail(function () {
      if (failures + 1 < MAX_FAILURES) {
        setTimeout(function () { poll($item, failures + 1); }, POLL_MS);
        return;
      }
      $item.attr('data-status', 'unknown');
      $item.find('.dd-task-status').text(gettext('unknown'));
    });
  }

  window.DockerDashboard.start('task', '.dd-task', function (el) { poll($(el)); });
}(jQuery));
