'use strict';
// The live log's pure parts: the bounded buffer, the resume point, the URL.
const test = require('node:test');
const assert = require('node:assert');
const live = require('../../docker_dashboard/static/docker_dashboard/js/live_logs.js');

function line(n, ts) {
  return {stream: 'stdout', text: 'line-' + n, ts: ts, truncated: false};
}

test('the buffer keeps at most its bound and says how many it dropped', () => {
  const buffer = new live.LineBuffer(3);
  const removed = buffer.push([1, 2, 3, 4, 5].map((n) => line(n, 't' + n)));
  assert.deepStrictEqual(buffer.lines.map((l) => l.text), ['line-3', 'line-4', 'line-5']);
  assert.deepStrictEqual(removed.map((l) => l.text), ['line-1', 'line-2']);
  assert.strictEqual(buffer.dropped, 2);
});

test('the default bound is 10,000 lines', () => {
  const buffer = new live.LineBuffer();
  const many = [];
  for (let i = 0; i < 10050; i++) {
    many.push(line(i, null));
  }
  buffer.push(many);
  assert.strictEqual(buffer.lines.length, 10000);
  assert.strictEqual(buffer.lines[0].text, 'line-50');
});

test('the resume point counts the lines sharing the last timestamp', () => {
  const buffer = new live.LineBuffer(10);
  buffer.push([line(1, 'A'), line(2, 'B'), line(3, 'B')]);
  buffer.push([line(4, 'B')]);
  assert.deepStrictEqual(buffer.resumePoint(), {resume_ts: 'B', resume_count: '3'});
  buffer.push([line(5, 'C')]);
  assert.deepStrictEqual(buffer.resumePoint(), {resume_ts: 'C', resume_count: '1'});
});

test('without timestamps there is no resume point', () => {
  const buffer = new live.LineBuffer(10);
  buffer.push([line(1, null)]);
  assert.strictEqual(buffer.resumePoint(), null);
});

test('the socket URL carries the ticket and options, encoded', () => {
  const url = live.socketUrl('ws://proxy:8790/ws/containers/abc/logs', 'v1.a+b/c', {
    tail: 50, stdout: true, stderr: false, since: '1700000000'
  }, {resume_ts: '2026-01-01T00:00:00.5Z', resume_count: '2'});
  const parsed = new URL(url);
  assert.strictEqual(parsed.searchParams.get('ticket'), 'v1.a+b/c');
  assert.strictEqual(parsed.searchParams.get('tail'), '50');
  assert.strictEqual(parsed.searchParams.get('stdout'), '1');
  assert.strictEqual(parsed.searchParams.get('stderr'), '0');
  assert.strictEqual(parsed.searchParams.get('since'), '1700000000');
  assert.strictEqual(parsed.searchParams.get('resume_ts'), '2026-01-01T00:00:00.5Z');
  assert.strictEqual(parsed.searchParams.get('resume_count'), '2');
});

test('since is a datetime-local value turned into Unix seconds', () => {
  assert.strictEqual(live.sinceSeconds(''), '');
  assert.strictEqual(live.sinceSeconds('not a date'), '');
  const value = '2026-01-02T03:04:05';
  assert.strictEqual(live.sinceSeconds(value), String(Math.floor(new Date(value).getTime() / 1000)));
});
