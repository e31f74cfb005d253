"""Draws bench/figures.json as one SVG bar chart: each comparison's cost
relative to its peer measured in the same run (1.0 = the peer), with the
goal where the issue set one. Run by bench/run.sh after the benchmarks;
`python -m bench._chart` redraws it alone."""
import html
import json
import os

from bench._figures import FIGURES

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))), "docs", "benchmarks.svg")
ROW, LEFT, WIDTH, SCALE_MAX = 34, 380, 360, 2.0


def _x(ratio):
    return LEFT + WIDTH * min(ratio, SCALE_MAX) / SCALE_MAX


def svg_start(width, height, title):
    """The opening of a chart: its size, font, white ground and title
    (soak/_chart.py draws its timelines on the same start)."""
    return ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
            'font-family="DejaVu Sans, sans-serif" font-size="12">'
            % (width, height),
            '<rect width="100%" height="100%" fill="white"/>',
            '<text x="10" y="20" font-size="14" font-weight="bold">%s</text>'
            % html.escape(title)]


def draw(figures):
    rows = sorted(figures.items())
    height = 70 + ROW * len(rows)
    out = svg_start(LEFT + WIDTH + 150, height,
                    "Cost relative to the peer measured in the same run "
                    "(1.0 = the peer; shorter is better)")
    for i, (_, fig) in enumerate(rows):
        y = 40 + ROW * i
        ratio = fig["cost_ratio"]
        met = fig["goal"] is None or ratio <= fig["goal"]
        colour = "#3a7d44" if ratio <= 1.0 else (
            "#d9a021" if met else "#c0392b")
        label = "%s vs %s" % (fig["label"], fig["peer_name"])
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                   % (LEFT - 8, y + 16, html.escape(label[:60])))
        out.append('<rect x="%d" y="%d" width="%.1f" height="20" fill="%s"/>'
                   % (LEFT, y + 3, _x(ratio) - LEFT, colour))
        # Small ratios keep their significant digits (0.002, not 0.00).
        shown = ("%.3f" if ratio < 0.1 else "%.2f") % ratio
        out.append('<text x="%.1f" y="%d">%s&#215;%s</text>'
                   % (_x(ratio) + 6, y + 17, shown,
                      "" if ratio <= SCALE_MAX else " (off scale)"))
        if fig["goal"] is not None:
            gx = _x(fig["goal"])
            out.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" '
                       'stroke="black" stroke-dasharray="3,2"/>'
                       % (gx, gx, y, y + 26))
    one = _x(1.0)
    out.append('<line x1="%.1f" x2="%.1f" y1="32" y2="%d" stroke="#555"/>'
               % (one, one, height - 20))
    out.append('<text x="%.1f" y="%d" text-anchor="middle">1.0 = peer'
               '</text>' % (one, height - 6))
    out.append('<text x="%d" y="%d">dashed: the goal</text>'
               % (LEFT + WIDTH + 20, height - 6))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    with open(FIGURES, encoding="utf-8") as handle:
        figures = json.load(handle)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as handle:
        handle.write(draw(figures))
    print("chart of %d comparisons: %s" % (len(figures), OUT))


if __name__ == "__main__":
    main()
