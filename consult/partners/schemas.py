"""The partner POST's body and answer, for the OpenAPI document (consult.api.spec): the body's names are those of
the read API's opinions; the web form's class checks it (consult.partners.api_views)."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from consult.feedback.models import AUTHOR_KINDS, STANCES
from consult.localities import OTHER, PROVINCES


def _doc(text):
    return {"description": text}


class PartnerOpinionSchema(Schema):
    """An opinion gathered by a partner channel."""

    stance = fields.String(required=True, validate=validate.OneOf(tuple(STANCES)))
    text = fields.String(required=True, metadata=_doc(_l("The opinion, as the author gave it.")))
    proposed_wording = fields.String(metadata=_doc(_l("The wording the author proposes, if any.")))
    author_name = fields.String(required=True, metadata=_doc(_l("The author's name, or the organisation's.")))
    author_kind = fields.String(required=True, validate=validate.OneOf(tuple(AUTHOR_KINDS)))
    locality = fields.String(required=True, validate=validate.OneOf((*PROVINCES, *OTHER)))
    locality_detail = fields.String(metadata=_doc(_l("Commune or ward, if given.")))
    contact = fields.String(required=True, metadata=_doc(_l("An email or phone number to reply to; never published.")))
    consent = fields.Boolean(
        required=True, metadata=_doc(_l("The author agreed to the terms of the web form; must be true."))
    )
    consent_name = fields.Boolean(metadata=_doc(_l("The author agreed to publish their name.")))
    notify = fields.Boolean(metadata=_doc(_l("Email the author of the decision and the answer (email contacts).")))
    article = fields.Integer(allow_none=True, metadata=_doc(_l("The article's number; none for the whole draft.")))
    clause = fields.Integer(allow_none=True, metadata=_doc(_l("The clause's number within that article, if any.")))


class ReceiptSchema(Schema):
    """What the partner gives the author: the receipt code and where to follow the opinion."""

    receipt_code = fields.String(required=True)
    status = fields.String(required=True, metadata=_doc(_l("pending: it waits for moderation.")))
    status_url = fields.String(required=True, metadata=_doc(_l("The receipt page, where the author follows it.")))
