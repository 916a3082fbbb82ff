"""Bar charts as PNG images drawn with Pillow (a dependency of fpdf2), labelled in Vietnamese with DejaVu Sans."""

import io
from pathlib import Path

from flask import current_app
from PIL import Image, ImageDraw, ImageFont

COLOURS = ["#1b6b3a", "#b3261e", "#5a6b7b", "#1f5fa8", "#8a5a00", "#6b3fa0", "#00707a"]  # dark: 4.5:1 on white


def font_path(bold=False):
    """Return the path of the DejaVu Sans file in REPORT_FONT_DIR, or stop with a clear message."""
    path = Path(current_app.config["REPORT_FONT_DIR"]) / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if not path.is_file():
        raise RuntimeError(f"Font {path} not found: install fonts-dejavu-core or set REPORT_FONT_DIR")
    return path


def bar_chart(title, rows, series, width=1600):
    """Return PNG bytes of horizontal stacked bars: rows are (label, [value per series]), series their names."""
    font = ImageFont.truetype(str(font_path()), 22)
    bold = ImageFont.truetype(str(font_path(bold=True)), 26)
    bar, gap, left, top = 34, 14, 520, 110
    height = top + len(rows) * (bar + gap) + 40
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 16), title, font=bold, fill="black")
    x = 20
    for index, name in enumerate(series):  # legend
        draw.rectangle((x, 62, x + 24, 86), fill=COLOURS[index % len(COLOURS)])
        draw.text((x + 32, 60), name, font=font, fill="black")
        x += 32 + int(draw.textlength(name, font=font)) + 40
    largest = max([sum(values) for _label, values in rows] + [1])
    scale = (width - left - 140) / largest
    for number, (label, values) in enumerate(rows):
        y = top + number * (bar + gap)
        draw.text((20, y + 4), _fit(draw, label, font, left - 40), font=font, fill="black")
        x = left
        for index, value in enumerate(values):
            if value:
                end = x + max(2, value * scale)
                draw.rectangle((x, y, end, y + bar), fill=COLOURS[index % len(COLOURS)])
                x = end
        draw.text((x + 10, y + 4), f"{sum(values):,}".replace(",", "."), font=font, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _fit(draw, text, font, width):
    """Shorten a label with an ellipsis to fit `width` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"
