'use strict';
// The console's pure parts: the socket URL and the terminal size.
const test = require('node:test');
const assert = require('node:assert');
const consoleApi = require('../../docker_dashboard/static/docker_dashboard/js/console.js');

test('the console URL carries the ticket, the command and the size', () => {
  const url = new URL(consoleApi.socketUrl('ws://p/ws/containers/c/console', 't&x',
                                           'sh -c "echo hi"', {rows: 24, cols: 80}));
  assert.strictEqual(url.searchParams.get('ticket'), 't&x');
  assert.strictEqual(url.searchParams.get('cmd'), 'sh -c "echo hi"');
  assert.strictEqual(url.searchParams.get('rows'), '24');
  assert.strictEqual(url.searchParams.get('cols'), '80');
});

test('the terminal size fits the element and never collapses', () => {
  assert.deepStrictEqual(consoleApi.fitSize(800, 384, 8, 16), {cols: 100, rows: 24});
  assert.deepStrictEqual(consoleApi.fitSize(0, 0, 8, 16), {cols: 20, rows: 5});
});
