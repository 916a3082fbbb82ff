"""The synthesis report (bản tổng hợp ý kiến, tiếp thu, giải trình) as plain parts, laid out by DOCX and PDF."""

from dataclasses import dataclass, field

from consult.database import utcnow
from consult.feedback.models import CHANNELS, STANCES, FeedbackStatus
from consult.i18n import label
from consult.reports.charts import bar_chart
from consult.reports.data import figures, iter_table_rows, table_buckets
from consult.reports.labels import Labels
from consult.reports.models import Audience
from consult.reports.narrative import Narrative, narrative_of
from consult.reports.poll_section import poll_section
from consult.reports.text import article_heading, clean, facts, header, opening, table_cells, wording


@dataclass
class Synthesis:
    """Everything above the table, and what the table needs to stream its rows."""

    words: dict
    header: dict
    note: str
    opening: str
    facts: list
    stance_head: list
    stance_rows: list
    charts: list  # [(title, png bytes)]
    buckets: list
    total_rows: int
    poll: object = None  # consult.reports.poll_section.PollSection, when the draft has a quick poll
    narrative: Narrative = field(default_factory=Narrative)  # what the agency wrote: parts I, II and III


def prepare(draft, audience):
    """Read the figures and the table's buckets of a draft for an audience (a handful of queries)."""
    words = wording()
    # The totals count what the table holds, the approved opinions; the internal version says the pending and
    # rejected ones apart (facts' by_status line)
    numbers = figures(draft, audience, counted=(FeedbackStatus.APPROVED,))
    stances = list(STANCES)
    rows = [item for item in numbers["articles"] if item["total"]]
    stance_rows = [
        [clean(article_heading(item))] + [item["counts"].get(code, 0) for code in stances] + [item["total"]]
        for item in rows
    ]
    stance_rows.append(
        [words["total_label"]] + [numbers["stance_totals"].get(code, 0) for code in stances] + [numbers["counted"]]
    )
    series = [label(STANCES, code) for code in stances]
    charts = []
    if rows:
        charts.append(
            (
                words["chart_articles"],
                bar_chart(
                    words["chart_articles"],
                    [
                        (clean(article_heading(item)), [item["counts"].get(code, 0) for code in stances])
                        for item in rows
                    ],
                    series,
                ),
            )
        )
    if numbers["by_channel"]:
        charts.append(
            (
                words["chart_channels"],
                bar_chart(
                    words["chart_channels"],
                    [(label(CHANNELS, code), [count]) for code, count in numbers["by_channel"]],
                    [words["total_label"]],
                ),
            )
        )
    buckets = table_buckets(draft)
    narrative = narrative_of(draft)
    return Synthesis(
        words=words,
        header=header(draft, words, narrative.signed_on or Labels().day(utcnow()), narrative.place),
        note=words["internal_note"] if audience == Audience.AGENCY else words["public_note"],
        opening=opening(draft, words),
        facts=facts(draft, numbers, words),
        stance_head=[words["stance_table_head"]] + series + [words["total_label"]],
        stance_rows=stance_rows,
        charts=charts,
        buckets=buckets,
        total_rows=sum(bucket.opinions for bucket in buckets),
        poll=poll_section(draft, audience, words),
        narrative=narrative,
    )


def iter_sections(draft, synthesis, audience, progress):
    """Yield (bucket heading, iterator of 5-cell rows: STT, then table_cells' four) for each bucket, reporting
    opinions read to `progress`; rows are numbered 1, 2, … across the whole table."""
    done, number, labels = 0, 0, Labels()

    def advance(count):
        nonlocal done
        done += count
        progress(done, synthesis.total_rows)

    def numbered(rows):
        nonlocal number
        for cells in rows:
            number += 1
            yield [str(number), *cells]

    for bucket in synthesis.buckets:
        rows = (
            table_cells(row, audience, draft, synthesis.words, labels)
            for row in iter_table_rows(draft, bucket, progress=advance)
        )
        yield clean(bucket.label), numbered(rows)
