"""Geometry of the summary's charts, drawn as inline SVG by templates/agency/_chart_*.html.

No JavaScript and no image files: each chart is a few hundred bytes of SVG per row with a viewBox, so it scales to
the width of a phone. Every number is printed as text next to or inside its shape (colour is never the only
carrier) and each chart is followed by a table with the same numbers. Colours are SVG attributes, not inline
styles, because the Content-Security-Policy forbids inline styles.
"""

from dataclasses import dataclass, field

WIDTH = 360  # viewBox width: a phone's CSS width, scaled up on larger screens
INK = "#1b1b1b"
WHITE = "#ffffff"
BAR = "#0b4f8a"  # the site's brand blue: 8.5:1 against white (WCAG 1.4.11 asks 3:1 for graphics)
# Heat-map steps, lightest to darkest; the text colour of each step is chosen for the best contrast.
HEAT_STEPS = ("#ffffff", "#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b")
MAX_BARS = 10


def _luminance(colour):
    """Return the WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    """Return the WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour_on(fill):
    """Return the ink or white, whichever reads better on `fill`."""
    return INK if contrast(INK, fill) >= contrast(WHITE, fill) else WHITE


def heat_step(value, maximum):
    """Return the index in HEAT_STEPS of `value` on a scale up to `maximum` (0 only for zero)."""
    if value <= 0 or maximum <= 0:
        return 0
    return 1 + min(len(HEAT_STEPS) - 2, int((value / maximum) * (len(HEAT_STEPS) - 1) - 1e-9))


@dataclass
class Heatmap:
    """A grid of rows × columns, each cell coloured by its count and labelled with it."""

    columns: list  # [(x centre, [(y, line of the label)])]
    rows: list  # [(y centre, label)]
    cells: list  # [dict(x, y, width, height, fill, ink, value)]
    height: int
    width: int = WIDTH
    label_width: int = 0


def wrap(text, width):
    """Split a label into lines of at most about `width` characters, at spaces (SVG text does not wrap)."""
    lines = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def heatmap(row_labels, column_labels, values, label_width=112, cell_height=32, line_height=15):
    """Lay out a heat map of `values` (a list of rows of counts) with the given row and column labels.

    Column labels are wrapped to the width of a column, each a list of lines.
    """
    cell_width = (WIDTH - label_width) / max(1, len(column_labels))
    column_lines = [wrap(text, max(4, int(cell_width / 8))) for text in column_labels]
    head = 8 + line_height * max((len(lines) for lines in column_lines), default=1)
    maximum = max((value for row in values for value in row), default=0)
    cells = []
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            fill = HEAT_STEPS[heat_step(value, maximum)]
            cells.append(
                {
                    "x": label_width + c * cell_width,
                    "y": head + r * cell_height,
                    "width": cell_width,
                    "height": cell_height,
                    "fill": fill,
                    "ink": text_colour_on(fill),
                    "value": value,
                }
            )
    return Heatmap(
        columns=[
            (
                label_width + (c + 0.5) * cell_width,
                [(head - 6 - line_height * (len(lines) - 1 - n), line) for n, line in enumerate(lines)],
            )
            for c, lines in enumerate(column_lines)
        ],
        rows=[(head + (r + 0.5) * cell_height, text) for r, text in enumerate(row_labels)],
        cells=cells,
        height=head + len(values) * cell_height + 2,
        label_width=label_width,
    )


@dataclass
class Bars:
    """Horizontal bars, one per label, the count printed after each bar."""

    bars: list = field(default_factory=list)  # [dict(y, label, value, width)]
    height: int = 0
    width: int = WIDTH
    start: int = 0


def bars(items, other_label, label_width=140, bar_height=24, gap=8):
    """Lay out horizontal bars for [(label, count)], largest first; past MAX_BARS the rest is one `other_label` bar."""
    items = sorted(items, key=lambda item: -item[1])
    if len(items) > MAX_BARS:
        items = items[: MAX_BARS - 1] + [(other_label, sum(count for _label, count in items[MAX_BARS - 1 :]))]
    room = WIDTH - label_width - 48  # space left of the printed count
    maximum = max((count for _label, count in items), default=0) or 1
    laid = [
        {
            "y": i * (bar_height + gap),
            "label": label,
            "value": count,
            "height": bar_height,
            "width": max(1 if count else 0, room * count / maximum),
        }
        for i, (label, count) in enumerate(items)
    ]
    return Bars(bars=laid, height=max(1, len(items) * (bar_height + gap) - gap), start=label_width)


@dataclass
class Columns:
    """Vertical columns over days, with a baseline, the maximum marked, and some dates below."""

    columns: list  # [dict(x, y, width, height, value, label, tick)]
    maximum: int
    height: int
    plot_top: int
    baseline: int
    width: int = WIDTH
    left: int = 0


def day_columns(days, date_label, plot_height=120, left=34, top=16, bottom=28, ticks=6):
    """Lay out one column per day of [(date, count)]; `date_label(date)` writes a tick's date (dd/mm)."""
    maximum = max((count for _day, count in days), default=0)
    slot = (WIDTH - left - 4) / max(1, len(days))
    every = max(1, -(-len(days) // ticks))  # about `ticks` dates under the axis, first one always
    columns = []
    for i, (day, count) in enumerate(days):
        height = plot_height * count / maximum if maximum else 0
        columns.append(
            {
                "x": left + i * slot + slot * 0.1,
                "width": max(1.0, slot * 0.8),
                "y": top + plot_height - height,
                "height": height,
                "value": count,
                "day": day,
                "tick": date_label(day) if i % every == 0 else None,
                "centre": left + (i + 0.5) * slot,
            }
        )
    return Columns(
        columns=columns,
        maximum=maximum,
        height=top + plot_height + bottom,
        plot_top=top,
        baseline=top + plot_height,
        left=left,
    )


def summary_charts(summary):
    """Return the charts of a build_summary() result: heatmap, kinds, localities, channels, days."""
    from flask_babel import format_date
    from flask_babel import gettext as _

    from consult.feedback.models import AUTHOR_KINDS, CHANNELS, STANCES
    from consult.i18n import label

    def row_label(row):
        if row.get("earlier"):
            return _("Earlier versions")
        if row["article"] is None:
            return _("Whole draft")
        return _("Article %(number)d", number=row["article"].number)

    articles = summary["articles"]
    return {
        "heatmap": heatmap(
            [row_label(row) for row in articles],
            [str(text) for text in STANCES.values()],
            [[row["counts"].get(code, 0) for code in STANCES] for row in articles],
        ),
        "kinds": bars([(label(AUTHOR_KINDS, code), count) for code, count in summary["by_kind"]], _("Others")),
        "localities": bars(summary["by_locality"], _("Other localities")),
        "channels": bars([(label(CHANNELS, code), count) for code, count in summary["by_channel"]], _("Others")),
        "days": day_columns(summary["by_day"], lambda day: format_date(day, "dd/MM")),
    }
