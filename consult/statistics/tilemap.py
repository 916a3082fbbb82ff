"""A tile-grid map of Viet Nam's 34 provincial units: one square per unit, placed on a grid roughly where it lies
(north to south, west to east), with a short label. Without geodata (none can be fetched here) this is the honest
map: every unit has the same size, so a large province does not look more important than a dense city, and the
exact numbers are in each tile's title and in the table beside it."""

import math

from consult.localities import PROVINCES

TILE = 40  # SVG units per square, a gap of GAP between squares
GAP = 4
# code: (column, row, short label). The north's 15 units in four rows, the narrow centre one or two a row, the south.
TILES = {
    "lai-chau": (0, 0, "LCh"),
    "lao-cai": (1, 0, "LCa"),
    "tuyen-quang": (2, 0, "TQ"),
    "cao-bang": (3, 0, "CB"),
    "dien-bien": (0, 1, "ĐB"),
    "son-la": (1, 1, "SL"),
    "phu-tho": (2, 1, "PT"),
    "thai-nguyen": (3, 1, "TNg"),
    "lang-son": (4, 1, "LS"),
    "ha-noi": (2, 2, "HN"),
    "bac-ninh": (3, 2, "BN"),
    "quang-ninh": (4, 2, "QNi"),
    "ninh-binh": (2, 3, "NB"),
    "hung-yen": (3, 3, "HY"),
    "hai-phong": (4, 3, "HP"),
    "thanh-hoa": (2, 4, "TH"),
    "nghe-an": (2, 5, "NA"),
    "ha-tinh": (3, 6, "HT"),
    "quang-tri": (3, 7, "QT"),
    "hue": (4, 8, "Huế"),
    "da-nang": (5, 9, "ĐN"),
    "quang-ngai": (5, 10, "QNg"),
    "gia-lai": (5, 11, "GL"),
    "dak-lak": (5, 12, "ĐL"),
    "lam-dong": (4, 13, "LĐ"),
    "khanh-hoa": (5, 13, "KH"),
    "tay-ninh": (2, 14, "TN"),
    "dong-nai": (3, 14, "ĐNa"),
    "an-giang": (1, 15, "AG"),
    "dong-thap": (2, 15, "ĐT"),
    "ho-chi-minh": (3, 15, "HCM"),
    "can-tho": (2, 16, "CT"),
    "vinh-long": (3, 16, "VL"),
    "ca-mau": (1, 17, "CM"),
}
CLASSES = 4  # shades above zero; each darker than the last, the text on it white or black for contrast
WIDTH = (max(column for column, _row, _label in TILES.values()) + 1) * (TILE + GAP) - GAP
HEIGHT = (max(row for _column, row, _label in TILES.values()) + 1) * (TILE + GAP) - GAP

assert set(TILES) == set(PROVINCES), "every provincial unit has its tile"


def class_bounds(counts):
    """[(low, high)] of the shades above zero for these counts: at most CLASSES ranges of whole numbers from 1 to the
    largest, each holding about as many of the distinct counts (one city far ahead of the rest does not leave every
    other unit in the palest shade, as equal ranges would)."""
    values = sorted({count for count in counts if count > 0})
    if not values:
        return []
    classes = min(CLASSES, len(values))
    highs = [values[math.ceil(len(values) * k / classes) - 1] for k in range(1, classes + 1)]
    return [(low, high) for low, high in zip([1] + [high + 1 for high in highs[:-1]], highs, strict=True)]


def tile_map(counts):
    """The tiles to draw for {province code: count}: dicts of code, name, label, count, x, y and shade (0 for none,
    else up to CLASSES), and the legend's [(shade, low, high)]."""
    bounds = class_bounds(counts.get(code, 0) for code in TILES)
    first = CLASSES - len(bounds)  # the largest counts always take the darkest shade
    tiles = []
    for code, (column, row, label) in TILES.items():
        count = counts.get(code, 0)
        shade = next((first + n for n, (low, high) in enumerate(bounds, 1) if low <= count <= high), 0)
        tiles.append(
            {
                "code": code,
                "name": PROVINCES[code],
                "label": label,
                "count": count,
                "x": column * (TILE + GAP),
                "y": row * (TILE + GAP),
                "shade": shade,
            }
        )
    legend = [(0, 0, 0)] + [(first + n, low, high) for n, (low, high) in enumerate(bounds, 1)]
    return {"tiles": tiles, "legend": legend, "width": WIDTH, "height": HEIGHT, "tile": TILE}
