/*
 * Rendering container log lines in the browser: ANSI colours without HTML.
 *
 * Log text is data written by whatever runs in the container, so it is never
 * treated as markup. parseAnsi() turns a line with ANSI SGR escapes into plain
 * {text, classes, style} spans; renderLine() builds DOM nodes from them using
 * only document.createElement and textContent (never innerHTML), so "<script>"
 * in a log shows up as the characters "<script>". Colours become CSS classes
 * (the 16 palette colours, themable) or inline styles built from numbers only
 * (256-colour and 24-bit), so escape parameters can never inject CSS.
 *
 * Plain script, no dependencies: loads as a classic <script> (exposing
 * window.DockerDashboardAnsiLog) and as a CommonJS module under node for tests.
 */
(function (root) {
  'use strict';

  var ESC = '\u001b';
  var C1_CSI = '\u009b';  // single-character CSI some programs emit
  var BEL = '\u0007';
  var COLOR_NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
  var CUBE_LEVELS = [0, 95, 135, 175, 215, 255];  // xterm's 6x6x6 colour cube
  var DEFAULT_TRUNCATED_LABEL = ' \u2026 [line truncated]';

  function initialState() {
    // fg/bg: null (terminal default), {cls: 'ansi-fg-red'} or {rgb: [r, g, b]}
    return {bold: false, dim: false, italic: false, underline: false, fg: null, bg: null};
  }

  function isCode(code, low, high) {
    return code >= low && code <= high;
  }

  // C0/C1 controls other than TAB would render as odd boxes or move nothing
  // sensible in a <div>; they are dropped from the visible text.
  function isDroppedControl(code) {
    return (code < 0x20 && code !== 0x09) || isCode(code, 0x7f, 0x9f);
  }

  /*
   * Read a control sequence starting at text[start] (an ESC or C1 CSI).
   * Returns {end, sgr}: the index just after the sequence, and the SGR
   * parameter string if it was a colour/style sequence (else null). Anything
   * that is not SGR is skipped. Sequences cut off by the end of the line are
   * dropped; an introducer followed by something invalid is dropped alone and
   * the text after it is shown, since a log line is data first.
   */
  function readEscape(text, start, scan) {
    if (text.charAt(start) === C1_CSI) {
      return readCsi(text, start + 1);
    }
    var n = text.length;
    if (start + 1 >= n) {
      return {end: n, sgr: null};
    }
    var next = text.charAt(start + 1);
    var nextCode = text.charCodeAt(start + 1);
    if (next === '[') {
      return readCsi(text, start + 2);
    }
    if (next === ']' || next === 'P' || next === 'X' || next === '^' || next === '_') {
      return readStringSequence(text, start + 2, scan);
    }
    if (isCode(nextCode, 0x20, 0x2f)) {
      // nF escapes such as ESC ( B (character set): intermediates then a final byte.
      var j = start + 1;
      while (j < n && isCode(text.charCodeAt(j), 0x20, 0x2f)) {
        j++;
      }
      if (j >= n) {
        return {end: n, sgr: null};
      }
      return {end: isCode(text.charCodeAt(j), 0x30, 0x7e) ? j + 1 : start + 1, sgr: null};
    }
    if (isCode(nextCode, 0x30, 0x7e)) {
      return {end: start + 2, sgr: null};  // two-character escapes: ESC 7, ESC =, ESC c ...
    }
    return {end: start + 1, sgr: null};
  }

  function readCsi(text, paramsStart) {
    var n = text.length;
    var j = paramsStart;
    while (j < n && isCode(text.charCodeAt(j), 0x30, 0x3f)) {
      j++;
    }
    var paramsEnd = j;
    while (j < n && isCode(text.charCodeAt(j), 0x20, 0x2f)) {
      j++;
    }
    if (j >= n) {
      return {end: n, sgr: null};
    }
    if (!isCode(text.charCodeAt(j), 0x40, 0x7e)) {
      return {end: paramsStart, sgr: null};
    }
    var params = text.slice(paramsStart, paramsEnd);
    var isSgr = text.charAt(j) === 'm' && paramsEnd === j && /^[0-9;:]*$/.test(params);
    return {end: j + 1, sgr: isSgr ? params : null};
  }

  // OSC (window titles, hyperlinks), DCS, SOS, PM, APC: ended by BEL or ESC \.
  // scan.noTerminatorFrom remembers where a search already failed: without it a
  // line of many "ESC ]" would be rescanned to its end each time (quadratic).
  function readStringSequence(text, contentStart, scan) {
    if (contentStart >= scan.noTerminatorFrom) {
      return {end: contentStart, sgr: null};
    }
    for (var j = contentStart; j < text.length; j++) {
      var ch = text.charAt(j);
      if (ch === BEL) {
        return {end: j + 1, sgr: null};
      }
      if (ch === ESC && text.charAt(j + 1) === '\\') {
        return {end: j + 2, sgr: null};
      }
    }
    scan.noTerminatorFrom = contentStart;
    return {end: contentStart, sgr: null};
  }

  function toNumber(param) {
    // Empty parameters mean 0 (so "ESC[;1m" resets then sets bold).
    var value = param === '' || param === undefined ? 0 : parseInt(param, 10);
    return isNaN(value) ? -1 : value;
  }

  function clampByte(value) {
    return Math.max(0, Math.min(255, value));
  }

  function paletteColor(index, layer) {
    if (index < 8) {
      return {cls: 'ansi-' + layer + '-' + COLOR_NAMES[index]};
    }
    if (index < 16) {
      return {cls: 'ansi-' + layer + '-bright-' + COLOR_NAMES[index - 8]};
    }
    if (index < 232) {
      var cube = index - 16;
      return {rgb: [CUBE_LEVELS[Math.floor(cube / 36)], CUBE_LEVELS[Math.floor(cube / 6) % 6],
                    CUBE_LEVELS[cube % 6]]};
    }
    var grey = 8 + (index - 232) * 10;
    return {rgb: [grey, grey, grey]};
  }

  /*
   * 38/48 colour arguments, either as following ";" parameters (5;n or 2;r;g;b)
   * or as ":" sub-parameters (5:n, 2:r:g:b or 2:colorspace:r:g:b).
   * Returns {color, used}: colour (or null if invalid) and how many arguments
   * were consumed.
   */
  function extendedColor(args, layer) {
    var mode = toNumber(args[0]);
    if (mode === 5 && args.length >= 2) {
      var index = toNumber(args[1]);
      return {color: isCode(index, 0, 255) ? paletteColor(index, layer) : null, used: 2};
    }
    if (mode === 2 && args.length >= 4) {
      var rgb = args.slice(1, 4).map(toNumber);
      var valid = rgb.every(function (v) { return v >= 0; });
      return {color: valid ? {rgb: rgb.map(clampByte)} : null, used: 4};
    }
    return {color: null, used: args.length};
  }

  function applySgr(state, params) {
    var codes = params === '' ? ['0'] : params.split(';');
    for (var k = 0; k < codes.length; k++) {
      var sub = codes[k].split(':');
      var code = toNumber(sub[0]);
      if (code === 38 || code === 48) {
        var layer = code === 38 ? 'fg' : 'bg';
        var ext;
        if (sub.length > 1) {
          var colonArgs = sub.slice(1);
          // 2:colorspace:r:g:b carries an (ignored) colour space id.
          if (toNumber(colonArgs[0]) === 2 && colonArgs.length >= 5) {
            colonArgs = [colonArgs[0]].concat(colonArgs.slice(2));
          }
          ext = extendedColor(colonArgs, layer);
        } else {
          ext = extendedColor(codes.slice(k + 1), layer);
          k += ext.used;
        }
        if (ext.color) {
          state[layer] = ext.color;
        }
        continue;
      }
      applySimpleCode(state, code);
    }
  }

  function applySimpleCode(state, code) {
    if (code === 0) {
      var fresh = initialState();
      Object.keys(fresh).forEach(function (key) { state[key] = fresh[key]; });
    } else if (code === 1) {
      state.bold = true;
    } else if (code === 2) {
      state.dim = true;
    } else if (code === 3) {
      state.italic = true;
    } else if (code === 4) {
      state.underline = true;
    } else if (code === 22) {
      state.bold = false;
      state.dim = false;
    } else if (code === 23) {
      state.italic = false;
    } else if (code === 24) {
      state.underline = false;
    } else if (isCode(code, 30, 37)) {
      state.fg = paletteColor(code - 30, 'fg');
    } else if (code === 39) {
      state.fg = null;
    } else if (isCode(code, 40, 47)) {
      state.bg = paletteColor(code - 40, 'bg');
    } else if (code === 49) {
      state.bg = null;
    } else if (isCode(code, 90, 97)) {
      state.fg = paletteColor(code - 90 + 8, 'fg');
    } else if (isCode(code, 100, 107)) {
      state.bg = paletteColor(code - 100 + 8, 'bg');
    }
    // Everything else (blink, inverse, hidden, strike, fonts...) is ignored on
    // purpose: hiding text in a log viewer would only help someone hide text.
  }

  function rgbCss(rgb) {
    return 'rgb(' + rgb.join(', ') + ')';
  }

  function spanFor(text, state) {
    var classes = [];
    var style = {};
    if (state.bold) { classes.push('ansi-bold'); }
    if (state.dim) { classes.push('ansi-dim'); }
    if (state.italic) { classes.push('ansi-italic'); }
    if (state.underline) { classes.push('ansi-underline'); }
    if (state.fg && state.fg.cls) { classes.push(state.fg.cls); }
    if (state.fg && state.fg.rgb) { style.color = rgbCss(state.fg.rgb); }
    if (state.bg && state.bg.cls) { classes.push(state.bg.cls); }
    if (state.bg && state.bg.rgb) { style.backgroundColor = rgbCss(state.bg.rgb); }
    return {text: text, classes: classes, style: style};
  }

  function sameLook(a, b) {
    return a.classes.join(' ') === b.classes.join(' ') &&
      JSON.stringify(a.style) === JSON.stringify(b.style);
  }

  function pushSpan(spans, span) {
    if (!span.text) {
      return;
    }
    var last = spans[spans.length - 1];
    if (last && sameLook(last, span)) {
      last.text += span.text;
    } else {
      spans.push(span);
    }
  }

  /** Split one log line into [{text, classes: [..], style: {..}}], escapes removed. */
  function parseAnsi(text) {
    text = text === null || text === undefined ? '' : String(text);
    var spans = [];
    var state = initialState();
    var scan = {noTerminatorFrom: Infinity};
    var runStart = 0;
    var i = 0;
    while (i < text.length) {
      var ch = text.charAt(i);
      var code = text.charCodeAt(i);
      if (ch === ESC || ch === C1_CSI) {
        pushSpan(spans, spanFor(text.slice(runStart, i), state));
        var sequence = readEscape(text, i, scan);
        if (sequence.sgr !== null) {
          applySgr(state, sequence.sgr);
        }
        i = runStart = sequence.end;
      } else if (isDroppedControl(code)) {
        pushSpan(spans, spanFor(text.slice(runStart, i), state));
        i = runStart = i + 1;
      } else {
        i++;
      }
    }
    pushSpan(spans, spanFor(text.slice(runStart), state));
    return spans;
  }

  /** The visible text of a line: what search and "download as text" should see. */
  function stripAnsi(text) {
    return parseAnsi(text).map(function (span) { return span.text; }).join('');
  }

  // Lower-case per character, keeping characters whose lower case has another
  // length (e.g. U+0130) as they are, so indexes in the folded string are
  // indexes in the original.
  function foldCase(text) {
    var folded = '';
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      var lower = ch.toLowerCase();
      folded += lower.length === ch.length ? lower : ch;
    }
    return folded;
  }

  /** [[start, end], ...] of non-overlapping case-insensitive matches of query. */
  function findMatches(text, query) {
    var ranges = [];
    if (!query || !text) {
      return ranges;
    }
    // Plain substring search, not RegExp: a user's query is never a pattern,
    // so "(a+)+$" cannot hang the tab.
    var haystack = foldCase(String(text));
    var needle = foldCase(String(query));
    var from = 0;
    while (true) {
      var at = haystack.indexOf(needle, from);
      if (at === -1) {
        return ranges;
      }
      ranges.push([at, at + needle.length]);
      from = at + needle.length;
    }
  }

  /** Split text into [{text, match: bool}] segments for search highlighting. */
  function highlight(text, query) {
    text = text === null || text === undefined ? '' : String(text);
    var segments = [];
    var position = 0;
    findMatches(text, query).forEach(function (range) {
      if (range[0] > position) {
        segments.push({text: text.slice(position, range[0]), match: false});
      }
      segments.push({text: text.slice(range[0], range[1]), match: true});
      position = range[1];
    });
    if (position < text.length) {
      segments.push({text: text.slice(position), match: false});
    }
    return segments;
  }

  // Cut spans at match boundaries so a match across a colour change is still
  // highlighted as a whole: returns spans with an extra `match` flag.
  function splitSpansByMatches(spans, ranges) {
    var pieces = [];
    var offset = 0;
    var r = 0;
    spans.forEach(function (span) {
      var start = 0;
      while (start < span.text.length) {
        var absolute = offset + start;
        while (r < ranges.length && ranges[r][1] <= absolute) {
          r++;
        }
        var inMatch = r < ranges.length && ranges[r][0] <= absolute;
        var boundary = r >= ranges.length ? Infinity : (inMatch ? ranges[r][1] : ranges[r][0]);
        var end = Math.min(span.text.length, boundary - offset);
        pieces.push({text: span.text.slice(start, end), classes: span.classes,
                     style: span.style, match: inMatch});
        start = end;
      }
      offset += span.text.length;
    });
    return pieces;
  }

  function element(doc, tagName, className, text) {
    var node = doc.createElement(tagName);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;  // the one way text enters the DOM: never parsed as HTML
    }
    return node;
  }

  /*
   * Build the DOM for one LogLine ({stream, text, ts, truncated}, as sent by
   * the proxy). options.query highlights matches in <mark> elements;
   * options.truncatedLabel is the (translated) marker for a cut line.
   *
   *   <div class="log-line log-stderr">
   *     <span class="log-ts">2024-...Z</span>
   *     <span class="log-text"><span class="ansi-fg-red">...</span><mark ...>...</mark></span>
   *     <span class="log-truncated"> … [line truncated]</span>
   *   </div>
   */
  function renderLine(doc, line, options) {
    options = options || {};
    var stream = line && line.stream === 'stderr' ? 'stderr' : 'stdout';
    var row = element(doc, 'div', 'log-line log-' + stream);
    if (line && line.ts) {
      row.appendChild(element(doc, 'span', 'log-ts', String(line.ts)));
    }
    var body = element(doc, 'span', 'log-text');
    var spans = parseAnsi(line ? line.text : '');
    var visible = spans.map(function (span) { return span.text; }).join('');
    splitSpansByMatches(spans, findMatches(visible, options.query)).forEach(function (piece) {
      var classes = piece.classes.slice();
      if (piece.match) {
        classes.push('log-match');
      }
      var node = element(doc, piece.match ? 'mark' : 'span', classes.join(' '), piece.text);
      Object.keys(piece.style).forEach(function (property) {
        node.style[property] = piece.style[property];
      });
      body.appendChild(node);
    });
    row.appendChild(body);
    if (line && line.truncated) {
      row.appendChild(element(doc, 'span', 'log-truncated',
                              options.truncatedLabel || DEFAULT_TRUNCATED_LABEL));
    }
    return row;
  }

  var api = {
    parseAnsi: parseAnsi,
    stripAnsi: stripAnsi,
    findMatches: findMatches,
    highlight: highlight,
    renderLine: renderLine
  };

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  } else {
    root.DockerDashboardAnsiLog = api;
  }
})(typeof window !== 'undefined' ? window : this);
