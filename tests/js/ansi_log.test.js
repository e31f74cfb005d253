'use strict';
// Tests for docker_dashboard/static/docker_dashboard/js/ansi_log.js (node --test).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const SCRIPT = path.join(__dirname, '..', '..', 'docker_dashboard', 'static',
                         'docker_dashboard', 'js', 'ansi_log.js');
const ansi = require(SCRIPT);

const E = '\u001b';

function span(text, classes, style) {
  return {text: text, classes: classes || [], style: style || {}};
}

// -- parseAnsi: colours and styles --------------------------------------------

const PARSE_CASES = [
  ['plain text', 'hello', [span('hello')]],
  ['empty', '', []],
  ['red then reset', `${E}[31mred${E}[0m plain`, [span('red', ['ansi-fg-red']), span(' plain')]],
  ['bare reset ESC[m', `${E}[32mg${E}[mx`, [span('g', ['ansi-fg-green']), span('x')]],
  ['all 8 foregrounds', `${E}[30ma${E}[37mb`, [span('a', ['ansi-fg-black']), span('b', ['ansi-fg-white'])]],
  ['bright foreground', `${E}[91mx`, [span('x', ['ansi-fg-bright-red'])]],
  ['bright white', `${E}[97mx`, [span('x', ['ansi-fg-bright-white'])]],
  ['background', `${E}[44mx`, [span('x', ['ansi-bg-blue'])]],
  ['bright background', `${E}[103mx`, [span('x', ['ansi-bg-bright-yellow'])]],
  ['combined', `${E}[1;3;4;35;42mx`,
    [span('x', ['ansi-bold', 'ansi-italic', 'ansi-underline', 'ansi-fg-magenta', 'ansi-bg-green'])]],
  ['dim', `${E}[2mx`, [span('x', ['ansi-dim'])]],
  ['styles switched off one by one', `${E}[1;3;4ma${E}[22mb${E}[23mc${E}[24md`,
    [span('a', ['ansi-bold', 'ansi-italic', 'ansi-underline']),
     span('b', ['ansi-italic', 'ansi-underline']), span('c', ['ansi-underline']), span('d')]],
  ['default fg/bg', `${E}[31;41ma${E}[39mb${E}[49mc`,
    [span('a', ['ansi-fg-red', 'ansi-bg-red']), span('b', ['ansi-bg-red']), span('c')]],
  ['empty param means reset', `${E}[1mb${E}[;4mu`, [span('b', ['ansi-bold']), span('u', ['ansi-underline'])]],
  ['256 palette low = class', `${E}[38;5;1mx${E}[48;5;9my`,
    [span('x', ['ansi-fg-red']), span('y', ['ansi-fg-red', 'ansi-bg-bright-red'])]],
  ['256 cube = style', `${E}[38;5;196mx`, [span('x', [], {color: 'rgb(255, 0, 0)'})]],
  ['256 cube corner', `${E}[38;5;16mx${E}[38;5;231my`,
    [span('x', [], {color: 'rgb(0, 0, 0)'}), span('y', [], {color: 'rgb(255, 255, 255)'})]],
  ['256 grey ramp', `${E}[48;5;232mx${E}[48;5;255my`,
    [span('x', [], {backgroundColor: 'rgb(8, 8, 8)'}), span('y', [], {backgroundColor: 'rgb(238, 238, 238)'})]],
  ['truecolor', `${E}[38;2;12;34;56mx`, [span('x', [], {color: 'rgb(12, 34, 56)'})]],
  ['truecolor background then more codes', `${E}[48;2;1;2;3;1mx`,
    [span('x', ['ansi-bold'], {backgroundColor: 'rgb(1, 2, 3)'})]],
  ['truecolor clamps', `${E}[38;2;999;0;300mx`, [span('x', [], {color: 'rgb(255, 0, 255)'})]],
  ['colon truecolor with colour space', `${E}[38:2::10:20:30mx`, [span('x', [], {color: 'rgb(10, 20, 30)'})]],
  ['colon truecolor without colour space', `${E}[38:2:10:20:30mx`, [span('x', [], {color: 'rgb(10, 20, 30)'})]],
  ['colon 256', `${E}[38:5:2mx`, [span('x', ['ansi-fg-green'])]],
  ['colon underline style', `${E}[4:3mx`, [span('x', ['ansi-underline'])]],
  ['256 out of range ignored', `${E}[38;5;256mx`, [span('x')]],
  ['incomplete 38;5 ignored', `${E}[31;38;5mx`, [span('x', ['ansi-fg-red'])]],
  ['incomplete truecolor ignored', `${E}[38;2;1;2mx`, [span('x')]],
  ['unknown extended mode ignores the rest', `${E}[38;7;1mx`, [span('x')]],
  ['blink/inverse/hidden/strike ignored', `${E}[5;7;8;9mx`, [span('x')]],
  ['same look merges', `${E}[31ma${E}[31mb${E}[1m${E}[22mc`, [span('abc', ['ansi-fg-red'])]],
  ['state persists until reset', `${E}[1ma b c`, [span('a b c', ['ansi-bold'])]],
];

