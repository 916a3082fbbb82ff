"""A subscription: an email address told of new drafts (of an agency, a field or a province) or of one draft's
events."""

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from consult.database import UTCDateTime, utcnow
from consult.extensions import db


class SubscriptionKind:
    """What a subscription follows; `target` names it (an agency's slug, a field, a draft's slug)."""

    AGENCY = "agency"
    FIELD = "field"
    LOCALITY = "locality"  # a province's code: drafts of its agencies and of national bodies
    DRAFT = "draft"
    ALL = (AGENCY, FIELD, LOCALITY, DRAFT)


class Subscription(db.Model):
    """One address following one thing. Unconfirmed until the link mailed to it is followed (double opt-in); its
    links carry the subscription's id signed with the app's secret (consult.subscriptions.services), nothing
    else to keep."""

    __tablename__ = "subscription"
    __table_args__ = (
        Index("ix_subscription_kind_target", "kind", "target"),
        Index("ix_subscription_email_kind_target", "email", "kind", "target", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(10), default="vi")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notified_up_to: Mapped[datetime | None] = mapped_column(UTCDateTime)  # events up to here were mailed

    def __repr__(self):
        return f"<Subscription {self.kind}:{self.target} {'confirmed' if self.confirmed_at else 'pending'}>"
