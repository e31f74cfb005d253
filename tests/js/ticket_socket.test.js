'use strict';
// The shared ticket + WebSocket lifecycle of the live tabs, driven with a fake
// fetch, WebSocket and timer so every step is explicit.
const test = require('node:test');
const assert = require('node:assert');
const shared = require('../../docker_dashboard/static/docker_dashboard/js/ticket_socket.js');

function fakeElement(csrf) {
  return {
    getAttribute: (name) => (name === 'data-ticket-url' ? '/ticket/url/' : null),
    querySelector: () => (csrf === undefined ? null : {value: csrf}),
  };
}

// A world where each ticket request waits until the test answers it.
function harness(overrides) {
  const world = {requests: [], sockets: [], timers: [], statuses: [], frames: [], ends: [], opened: 0};
  function FakeSocket(url) {
    this.url = url;
    this.closed = false;
    world.sockets.push(this);
  }
  FakeSocket.prototype.close = function () { this.closed = true; };
  const link = new shared.TicketSocket(Object.assign({
    el: fakeElement('csrf-1'),
    url: (answer) => answer.ws_url + '?ticket=' + answer.ticket,
    onOpen: () => { world.opened += 1; },
    onFrame: (message) => { world.frames.push(message); return Array.isArray(message); },
    onEnd: (message) => { world.ends.push(message); },
    setStatus: (text) => { world.statuses.push(text); },
    failedStarts: 1,
    unavailable: 'not available',
    fetch: (url, init) => new Promise((resolve) => world.requests.push({url, init, resolve})),
    WebSocket: FakeSocket,
    setTimeout: (fn, delay) => { world.timers.push({fn, delay}); },
  }, overrides || {}));
  world.link = link;
  return world;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

async function grant(world, index, ticket) {
  world.requests[index].resolve({ok: true, json: () => ({ticket: ticket, ws_url: 'ws://p/x'})});
  await flush();
}

async function refuse(world, index) {
  world.requests[index].resolve({ok: false, status: 403, json: () => ({})});
  await flush();
}

// A link whose first socket is open and streaming.
async function streaming(overrides) {
  const world = harness(overrides);
  world.link.connect();
  await grant(world, 0, 'T1');
  world.sockets[0].onopen();
  return world;
}

test('the ticket is a same-origin POST carrying the CSRF token', async () => {
  const world = harness();
  world.link.connect();
  assert.strictEqual(world.requests.length, 1);
  const {url, init} = world.requests[0];
  assert.strictEqual(url, '/ticket/url/');
  assert.strictEqual(init.method, 'POST');
  assert.strictEqual(init.credentials, 'same-origin');
  assert.strictEqual(init.headers['X-CSRFToken'], 'csrf-1');
  assert.strictEqual(init.headers['X-Requested-With'], 'XMLHttpRequest');
  await grant(world, 0, 'T1');
  assert.strictEqual(world.sockets[0].url, 'ws://p/x?ticket=T1');
});

test('without a CSRF input the header is empty, not missing', async () => {
  let seen = null;
  const fetch = (url, init) => { seen = init; return Promise.resolve({ok: true, json: () => ({})}); };
  await shared.requestTicket(fakeElement(undefined), fetch);
  assert.strictEqual(seen.headers['X-CSRFToken'], '');
});

test('a refused ticket rejects with its status', async () => {
  const fetch = () => Promise.resolve({ok: false, status: 403});
  await assert.rejects(shared.requestTicket(fakeElement('c'), fetch), /ticket refused: 403/);
});

test('the reconnect delay grows and then stays at its ceiling', () => {
  assert.deepStrictEqual([0, 1, 2, 3, 4, 5, 50].map(shared.reconnectDelay),
                         [500, 1000, 2000, 5000, 10000, 10000, 10000]);
});

test('a dropped socket reconnects with a fresh ticket after a growing delay', async () => {
  const world = await streaming();
  for (let attempt = 0; attempt < 6; attempt++) {
    world.link.socket.onclose();
    assert.strictEqual(world.statuses.at(-1), 'Connection lost, reconnecting\u2026');
    world.timers.at(-1).fn();
    await grant(world, attempt + 1, 'T' + (attempt + 2));
  }
  assert.deepStrictEqual(world.timers.map((t) => t.delay), [500, 1000, 2000, 5000, 10000, 10000]);
  assert.strictEqual(world.requests.length, 7);
  assert.strictEqual(world.sockets.at(-1).url, 'ws://p/x?ticket=T7');
});

test('a data frame starts the backoff over; other frames do not', async () => {
  const world = await streaming();
  world.sockets[0].onclose();
  world.timers[0].fn();
  await grant(world, 1, 'T2');
  world.sockets[1].onmessage({data: '{"not": "data"}'});
  world.sockets[1].onmessage({data: 'not json'});
  assert.strictEqual(world.link.retries, 1);
  world.sockets[1].onmessage({data: '[{"text": "x"}]'});
  assert.strictEqual(world.link.retries, 0);
  assert.deepStrictEqual(world.frames, [{not: 'data'}, [{text: 'x'}]]);
});

test('the end frame stops streaming: no reconnect after the close', async () => {
  const world = await streaming();
  world.sockets[0].onmessage({data: '{"event": "end", "reason": "exited"}'});
  world.sockets[0].onclose();
  assert.deepStrictEqual(world.ends, [{event: 'end', reason: 'exited'}]);
  assert.strictEqual(world.link.ended, true);
  assert.strictEqual(world.timers.length, 0);
});

test('an answer or close for a replaced socket is ignored (generation guard)', async () => {
  const world = harness();
  world.link.connect();
  world.link.connect();                     // new options before the ticket came
  await grant(world, 0, 'STALE');
  assert.strictEqual(world.sockets.length, 0);
  await grant(world, 1, 'FRESH');
  assert.strictEqual(world.sockets[0].url, 'ws://p/x?ticket=FRESH');
  world.sockets[0].onopen();
  world.link.connect();                     // and again, once it is open
  assert.strictEqual(world.sockets[0].closed, true);
  assert.strictEqual(world.sockets[0].onclose, null);
  await refuse(world, 2);
  assert.strictEqual(world.timers.length, 1);   // only the live request's failure counts
});

test('a pending reconnect is dropped when the socket was replaced meanwhile', async () => {
  const world = await streaming();
  world.sockets[0].onclose();
  world.link.connect();
  world.timers[0].fn();
  assert.strictEqual(world.requests.length, 2);
});

test('it gives up when no socket ever opened, after failedStarts attempts', async () => {
  const world = harness({failedStarts: 2});
  world.link.connect();
  await refuse(world, 0);
  world.timers[0].fn();
  await refuse(world, 1);
  world.timers[1].fn();
  await refuse(world, 2);
  assert.strictEqual(world.timers.length, 2);
  assert.strictEqual(world.statuses.at(-1), 'not available');
});

test('while inactive (tab hidden) a lost socket is not reopened', async () => {
  let shown = true;
  const world = await streaming({active: () => shown});
  world.sockets[0].onclose();
  shown = false;
  world.timers[0].fn();
  assert.strictEqual(world.requests.length, 1);
  world.link.disconnect();
  assert.strictEqual(world.link.socket, null);
});

test('a 1012 close (the proxy restarting) says so until a socket opens again', async () => {
  const world = await streaming();
  world.sockets[0].onclose({code: 1006});
  world.timers.at(-1).fn();
  await grant(world, 1, 'T2');
  world.sockets[1].onopen();
  world.sockets[1].onclose({code: 1012, reason: 'The proxy is restarting'});
  assert.strictEqual(world.statuses.at(-1), 'The proxy is restarting: reconnecting\u2026');
  // The first attempt comes soon, whatever the backoff had grown to.
  assert.strictEqual(world.timers.at(-1).delay, 500);
  world.timers.at(-1).fn();
  await refuse(world, 2);                  // still down: the words stay
  assert.strictEqual(world.statuses.at(-1), 'The proxy is restarting: reconnecting\u2026');
  assert.strictEqual(world.timers.at(-1).delay, 1000);
  world.timers.at(-1).fn();
  await grant(world, 3, 'T4');
  world.sockets[2].onopen();
  assert.strictEqual(world.link.restarting, false);
  world.sockets[2].onclose({code: 1006});  // a later plain drop is a plain drop
  assert.strictEqual(world.statuses.at(-1), 'Connection lost, reconnecting\u2026');
});
