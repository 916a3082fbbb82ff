"""The quick polls' results in the open data files (consult.polls): published once a draft's window has closed,
as the poll's page shows them to anyone then; counts only, never what people wrote under "Other" nor who answered.
"""

from sqlalchemy import func, select

from consult.drafts.models import Draft, Phase, window_phase
from consult.extensions import db
from consult.polls.models import PollQuestion, PollResponse
from consult.polls.results import poll_results

CLOSED = (Phase.CLOSED, Phase.ANSWERED)


def closed_draft_ids(drafts, now=None):
    """Return the ids of the drafts (DraftRow) whose window has closed: their poll results are public."""
    ids = list(drafts)
    if not ids:
        return set()
    rows = db.session.execute(select(Draft.id, Draft.status, Draft.opens_at, Draft.closes_at).where(Draft.id.in_(ids)))
    return {row.id for row in rows if window_phase(row.status, row.opens_at, row.closes_at, now) in CLOSED}


def poll_states(draft_ids):
    """Return {draft id: (responses counted, latest response id, questions, latest question id)}: what a file's
    poll rows depend on (a question changed after the close is rare; its id changes only when it is replaced)."""
    if not draft_ids:
        return {}
    states = {}
    responses = (
        select(PollResponse.draft_id, func.count(), func.max(PollResponse.id))
        .where(PollResponse.draft_id.in_(draft_ids), PollResponse.held.is_(False))
        .group_by(PollResponse.draft_id)
    )
    for draft_id, count, latest in db.session.execute(responses):
        states[draft_id] = (count, latest)
    questions = (
        select(PollQuestion.draft_id, func.count(), func.max(PollQuestion.id))
        .where(PollQuestion.draft_id.in_(draft_ids))
        .group_by(PollQuestion.draft_id)
    )
    for draft_id, count, latest in db.session.execute(questions):
        states[draft_id] = (*states.get(draft_id, (0, None)), count, latest)
    return states


def poll_result_rows(drafts, closed):
    """Yield the rows of the poll_results table: for each draft in `closed`, one row per option of each question,
    and one for its "Other" answers (option_position 0)."""
    for draft_id in sorted(closed):
        slug = drafts[draft_id].slug
        for item in poll_results(draft_id).questions:
            question = item.question
            head = [slug, question.position, question.text, question.kind, item.respondents]
            for option in item.options:
                yield [*head, option.position, option.text, option.count, option.percent]
            if item.other is not None:
                yield [*head, 0, "", item.other.count, item.other.percent]
