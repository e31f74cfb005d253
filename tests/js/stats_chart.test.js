'use strict';
// The Stats tab's pure parts: per-second rates from running totals, the
// figures shown, the WebSocket address.
const test = require('node:test');
const assert = require('node:assert');
const stats = require('../../docker_dashboard/static/docker_dashboard/js/stats_chart.js');

test('rates are bytes per second between consecutive samples', () => {
  const samples = [{t: 100, net_rx: 1000, net_tx: 0},
                   {t: 101, net_rx: 3048, net_tx: 512},
                   {t: 103, net_rx: 7048, net_tx: 512}];
  assert.deepStrictEqual(stats.rates(samples, ['net_rx', 'net_tx']),
                         [{t: 101, net_rx: 2048, net_tx: 512},
                          {t: 103, net_rx: 2000, net_tx: 0}]);
});

test('a reconnect gap is spread over its seconds, not drawn as a burst', () => {
  const samples = [{t: 10, blk_read: 0}, {t: 30, blk_read: 20000}];
  assert.strictEqual(stats.rates(samples, ['blk_read'])[0].blk_read, 1000);
});

test('a total that went down (a restart) is 0, not negative', () => {
  const samples = [{t: 1, net_rx: 5000}, {t: 2, net_rx: 10}];
  assert.strictEqual(stats.rates(samples, ['net_rx'])[0].net_rx, 0);
});

test('without a network the rate is unknown, not 0', () => {
  const samples = [{t: 1, net_rx: null}, {t: 2, net_rx: null}];
  assert.strictEqual(stats.rates(samples, ['net_rx'])[0].net_rx, null);
});

test('samples without times count as a second apart', () => {
  const samples = [{t: null, blk_write: 0}, {t: null, blk_write: 300}];
  assert.strictEqual(stats.rates(samples, ['blk_write'])[0].blk_write, 300);
});

test('one sample gives no rate yet', () => {
  assert.deepStrictEqual(stats.rates([{t: 1, net_rx: 1}], ['net_rx']), []);
});

test('figures are shown in binary units, percent, or a dash when unknown', () => {
  assert.strictEqual(stats.human(512, 'bytes'), '512 B');
  assert.strictEqual(stats.human(3 * 1024 * 1024 + 512 * 1024, 'bytes'), '3.5 MiB');
  assert.strictEqual(stats.human(12.345, '%'), '12.3 %');
  assert.strictEqual(stats.human(null, '%'), '\u2014');
});

test('the ticket is escaped into the socket address', () => {
  assert.strictEqual(stats.socketUrl('ws://p:8790/ws/containers/abc/stats', 'v1.a+b/c.d'),
                     'ws://p:8790/ws/containers/abc/stats?ticket=v1.a%2Bb%2Fc.d');
});
