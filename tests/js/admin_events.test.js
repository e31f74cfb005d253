'use strict';
// Admin -> Docker -> Events' pure parts: the socket address a filter asks
// for, and the short form of an object's id.
const test = require('node:test');
const assert = require('node:assert');
const events = require('../../docker_dashboard/static/docker_dashboard/js/admin_events.js');

test('no filter: the ticket alone', () => {
  assert.strictEqual(
    events.socketUrl('ws://p:8790/ws/events', 'v1.a.b', {project: '', host: '', type: ''}),
    'ws://p:8790/ws/events?ticket=v1.a.b');
});

test('each chosen filter is a query parameter, escaped', () => {
  assert.strictEqual(
    events.socketUrl('ws://p/ws/events', 't', {project: 'abc', host: 'host 2', type: 'volume'}),
    'ws://p/ws/events?ticket=t&project=abc&host=host%202&type=volume');
});

test('a 64-hex id (an image\'s with its sha256: prefix too) is cut to 12', () => {
  assert.strictEqual(events.shortId('a'.repeat(64)), 'a'.repeat(12));
  assert.strictEqual(events.shortId('sha256:' + 'b'.repeat(64)), 'b'.repeat(12));
});

test('a name (a volume, an image reference) is kept whole', () => {
  assert.strictEqual(events.shortId('busybox:latest'), 'busybox:latest');
  assert.strictEqual(events.shortId(''), '');
});
