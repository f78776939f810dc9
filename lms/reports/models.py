"""A long export asked for by a coordinator, written in the background and kept to download."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..background import BackgroundJob
from ..db import db
from ..people.models import User


class ExportJob(BackgroundJob, db.Model):
    """One table to write as a file: who asked, what for, how far it has got."""

    __tablename__ = "lms_export_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id"), index=True)
    table: Mapped[str] = mapped_column(String(40))
    fmt: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(8))
    branch_ids: Mapped[list[int]] = mapped_column(JSON)
    period_kind: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(String(200))
    file_size: Mapped[int | None] = mapped_column()

    user: Mapped[User] = relationship()
