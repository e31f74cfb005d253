"""The soak over time as one SVG (docs/soak.svg): the resident memory of
the proxy and of Horizon, and the Containers page's latency (median and p99
per window) against its quiet median and the 3x goal. Drawn on bench's
chart start (bench/_chart.svg_start), from soak/results.json:
`python -m soak._chart` redraws it alone."""
import html
import os

from bench._chart import svg_start
from soak import _results

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))), "docs", "soak.svg")

LEFT, WIDTH, PLOT, GAP = 70, 640, 180, 60
COLOURS = ("#1f5fa8", "#c0392b", "#3a7d44", "#d9a021")


def _path(points, x, y, colour, dashed=False):
    if not points:
        return ""
    text = " ".join("%.1f,%.1f" % (x(t), y(v)) for t, v in points)
    return ('<polyline points="%s" fill="none" stroke="%s" stroke-width="1.5"'
            '%s/>' % (text, colour,
                      ' stroke-dasharray="4,3"' if dashed else ""))


def _panel(top, title, unit, series, duration, warmup, lines=()):
    """One plot: `series` [(name, [(t, value)])], `lines` horizontal marks
    [(name, value)]; x from 0 to `duration` seconds."""
    values = [v for _, points in series for _, v in points] + [
        v for _, v in lines]
    high = max(values or [1]) * 1.1 or 1

    def x(t):
        return LEFT + WIDTH * min(t, duration) / duration

    def y(v):
        return top + PLOT - PLOT * v / high
    out = ['<text x="%d" y="%d" font-weight="bold">%s</text>'
           % (LEFT, top - 8, html.escape(title)),
           '<rect x="%d" y="%d" width="%d" height="%d" fill="none" '
           'stroke="#999"/>' % (LEFT, top, WIDTH, PLOT)]
    for fraction in (0, 0.5, 1):
        out.append('<text x="%d" y="%.1f" text-anchor="end">%.0f %s</text>'
                   % (LEFT - 6, y(high * fraction / 1.1) + 4,
                      high * fraction / 1.1, unit))
    wx = x(warmup)
    out.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#aaa" '
               'stroke-dasharray="2,2"/>' % (wx, wx, top, top + PLOT))
    legend = []
    for index, (name, points) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        out.append(_path(points, x, y, colour))
        legend.append((name, colour, False))
    for index, (name, value) in enumerate(lines):
        colour = COLOURS[(len(series) + index) % len(COLOURS)]
        out.append(_path([(0, value), (duration, value)], x, y, colour,
                         dashed=True))
        legend.append((name, colour, True))
    for index, (name, colour, dashed) in enumerate(legend):
        ly = top + 14 + 16 * index
        out.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s"%s/>'
                   % (LEFT + WIDTH + 10, LEFT + WIDTH + 30, ly - 4, ly - 4,
                      colour, ' stroke-dasharray="4,3"' if dashed else ""))
        out.append('<text x="%d" y="%d">%s</text>'
                   % (LEFT + WIDTH + 36, ly, html.escape(name)))
    out.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#777">'
               'end of warm-up</text>' % (wx, top + PLOT + 14))
    return out


def draw(memory, latency, quiet_median, duration, warmup, goal=3.0):
    """`memory`: [(name, [(t, MB)])]; `latency`: [(name, [(t, ms)])]."""
    height = 40 + 2 * (PLOT + GAP) + 10
    out = svg_start(LEFT + WIDTH + 230, height,
                    "Soak: memory and Containers page latency over %d s"
                    % duration)
    out += _panel(60, "Resident memory (MB)", "MB", memory, duration,
                  warmup)
    out += _panel(60 + PLOT + GAP, "Containers page latency per 5 s (ms)",
                  "ms", latency, duration, warmup,
                  lines=[("quiet median", quiet_median),
                         ("goal: %g x quiet median" % goal,
                          goal * quiet_median)])
    out.append('<text x="%d" y="%d" fill="#555">seconds since the load '
               'started: 0 to %d</text>' % (LEFT, height - 8, duration))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    soak = _results.load()["soak"]
    memory = [("proxy", soak["series"]["memory"]["proxy"]),
              ("Horizon (all workers)", soak["series"]["memory"]["horizon"])]
    latency = [(name, soak["series"]["latency_ms"][name])
               for name in ("median", "p99")]
    # The clock starts when the followers start opening, a little before
    # the page loads and launches do.
    duration = max(t for _, points in memory + latency for t, _ in points)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as handle:
        handle.write(draw(memory, latency, soak["quiet_median_ms"],
                          int(duration) + 1, soak["warmup_seconds"],
                          soak["goals"]["page_p99_ratio"]))
    return OUT


if __name__ == "__main__":
    print("chart: %s" % main())
