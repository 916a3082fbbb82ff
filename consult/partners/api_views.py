"""`POST /api/v1/drafts/<slug>/opinions`: a partner channel sends an opinion it gathered, with its key.

The body is JSON with the web form's fields; it is checked by the web form's own class (the same rules and
messages, in the language of Accept-Language), then stored pending moderation like every opinion
(consult.partners.services.submit_with_key). Errors are problem documents (consult.errors).
"""

from flask import current_app, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from consult.api import bp
from consult.api.spec import operation
from consult.errors import Problem
from consult.extensions import csrf, db, limiter
from consult.feedback.forms import CONSENT_TERMS, FeedbackForm
from consult.feedback.intake import form_draft
from consult.feedback.targets import target_ids
from consult.i18n import header_locale
from consult.mail import public_url
from consult.partners.schemas import PartnerOpinionSchema, ReceiptSchema
from consult.partners.services import key_of, key_parts, submit_with_key

# The body's names (those of the read API's opinions) -> the web form's fields.
FIELDS = {
    "stance": "stance",
    "text": "content",
    "proposed_wording": "proposed_wording",
    "author_name": "author_name",
    "author_kind": "author_kind",
    "locality": "locality",
    "locality_detail": "locality_detail",
    "contact": "contact",
}
FLAGS = {"consent_name": "consent_name", "notify": "notify", "consent": "consent_terms"}
JSON_NAMES = {field: name for name, field in (FIELDS | FLAGS).items()} | {"target": "article"}
IDEMPOTENCY_KEY_LENGTH = 255


def _partner_key():
    """Rate limits count per key (its public prefix, read without the database), else per client."""
    return "partner:" + (key_parts(request.headers.get("Authorization"))[0] or "-")


@bp.route("/drafts/<slug>/opinions", methods=["POST"])
@csrf.exempt  # no cookie, no session: the key in the Authorization header is the proof
@limiter.limit(lambda: current_app.config["API_KEY_RATE_LIMIT"], key_func=_partner_key)
@operation(
    _l("Send an opinion (partner channels)"),
    _l(
        "A partner channel with a key issued by the site's administrators sends an opinion it gathered, in the "
        "web form's fields; it is checked by the web form's rules and waits for moderation like every opinion. "
        "Send an Idempotency-Key header: the same request sent again gets the same receipt (200 instead of 201)."
    ),
    ReceiptSchema,
    not_found=True,
    body=PartnerOpinionSchema,
    status=201,
    errors=(400, 401, 403, 409, 422),
    security=True,
)
def submit_opinion(slug):
    """Store an opinion sent by a partner channel, pending moderation; answer its receipt."""
    key = key_of(request.headers.get("Authorization"))
    if key is None:
        raise Problem(401, _l("Send a valid partner key: Authorization: Bearer ck_…"))
    draft = form_draft(slug)
    if draft is None or not draft.is_public:
        raise Problem(404, _l("There is no public draft with this slug."))
    if not key.may_send_to(draft):
        raise Problem(403, _l("This key may not send opinions on this draft."))
    if not draft.accepts_feedback():
        raise Problem(409, _l("This draft is not taking opinions now."))
    idempotency_key = request.headers.get("Idempotency-Key", "")
    if len(idempotency_key) > IDEMPOTENCY_KEY_LENGTH:
        raise Problem(400, _l("The Idempotency-Key header holds at most 255 characters."))
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Problem(400, _l("Send the opinion as a JSON object (Content-Type: application/json)."))
    with force_locale(header_locale()):
        form = FeedbackForm(draft, formdata=_formdata(body))
        if not form.validate():
            invalid = [
                {"name": _field_name(name), "reason": " ".join(str(error) for error in errors)}
                for name, errors in form.errors.items()
            ]
            raise Problem(422, _l("The opinion was not stored: see invalid_params."), invalid_params=invalid)
    article_id, clause_id = target_ids(draft, form.target.data)
    receipt = submit_with_key(
        key, draft, form.data, article_id, clause_id, idempotency_key, consent_text=str(CONSENT_TERMS)
    )
    db.session.commit()
    answer = {
        "receipt_code": receipt.receipt_code,
        "status": receipt.status,
        "status_url": public_url("feedback.receipt", code=receipt.receipt_code),
    }
    return answer, 201 if receipt.new else 200


def _formdata(body):
    """The JSON body as the web form's fields: `article` and `clause` numbers make its target."""
    data = MultiDict({field: str(body[name]) for name, field in FIELDS.items() if body.get(name) is not None})
    for name, field in FLAGS.items():
        if body.get(name) is True:
            data[field] = "y"
    article, clause = body.get("article"), body.get("clause")
    data["target"] = "0" if article in (None, 0) else (f"{article}.{clause}" if clause else str(article))
    return data


def _field_name(name):
    """The JSON name of a form field."""
    return JSON_NAMES.get(name, name)
