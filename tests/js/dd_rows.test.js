'use strict';
// The launch form's add-a-row editors: what the rows write into the form's
// field (Docker's HOST:CONTAINER order for ports) and how a field's text
// comes back as rows when the form is shown again with an error.
const test = require('node:test');
const assert = require('node:assert');
const rows = require('../../docker_dashboard/static/docker_dashboard/js/dd_rows.js');

test('ports are written in Docker order, an empty host port is a free one', () => {
  assert.strictEqual(rows.toText('ports', [
    {host: '8080', container: '80', proto: 'tcp'},
    {host: '', container: '80', proto: 'tcp'},
    {host: '53', container: '53', proto: 'udp'},
    {host: '', container: '', proto: 'tcp'}]), '8080:80\n80\n53:53/udp');
});

test('port lines come back as rows', () => {
  assert.deepStrictEqual(rows.fromText('ports', '18081:80\n80\n53:53/udp\n'), [
    {host: '18081', container: '80', proto: 'tcp'},
    {host: '', container: '80', proto: 'tcp'},
    {host: '53', container: '53', proto: 'udp'}]);
});

test('a line that is not a port is kept for the server to name', () => {
  assert.strictEqual(rows.toText('ports', rows.fromText('ports', 'http')), 'http');
});

test('pairs keep an equals sign in the value and skip empty keys', () => {
  assert.strictEqual(rows.toText('pairs', [{key: 'URL', value: 'a=b'}, {key: '', value: 'x'},
                                           {key: 'EMPTY', value: ''}]), 'URL=a=b\nEMPTY=');
  assert.deepStrictEqual(rows.fromText('pairs', '# note\nURL=a=b'), [{key: 'URL', value: 'a=b'}]);
});

test('volumes are NAME:/path', () => {
  assert.strictEqual(rows.toText('volumes', [{name: 'data', path: '/data'}]), 'data:/data');
  assert.deepStrictEqual(rows.fromText('volumes', 'data:/data'), [{name: 'data', path: '/data'}]);
});
