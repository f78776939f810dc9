"""The append-only log of xAPI statements, and each node's clock of sequence numbers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db


class Statement(db.Model):
    """One statement as it was made: never changed, never deleted (a correction is a new
    statement that voids the old one)."""

    __tablename__ = "lms_statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)  # the statement's id
    node: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int]
    verb: Mapped[str] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(36))        # the person's uid
    object_id: Mapped[str] = mapped_column(String(300))   # the activity (or statement) id
    # who and where, for scope and for the figures; None once the person is gone
    user_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id", ondelete="SET NULL"))
    library_id: Mapped[int | None] = mapped_column(ForeignKey("lms_library.id"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when the work happened
    body: Mapped[dict] = mapped_column(JSON)

    __table_args__ = (
        UniqueConstraint("node", "sequence", name="uq_lms_statement_node_sequence"),
        Index("ix_lms_statement_library_occurred", "library_id", "occurred_at"),
        Index("ix_lms_statement_object_actor", "object_id", "actor"),
    )


class NodeClock(db.Model):
    """The last sequence number a node gave a statement."""

    __tablename__ = "lms_node_clock"

    node: Mapped[str] = mapped_column(String(64), primary_key=True)
    last: Mapped[int] = mapped_column(default=0)
