"""Each figure of the scoreboard, computed on the hand-built year of conftest.py."""

import pytest

from consult.scoreboard.services import Period, ScoreboardError, build_scoreboard, read_query


def rows_by_slug(board):
    return {row.slug: row for row in board.rows}


def test_each_figure_of_each_agency(app, year_2025):
    board = build_scoreboard(Period(2025))
    rows = rows_by_slug(board)

    assert set(rows) == {"a-so-xay-dung", "b-phuong", "c-thanh-pho", "d-so-tai-chinh"}  # E: neither expected nor did
    a, b, c, d = rows["a-so-xay-dung"], rows["b-phuong"], rows["c-thanh-pho"], rows["d-so-tai-chinh"]
    assert (a.expected, a.drafts, a.met_minimum, a.closed_early) == (True, 2, 1, 0)  # the law was open 31 of 60 days
    assert (a.online, a.offline) == (4, 2)  # rejected and unconfirmed opinions do not count
    assert (a.published_opinions, a.answered, a.answers, a.answers_published) == (4, 2, 2, 1)
    assert a.answered_share == 0.5 and a.published_share == 0.5
    assert a.median_days == 7.0  # 10 and 4 days
    assert a.reports == 2

    assert (b.drafts, b.met_minimum, b.closed_early, b.online, b.offline) == (1, 0, 1, 1, 0)
    assert b.answered_share == 0.0 and b.published_share is None and b.median_days is None and b.reports == 0

    assert (c.expected, c.drafts, c.consulted) == (True, 0, False)
    assert c.answered_share is None and c.median_days is None

    assert (d.expected, d.drafts, d.met_minimum, d.online, d.offline) == (False, 1, 1, 0, 2)


def test_expected_and_did(app, year_2025):
    board = build_scoreboard(Period(2025))

    assert (board.expected, board.expected_did, board.unexpected_did) == (3, 2, 1)
    assert [draft.title for draft in board.early] == ["B1"]
    assert board.early[0].ended_at.isoformat().startswith("2025-07-09T17:00")


def test_a_draft_belongs_to_the_period_its_window_opened_in_viet_nam(app, year_2025):
    rows_2024 = rows_by_slug(build_scoreboard(Period(2024)))
    first_quarter = rows_by_slug(build_scoreboard(Period(2025, 1)))
    third_quarter = rows_by_slug(build_scoreboard(Period(2025, 3)))

    assert rows_2024["d-so-tai-chinh"].drafts == 1 and rows_2024["d-so-tai-chinh"].online == 1
    assert {slug: row.drafts for slug, row in first_quarter.items()} == {"a-so-xay-dung": 1, "d-so-tai-chinh": 1}
    assert not any(row.expected for row in first_quarter.values())  # expectations were set for the year only
    assert set(third_quarter) == {"b-phuong"}


def test_level_filter(app, year_2025):
    board = build_scoreboard(Period(2025), level="commune")

    assert [row.slug for row in board.rows] == ["b-phuong"]
    assert (board.expected, board.expected_did) == (1, 1)


def test_sorting_puts_rows_without_a_value_last(app, year_2025):
    board = build_scoreboard(Period(2025))

    by_median = [row.slug for row in board.sorted_rows("median", descending=False)]
    by_name = [row.slug for row in board.sorted_rows("agency", descending=False)]
    by_drafts = [row.slug for row in board.sorted_rows("drafts", descending=True)]

    assert by_median[0] == "a-so-xay-dung" and len(by_median) == 4
    assert by_name == ["d-so-tai-chinh", "a-so-xay-dung", "b-phuong", "c-thanh-pho"]  # Sở T…, Sở X…, UBND p…, UBND T…
    assert by_drafts[0] == "a-so-xay-dung" and by_drafts[-1] == "c-thanh-pho"


def test_computed_in_a_fixed_number_of_statements(app, year_2025, count_queries):
    with count_queries() as first:
        build_scoreboard(Period(2025))
    with count_queries() as then:
        build_scoreboard(Period(2025))

    # First: drafts, stored counts, rows added and cleared, opinions, answers, counts stored, expectations,
    # agencies; then drafts with their stored counts, expectations, agencies: whatever the numbers of drafts and opinions.
    assert len(first) <= 9
    assert len(then) <= 3


@pytest.mark.parametrize(
    "args, name",
    [
        ({"year": "20x5"}, "year"),
        ({"year": "1999"}, "year"),
        ({"year": "２０２５"}, "year"),
        ({"quarter": "5"}, "quarter"),
        ({"level": "galaxy"}, "level"),
        ({"sort": "title"}, "sort"),
        ({"order": "up"}, "order"),
    ],
)
def test_bad_parameters_are_named(app, args, name):
    with pytest.raises(ScoreboardError) as refused:
        read_query(args)

    assert refused.value.name == name
