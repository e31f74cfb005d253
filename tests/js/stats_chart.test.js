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

test('0.2 % of a CPU is drawn near the bottom of a one-CPU scale', () => {
  const top = stats.scaleTop(0.2, 100);
  assert.strictEqual(top, 100);
  assert.ok(stats.plotY(0.2, top) > 97, stats.plotY(0.2, top));
  assert.strictEqual(stats.plotY(top, top), 4);
});

test('a series without a limit is scaled to a round number above its peak', () => {
  assert.strictEqual(stats.scaleTop(3100, 0), 5000);
  assert.strictEqual(stats.scaleTop(0, 0), 1);
  assert.strictEqual(stats.niceCeil(0.13), 0.2);
  assert.strictEqual(stats.niceCeil(100), 100);
  // Above its limit (a burst over the CPU limit), the scale widens.
  assert.strictEqual(stats.scaleTop(130, 100), 200);
});

test('the scale reads in percent or binary units, per second for rates', () => {
  assert.strictEqual(stats.tickText(50, '%', false), '50 %');
  assert.strictEqual(stats.tickText(0.5, '%', false), '0.5 %');
  assert.strictEqual(stats.tickText(2048, 'bytes', true), '2.0 KiB/s');
});
