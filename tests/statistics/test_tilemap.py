"""The tile map: one square per provincial unit, none on another, shades in ranges a legend can name."""

from consult.localities import PROVINCES
from consult.statistics.tilemap import TILES, class_bounds, tile_map


def test_every_unit_has_one_square_of_its_own():
    assert set(TILES) == set(PROVINCES) and len(TILES) == 34
    cells = [(column, row) for column, row, _label in TILES.values()]
    assert len(set(cells)) == 34
    assert TILES["lai-chau"][1] < TILES["ha-noi"][1] < TILES["hue"][1] < TILES["ho-chi-minh"][1] < TILES["ca-mau"][1]


def test_shades_cover_every_count_without_overlap():
    assert class_bounds(0) == []
    assert class_bounds(3) == [(1, 1), (2, 2), (3, 3)]
    assert class_bounds(10) == [(1, 3), (4, 6), (7, 9), (10, 10)]
    drawn = tile_map({"ha-noi": 10, "hue": 4, "ca-mau": 1})
    shades = {tile["code"]: tile["shade"] for tile in drawn["tiles"]}
    assert (shades["ha-noi"], shades["hue"], shades["ca-mau"], shades["son-la"]) == (4, 2, 1, 0)
    assert drawn["legend"] == [(0, 0, 0), (1, 1, 3), (2, 4, 6), (3, 7, 9), (4, 10, 10)]
