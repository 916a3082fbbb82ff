"""The tile map: one square per provincial unit, none on another, shades in ranges a legend can name."""

from consult.localities import PROVINCES
from consult.statistics.tilemap import TILES, class_bounds, tile_map


def test_every_unit_has_one_square_of_its_own():
    assert set(TILES) == set(PROVINCES) and len(TILES) == 34
    cells = [(column, row) for column, row, _label in TILES.values()]
    assert len(set(cells)) == 34
    assert TILES["lai-chau"][1] < TILES["ha-noi"][1] < TILES["hue"][1] < TILES["ho-chi-minh"][1] < TILES["ca-mau"][1]


def test_shades_cover_every_count_without_overlap():
    assert class_bounds([0, 0]) == []
    assert class_bounds([1, 2, 2, 0]) == [(1, 1), (2, 2)]
    assert class_bounds([1, 1, 2, 3, 6, 8, 51]) == [(1, 2), (3, 3), (4, 8), (9, 51)]
    drawn = tile_map({"ha-noi": 51, "hue": 8, "da-nang": 6, "can-tho": 3, "ca-mau": 2, "an-giang": 1})
    shades = {tile["code"]: tile["shade"] for tile in drawn["tiles"]}
    assert [shades[code] for code in ("ha-noi", "hue", "da-nang", "can-tho", "ca-mau", "an-giang", "son-la")] == [
        4, 3, 3, 2, 1, 1, 0,
    ]  # fmt: skip
    assert drawn["legend"] == [(0, 0, 0), (1, 1, 2), (2, 3, 3), (3, 4, 8), (4, 9, 51)]


def test_few_counts_still_give_the_largest_the_darkest_shade():
    drawn = tile_map({"ha-noi": 2, "hue": 1})
    shades = {tile["code"]: tile["shade"] for tile in drawn["tiles"]}
    assert (shades["ha-noi"], shades["hue"], shades["son-la"]) == (4, 3, 0)
    assert drawn["legend"] == [(0, 0, 0), (3, 1, 1), (4, 2, 2)]
