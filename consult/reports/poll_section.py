"""The quick poll's part of the reports (consult.polls): per question, a table of its options with the number of
people who chose each and their share, and for the agency the answers people wrote under "Other"."""

from dataclasses import dataclass

from consult.drafts.models import Phase
from consult.polls.results import format_share, poll_results
from consult.reports.models import Audience
from consult.reports.text import clean, number


@dataclass
class PollTable:
    """One question: its title line, its rows [option, count, share] and the "other" texts (agency only)."""

    title: str
    rows: list
    percents: list  # the rows' shares as numbers (0..100), for spreadsheets
    other_heading: str
    other_texts: list


@dataclass
class PollSection:
    """The poll's part: a heading, a line of figures, and a table per question."""

    heading: str
    intro: str
    head: list
    tables: list


def poll_section(draft, audience, words):
    """Return the draft's PollSection, or None when it has no poll (or, for the public, while the poll is open)."""
    if audience == Audience.PUBLIC and draft.phase() not in (Phase.CLOSED, Phase.ANSWERED):
        return None
    results = poll_results(draft.id, other_texts=audience == Audience.AGENCY)
    if not results:
        return None
    tables = []
    for index, item in enumerate(results.questions, 1):
        shown = [(clean(option.text), option) for option in item.options]
        if item.other is not None:
            shown.append((words["poll_other"], item.other))
        rows = [[text, option.count, format_share(option.percent)] for text, option in shown]
        title = words["poll_question"].format(
            number=index, text=clean(item.question.text), respondents=number(item.respondents)
        )
        texts = [clean(text) for text in item.other_texts]
        percents = [option.percent for _text, option in shown]
        tables.append(PollTable(title, rows, percents, words["poll_other_texts"].format(number=index), texts))
    return PollSection(
        words["poll_part"], words["poll_intro"].format(count=number(results.responses)), words["poll_columns"], tables
    )
