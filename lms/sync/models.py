"""The nodes a region knows: each one's public key, and how far its log has arrived."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db


class RegionNode(db.Model):
    """A branch node registered at the region (``flask lms node register``)."""

    __tablename__ = "lms_region_node"

    node: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))  # Ed25519, 32 bytes in base64
    # the branches it serves ("network/branch"): it may tell only of their learners
    branches: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    # the last statement of the node applied here: every one before it is here too
    last_sequence: Mapped[int] = mapped_column(default=0)
    last_received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LrsCursor(db.Model):
    """The last statement (its row) the store has taken."""

    __tablename__ = "lms_lrs_cursor"

    store: Mapped[str] = mapped_column(String(300), primary_key=True)
    last_id: Mapped[int] = mapped_column(default=0)