for (const [name, input, expected] of PARSE_CASES) {
  test(`parseAnsi: ${name}`, () => {
    assert.deepEqual(ansi.parseAnsi(input), expected);
  });
}

// -- parseAnsi: non-SGR and broken sequences are stripped ----------------------

const STRIP_CASES = [
  ['cursor movement', `a${E}[2Kb${E}[1;1Hc${E}[?25ld`, 'abcd'],
  ['private-marker m is not SGR', `${E}[>4;2mx`, 'x'],
  ['intermediate before m is not SGR', `${E}[1 mx`, 'x'],
  ['OSC title with BEL', `${E}]0;title\u0007text`, 'text'],
  ['OSC hyperlink with ST', `${E}]8;;http://x${E}\\link${E}]8;;${E}\\`, 'link'],
  ['charset select', `${E}(Bx${E})0y`, 'xy'],
  ['two-char escapes', `${E}7a${E}8b${E}=c${E}>d${E}ce`, 'abcde'],
  ['C1 CSI', `\u009b31mred\u009b0m`, 'red'],
  ['DCS with ST', `${E}Pq#0;2;0;0;0${E}\\after`, 'after'],
  ['unterminated CSI at end', `text${E}[31`, 'text'],
  ['unterminated CSI with intermediates', `text${E}[1;2 `, 'text'],
  ['lone ESC at end', `text${E}`, 'text'],
  ['ESC[ at end', `text${E}[`, 'text'],
  ['unterminated OSC shows the rest', `a${E}]not closed`, 'anot closed'],
  ['invalid byte aborts CSI, rest shown', `${E}[31\u00e9x`, '31\u00e9x'],
  ['ESC before a letter outside the final range', `${E}\u00e9x`, '\u00e9x'],
  ['nF escape without final', `x${E}(`, 'x'],
  ['control characters dropped, tab kept', 'a\u0000b\u0007c\rd\u0008e\tf\u007fg\u0085h', 'abcde\tfgh'],
  ['nested ESC inside CSI', `${E}[3${E}[32mx`, '3x'],
];

for (const [name, input, expected] of STRIP_CASES) {
  test(`stripAnsi: ${name}`, () => {
    assert.equal(ansi.stripAnsi(input), expected);
    for (const s of ansi.parseAnsi(input)) {
      assert.ok(!/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/.test(s.text), JSON.stringify(s.text));
    }
  });
}

test('nested ESC inside CSI applies the second sequence', () => {
  assert.deepEqual(ansi.parseAnsi(`${E}[3${E}[32mx`), [span('3'), span('x', ['ansi-fg-green'])]);
});

test('parseAnsi accepts null/undefined/non-strings', () => {
  assert.deepEqual(ansi.parseAnsi(null), []);
  assert.deepEqual(ansi.parseAnsi(undefined), []);
  assert.deepEqual(ansi.parseAnsi(42), [span('42')]);
});

// -- malicious-looking input ----------------------------------------------------

const NASTY = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '&lt;b&gt; &amp; entities stay literal',
  `${E}[38;2;1;2;3);background:url(javascript:alert(1)mx`,
  `${E}[31m<b onclick="x">${E}[0m`,
];

