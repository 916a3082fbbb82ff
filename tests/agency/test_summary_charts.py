"""Chart geometry: heat-map colours keep numbers readable, bars and day columns scale to the largest value."""

from datetime import date, timedelta

from consult.agency import charts


def test_every_heat_step_prints_its_number_with_aa_contrast():
    for fill in charts.HEAT_STEPS:
        assert charts.contrast(charts.text_colour_on(fill), fill) >= 4.5, fill
    assert charts.text_colour_on("#08306b") == charts.WHITE and charts.text_colour_on("#ffffff") == charts.INK
    assert charts.contrast(charts.BAR, charts.WHITE) >= 3  # graphics against the page (WCAG 1.4.11)


def test_heat_steps_grow_with_the_count_and_zero_stays_white():
    steps = [charts.heat_step(value, 100) for value in (0, 1, 20, 50, 99, 100)]

    assert steps[0] == 0 and steps[1] == 1 and steps[-1] == len(charts.HEAT_STEPS) - 1
    assert steps == sorted(steps)


def test_heatmap_cells_follow_rows_and_columns():
    chart = charts.heatmap(["A", "B"], ["x", "y", "z"], [[0, 1, 2], [3, 4, 5]])

    assert [cell["value"] for cell in chart.cells] == [0, 1, 2, 3, 4, 5]
    assert chart.cells[0]["fill"] == "#ffffff" and chart.cells[-1]["fill"] == charts.HEAT_STEPS[-1]
    assert chart.cells[3]["y"] > chart.cells[0]["y"] and chart.cells[1]["x"] > chart.cells[0]["x"]
    assert max(cell["x"] + cell["width"] for cell in chart.cells) <= chart.width + 0.01


def test_bars_beyond_the_tenth_are_summed_in_one_bar():
    items = [(f"Tỉnh {n}", n) for n in range(1, 16)]

    chart = charts.bars(items, "Khác")

    assert len(chart.bars) == charts.MAX_BARS
    assert chart.bars[0]["value"] == 15 and chart.bars[-1] == dict(chart.bars[-1], label="Khác", value=sum(range(1, 7)))
    ratios = {round(bar["width"] / bar["value"], 6) for bar in chart.bars}
    assert len(ratios) == 1  # widths proportional to the counts, the "others" bar included


def test_day_columns_have_one_column_per_day_and_a_few_dates():
    start = date(2026, 3, 1)
    days = [(start + timedelta(days=n), n % 5) for n in range(30)]

    chart = charts.day_columns(days, lambda day: day.strftime("%d/%m"))

    assert len(chart.columns) == 30 and chart.maximum == 4
    assert chart.columns[0]["tick"] == "01/03" and 3 <= sum(1 for c in chart.columns if c["tick"]) <= 6
    tallest = max(chart.columns, key=lambda column: column["height"])
    assert tallest["value"] == 4 and tallest["y"] == chart.plot_top
