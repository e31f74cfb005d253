'use strict';
// The one way the plugin's scripts start: each element once, wherever it
// appears (the page, a tab loaded later, a modal).
const test = require('node:test');
const assert = require('node:assert');
const init = require('../../docker_dashboard/static/docker_dashboard/js/dd_init.js');

function fakeScope(elements, selfMatches) {
  return {
    querySelectorAll: () => elements,
    matches: () => Boolean(selfMatches),
    getAttribute() { return null; },
  };
}

function fakeElement() {
  const attributes = {};
  return {getAttribute: (n) => attributes[n] || null, setAttribute: (n, v) => { attributes[n] = v; }};
}

test('an element is started once, however often its scope is started', () => {
  const started = [];
  const one = fakeElement();
  const two = fakeElement();
  init.start('probe', '.x', (el) => started.push(el));
  init.startAll(fakeScope([one, two]));
  init.startAll(fakeScope([one]));       // a tab reloaded, a modal reopened
  assert.deepStrictEqual(started, [one, two]);
});

test('a jQuery scope (what Horizon hands to modal and tab hooks) is unwrapped', () => {
  const started = [];
  const el = fakeElement();
  init.start('probe2', '.y', (found) => started.push(found));
  init.startAll({jquery: '3', 0: fakeScope([el])});
  assert.deepStrictEqual(started, [el]);
});
