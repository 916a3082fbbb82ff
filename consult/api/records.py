"""Each public object as the API names it: plain dicts, written out by the schemas of consult.api.schemas (which
send only the fields they declare, whatever a dict holds)."""

from flask import url_for

from consult.database import utcnow
from consult.drafts.structure import iter_outline

STANCE_CODES = ("support", "oppose", "other")


def agency_record(agency, parent_slug, public_drafts):
    """An agency."""
    return {
        "slug": agency.slug,
        "name": agency.name,
        "kind": agency.kind,
        "parent": parent_slug,
        "public_drafts": public_drafts,
    }


def draft_record(draft, now=None):
    """A draft as listed: what it is, whose, its status and window."""
    return {
        "slug": draft.slug,
        "title": draft.title,
        "summary": draft.summary,
        "doc_type": draft.doc_type,
        "number_symbol": draft.number_symbol,
        "field": draft.field,
        "agency": draft.agency,
        "status": draft.status,
        "window": {
            "opens_at": draft.opens_at,
            "closes_at": draft.closes_at,
            "phase": draft.phase(now or utcnow()),
            "extensions": draft.extensions,
        },
        "current_version": draft.current_version.number if draft.current_version else None,
        "answers_published_at": draft.answers_published_at,
        "created_at": draft.created_at,
        "updated_at": draft.updated_at,
        "url": url_for("api.draft", slug=draft.slug, _external=True),
        "html_url": url_for("public.draft", slug=draft.slug, _external=True),
    }


def draft_detail_record(draft, counts, now=None):
    """A draft with its versions, current text, files and counts of approved opinions."""
    version = draft.current_version
    return {
        **draft_record(draft, now),
        "contact": draft.contact,
        "participation": draft.participation,
        "versions": [
            {"number": item.number, "note": item.note, "created_at": item.created_at, "current": item is version}
            for item in draft.versions
        ],
        "text": text_record(version) if version else None,
        "attachments": [attachment_record(draft, attachment) for attachment in draft.attachments],
        "counts": counts_record(counts),
    }


def text_record(version):
    """A version's text as a tree: each division holds its divisions and articles in reading order."""
    outline, stack = [], []  # stack: the children lists of the divisions open at each depth
    for kind, node, depth in iter_outline(version):
        del stack[depth:]
        siblings = stack[-1] if stack else outline
        if kind == "division":
            division = {
                "type": "division",
                "kind": node.kind,
                "number": node.number,
                "title": node.title,
                "heading": node.heading,
                "children": [],
            }
            siblings.append(division)
            stack.append(division["children"])
        else:
            siblings.append(article_record(node))
    return {"version": version.number, "preamble": version.preamble, "closing": version.closing, "outline": outline}


def article_record(article):
    """An article with its clauses and points."""
    return {
        "type": "article",
        "number": article.number,
        "title": article.title,
        "intro": article.intro,
        "body": article.body,
        "clauses": [
            {"number": clause.number, "text": clause.text, "points": clause.points or []} for clause in article.clauses
        ],
    }


def attachment_record(draft, attachment):
    """What a file is (never its bytes), and where to download it."""
    return {
        "id": attachment.id,
        "kind": attachment.kind,
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "created_at": attachment.created_at,
        "url": url_for(
            "attachments.download",
            slug=draft.slug,
            attachment_id=attachment.id,
            filename=attachment.filename,
            _external=True,
        ),
    }


def counts_record(rows):
    """Counts of approved opinions from [(article number, version number, stance, count)]: in all, by stance and by
    article (the whole draft first, then by version and article)."""
    total = dict.fromkeys(STANCE_CODES, 0)
    by_article = {}
    for article, version, stance, count in rows:
        key = (article, version)
        stances = by_article.setdefault(key, dict.fromkeys(STANCE_CODES, 0))
        stances[stance] = stances.get(stance, 0) + count
        total[stance] = total.get(stance, 0) + count
    ordered = sorted(by_article, key=lambda key: (key[0] is not None, key[1] or 0, key[0] or 0))
    return {
        "approved": sum(total.values()),
        "by_stance": total,
        "by_article": [
            {
                "article": article,
                "version": version,
                "approved": sum(by_article[article, version].values()),
                "by_stance": by_article[article, version],
            }
            for article, version in ordered
        ],
    }


def opinion_record(row, answers):
    """An approved opinion as the public sees it, from (opinion, article number, clause number, version number)."""
    opinion, article, clause, version = row
    return {
        "id": opinion.id,
        "text": opinion.content,
        "stance": opinion.stance,
        "proposed_wording": opinion.proposed_wording,
        "author_kind": opinion.author_kind,
        "author_name": opinion.public_author,
        "locality": opinion.locality,
        "article": article,
        "clause": clause,
        "version": version,
        "created_at": opinion.created_at,
        "published_at": opinion.decided_at or opinion.created_at,
        "answer": answers.get(opinion.id),
    }


def answer_record(row):
    """A published answer with the opinion it answers, from (answer, article number)."""
    answer, article = row
    return {
        "opinion_id": answer.feedback_id,
        "article": article,
        "kind": answer.kind,
        "explanation": answer.explanation,
        "published_at": answer.published_at,
        "changed_at": answer.changed_at,
        "text_id": answer.text_id,
    }
