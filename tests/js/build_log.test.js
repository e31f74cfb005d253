'use strict';
// How a pull, push or build stream's end reads on its page: a failure is the
// sentence saying what to do, with Docker's own words as a details line.
const test = require('node:test');
const assert = require('node:assert');
const buildLog = require('../../docker_dashboard/static/docker_dashboard/js/build_log.js');

test('a failure shows the sentence, and Docker\'s words as the details', () => {
  const end = buildLog.endOf({
    error: 'The registry has no image r/x:1: check the name and the tag.',
    details: 'manifest for r/x:1 not found: manifest unknown'});
  assert.strictEqual(end.className, 'alert-danger');
  assert.strictEqual(end.text, 'The registry has no image r/x:1: check the name and the tag.');
  assert.strictEqual(end.details, 'Details: manifest for r/x:1 not found: manifest unknown');
});

test('an error without a sentence is shown as Docker wrote it, with no details line', () => {
  const end = buildLog.endOf({error: 'something new'});
  assert.deepStrictEqual([end.text, end.details], ['something new', '']);
});

test('the end of a pull and of a push; progress lines are not an end', () => {
  assert.strictEqual(buildLog.endOf({done: true, image: 'sha256:ab'}).text, 'Done: sha256:ab');
  assert.strictEqual(buildLog.endOf({done: true, reference: 'r/x:1', digest: 'sha256:cd'}).text,
                     'Pushed r/x:1, digest sha256:cd');
  assert.strictEqual(buildLog.endOf({id: '0123456789ab', status: 'Downloading'}), null);
});
