"""The platforms that launch Gramota, their people, the places that get grades, the
grades on their way, and the short-lived state of a sign-in in progress."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Double, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow
from ..people.models import Library, User


class LtiPlatform(db.Model):
    """A learning platform (a Moodle, an Open edX) registered with Gramota: what it told
    us when the tool was added there. Its learners are registered at ``library``."""

    __tablename__ = "lms_lti_platform"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(300))
    client_id: Mapped[str] = mapped_column(String(200))
    # the deployments of the tool on the platform, separated by spaces
    deployment_ids: Mapped[str] = mapped_column(String(1000))
    auth_login_url: Mapped[str] = mapped_column(String(500))
    auth_token_url: Mapped[str] = mapped_column(String(500))
    key_set_url: Mapped[str] = mapped_column(String(500))
    library_id: Mapped[int] = mapped_column(ForeignKey("lms_library.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    library: Mapped[Library] = relationship()

    @property
    def deployments(self) -> list[str]:
        return self.deployment_ids.split()


class LtiAccount(db.Model):
    """A platform's user (its ``sub``) tied to a Gramota learner."""

    __tablename__ = "lms_lti_account"
    __table_args__ = (UniqueConstraint("platform_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lms_lti_platform.id"))
    subject: Mapped[str] = mapped_column(String(255))  # the platform's "sub"
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"),
                                         index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    platform: Mapped[LtiPlatform] = relationship()
    user: Mapped[User] = relationship()


class LtiLink(db.Model):
    """A course or lesson placed in a platform's course (a resource link), as one person
    launched it: where her grade for it goes (the line item of the platform's gradebook)."""

    __tablename__ = "lms_lti_link"
    __table_args__ = (UniqueConstraint("account_id", "resource_link"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("lms_lti_account.id",
                                                       ondelete="CASCADE"), index=True)
    resource_link: Mapped[str] = mapped_column(String(255))
    course_slug: Mapped[str] = mapped_column(String(100))
    lesson_slug: Mapped[str | None] = mapped_column(String(100))
    lineitem_url: Mapped[str | None] = mapped_column(String(500))
    scopes: Mapped[str] = mapped_column(String(1000), default="")
    launched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    account: Mapped[LtiAccount] = relationship()


class LtiScore(db.Model):
    """A grade on its way to a platform: written with the quiz's result, sent after the
    answer (and again by ``flask lms lti send-scores`` until the platform takes it)."""

    __tablename__ = "lms_lti_score"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("lms_lti_link.id", ondelete="CASCADE"),
                                         index=True)
    score: Mapped[float] = mapped_column(Double)  # of 100
    completed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    tries: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(String(500))

    link: Mapped[LtiLink] = relationship()


class LtiState(db.Model):
    """What a sign-in from a platform keeps between its steps (the nonce, the state, the
    launch's claims): in the database, so that every worker sees it and no cross-site
    cookie is needed for it."""

    __tablename__ = "lms_lti_state"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[dict | list | str | bool | None] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