test('markup in logs stays literal text in spans', () => {
  assert.equal(ansi.stripAnsi('<script>alert(1)</script>'), '<script>alert(1)</script>');
  assert.equal(ansi.stripAnsi('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
  assert.equal(ansi.stripAnsi('&lt;b&gt; &amp;'), '&lt;b&gt; &amp;');  // no entity decoding
  assert.deepEqual(ansi.parseAnsi(`${E}[31m<b onclick="x">${E}[0m`),
                   [span('<b onclick="x">', ['ansi-fg-red'])]);
});

test('escape parameters can never reach a style value', () => {
  const injected = `${E}[38;2;1;2;3);background:url(javascript:alert(1)mx`;
  for (const s of ansi.parseAnsi(injected)) {
    for (const value of Object.values(s.style)) {
      assert.match(value, /^rgb\(\d{1,3}, \d{1,3}, \d{1,3}\)$/);
    }
    for (const cls of s.classes) {
      assert.match(cls, /^ansi-[a-z-]+$/);
    }
  }
});

test('huge and pathological input is handled in linear-ish time', () => {
  const parts = [];
  for (let i = 0; i < 20000; i++) {
    parts.push(`${E}[${i % 108}m${i}`);
  }
  const started = Date.now();
  const spans = ansi.parseAnsi(parts.join('') + `${E}[` + '1;'.repeat(50000));
  assert.ok(Date.now() - started < 2000);
  assert.ok(spans.length > 0);
  assert.equal(ansi.stripAnsi(E.repeat(10000) + '[0mx'), 'x');
});

test('many unterminated sequences in a 64 KiB line stay fast', () => {
  for (const introducer of [`${E}]`, `${E}P`, `${E}[`, `${E}(`, `${E}[1;`]) {
    const line = (introducer + 'a').repeat(Math.floor(65536 / (introducer.length + 1)));
    const started = Date.now();
    ansi.parseAnsi(line);
    assert.ok(Date.now() - started < 500, JSON.stringify(introducer));
  }
  assert.equal(ansi.stripAnsi(`${E}]`.repeat(3) + 'x'), 'x');
});

// -- highlight -------------------------------------------------------------------

const HIGHLIGHT_CASES = [
  ['no query', 'abc', '', [{text: 'abc', match: false}]],
  ['null query', 'abc', null, [{text: 'abc', match: false}]],
  ['empty text', '', 'a', []],
  ['case-insensitive', 'Error: error', 'ERROR',
    [{text: 'Error', match: true}, {text: ': ', match: false}, {text: 'error', match: true}]],
  ['whole text', 'abc', 'abc', [{text: 'abc', match: true}]],
  ['no overlap', 'aaaa', 'aa', [{text: 'aa', match: true}, {text: 'aa', match: true}]],
  ['regex characters are literal', 'a.b a+b (a+)+$', '(a+)+$',
    [{text: 'a.b a+b ', match: false}, {text: '(a+)+$', match: true}]],
  ['markup query is just text', '<script>', '<scr', [{text: '<scr', match: true}, {text: 'ipt>', match: false}]],
  ['no match', 'abc', 'x', [{text: 'abc', match: false}]],
  ['length-changing lower case keeps indexes', '\u0130stanbul x', 'x',
    [{text: '\u0130stanbul ', match: false}, {text: 'x', match: true}]],
  ['unicode', 'Grüße GRÜSSE', 'grüße', [{text: 'Grüße', match: true}, {text: ' GRÜSSE', match: false}]],
];

for (const [name, text, query, expected] of HIGHLIGHT_CASES) {
  test(`highlight: ${name}`, () => {
    assert.deepEqual(ansi.highlight(text, query), expected);
    assert.equal(ansi.highlight(text, query).map((s) => s.text).join(''), text);
  });
}

// -- renderLine with a fake document --------------------------------------------

// A document whose elements only allow what renderLine is supposed to use. Any
// other property (innerHTML, outerHTML, insertAdjacentHTML, setAttribute, ...)
// throws, proving text only ever goes in through textContent.
function strictFakeDocument() {
  const created = [];
  const STYLE_KEYS = new Set(['color', 'backgroundColor']);
  function makeStyle() {
    const values = {};
    return new Proxy(values, {
      set(target, key, value) {
        if (!STYLE_KEYS.has(key)) { throw new Error(`style.${String(key)} used`); }
        if (typeof value !== 'string') { throw new Error('style value not a string'); }
        target[key] = value;
        return true;
      },
      get(target, key) {
        if (typeof key === 'symbol' || key === 'toJSON') { return undefined; }
        if (!STYLE_KEYS.has(key)) { throw new Error(`style.${String(key)} read`); }
        return target[key];
      },
    });
  }
  function createElement(tagName) {
    if (!['div', 'span', 'mark'].includes(tagName)) {
      throw new Error(`unexpected element ${tagName}`);
    }
    const node = {tagName: tagName.toUpperCase(), className: '', textContent: '',
                  style: makeStyle(), children: []};
    node.appendChild = (child) => { node.children.push(child); return child; };
    const ALLOWED = new Set(['tagName', 'className', 'textContent', 'style', 'children', 'appendChild']);
    const element = new Proxy(node, {
      get(target, key) {
        if (typeof key === 'symbol' || key === 'then' || key === 'toJSON') { return undefined; }
        if (!ALLOWED.has(key)) { throw new Error(`element.${key} read`); }
        return target[key];
      },
      set(target, key, value) {
        if (!['className', 'textContent'].includes(key)) { throw new Error(`element.${key} set`); }
        if (typeof value !== 'string') { throw new Error(`${key} set to a non-string`); }
        target[key] = value;
        return true;
      },
    });
    created.push(element);
    return element;
  }
  const doc = new Proxy({createElement}, {
    get(target, key) {
      if (key !== 'createElement') { throw new Error(`document.${String(key)} used`); }
      return target.createElement;
    },
  });
  return {doc, created};
}

// Serialise the fake tree into a readable, escaped form for assertions.
function describe(node) {
  const style = Object.entries({color: node.style.color, backgroundColor: node.style.backgroundColor})
    .filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`).join(';');
  const attrs = (node.className ? `.${node.className.split(' ').join('.')}` : '') +
    (style ? `{${style}}` : '');
  const inner = node.children.length ? node.children.map(describe).join('')
    : JSON.stringify(node.textContent);
  return `${node.tagName.toLowerCase()}${attrs}(${inner})`;
}

test('renderLine builds the documented structure', () => {
  const {doc} = strictFakeDocument();
  const row = ansi.renderLine(doc, {stream: 'stderr', text: `${E}[31mfail${E}[0m ok`,
                                   ts: '2024-05-01T12:34:56.123456789Z', truncated: false});
  assert.equal(describe(row),
    'div.log-line.log-stderr(' +
    'span.log-ts("2024-05-01T12:34:56.123456789Z")' +
    'span.log-text(span.ansi-fg-red("fail")span(" ok")))');
});

test('renderLine puts markup in textContent only', () => {
  for (const text of NASTY) {
    const {doc, created} = strictFakeDocument();
    const row = ansi.renderLine(doc, {stream: 'stdout', text, ts: null, truncated: false});
    const shown = created.filter((n) => n.children.length === 0).map((n) => n.textContent).join('');
    assert.equal(shown, ansi.stripAnsi(text));
    assert.ok(row.children.length >= 1);
  }
  const {doc} = strictFakeDocument();
  const row = ansi.renderLine(doc, {stream: 'stdout', text: '<img src=x onerror=alert(1)>'});
  assert.equal(describe(row), 'div.log-line.log-stdout(span.log-text(span("<img src=x onerror=alert(1)>")))');
});

test('renderLine applies inline colours through style properties', () => {
  const {doc} = strictFakeDocument();
  const row = ansi.renderLine(doc, {stream: 'stdout', text: `${E}[1;38;2;1;2;3;48;5;250mx`});
  assert.equal(describe(row),
    'div.log-line.log-stdout(span.log-text(span.ansi-bold{color=rgb(1, 2, 3);backgroundColor=rgb(188, 188, 188)}("x")))');
});

test('renderLine highlights a match across a colour change', () => {
  const {doc} = strictFakeDocument();
  const row = ansi.renderLine(doc, {stream: 'stdout', text: `con${E}[31mnection refused`},
                              {query: 'ConNect'});
  assert.equal(describe(row),
    'div.log-line.log-stdout(span.log-text(' +
    'mark.log-match("con")mark.ansi-fg-red.log-match("nect")span.ansi-fg-red("ion refused")))');
});

test('renderLine highlights several matches inside one span', () => {
  const {doc} = strictFakeDocument();
  const row = ansi.renderLine(doc, {stream: 'stdout', text: 'a<b>a'}, {query: 'A'});
  assert.equal(describe(row),
    'div.log-line.log-stdout(span.log-text(mark.log-match("a")span("<b>")mark.log-match("a")))');
});

test('renderLine marks truncated lines, label can be translated', () => {
  const {doc} = strictFakeDocument();
  const line = {stream: 'stdout', text: 'x', ts: null, truncated: true};
  assert.equal(describe(ansi.renderLine(doc, line)),
    'div.log-line.log-stdout(span.log-text(span("x"))span.log-truncated(" … [line truncated]"))');
  assert.equal(describe(ansi.renderLine(doc, line, {truncatedLabel: '<gekürzt>'})),
    'div.log-line.log-stdout(span.log-text(span("x"))span.log-truncated("<gekürzt>"))');
});

test('renderLine only trusts known stream names for classes', () => {
  const {doc} = strictFakeDocument();
  const row = ansi.renderLine(doc, {stream: 'x" onclick="y', text: ''});
  assert.equal(describe(row), 'div.log-line.log-stdout(span.log-text(""))');
});

test('renderLine does not search the timestamp', () => {
  const {doc} = strictFakeDocument();
  const row = ansi.renderLine(doc, {stream: 'stdout', text: 'abc', ts: '2024'}, {query: '2024'});
  assert.equal(describe(row), 'div.log-line.log-stdout(span.log-ts("2024")span.log-text(span("abc")))');
});

// -- loading as a classic script ---------------------------------------------------

test('works as a classic <script>: defines window.DockerDashboardAnsiLog', () => {
  const windowLike = {};
  windowLike.window = windowLike;
  vm.runInNewContext(fs.readFileSync(SCRIPT, 'utf8'), windowLike);
  assert.equal(typeof windowLike.DockerDashboardAnsiLog.renderLine, 'function');
  assert.equal(windowLike.DockerDashboardAnsiLog.stripAnsi(`${E}[1mx`), 'x');
});

test('script source never uses HTML-parsing DOM APIs', () => {
  const source = fs.readFileSync(SCRIPT, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  for (const banned of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write',
                        'setAttribute', 'eval(', 'new Function']) {
    assert.ok(!source.includes(banned), banned);
  }
});
