"""Networks of libraries, their branches and the people in them."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow


class Role(enum.StrEnum):
    LEARNER = "learner"
    TRAINER = "trainer"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class Network(db.Model):
    """A city library system or a region: the unit a coordinator reports on."""

    __tablename__ = "lms_network"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="ru")

    libraries: Mapped[list[Library]] = relationship(
        back_populates="network", order_by="Library.name"
    )


class Library(db.Model):
    """A branch of a network, where learners study and trainers work."""

    __tablename__ = "lms_library"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("lms_network.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    # ISO 3166 code; decides which country-specific courses (e-government portal) apply.
    country: Mapped[str] = mapped_column(String(2), default="RU")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Moscow")

    network: Mapped[Network] = relationship(back_populates="libraries")

    __table_args__ = (db.UniqueConstraint("network_id", "code"),)


class User(UserMixin, db.Model):
    """Anyone who signs in: a learner, a trainer, a coordinator or an admin."""

    __tablename__ = "lms_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(
        db.Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    # Werkzeug scrypt hashes are 162 characters long.
    password_hash: Mapped[str] = mapped_column(String(255))
    library_id: Mapped[int | None] = mapped_column(ForeignKey("lms_library.id"), index=True)
    language: Mapped[str] = mapped_column(String(8), default="ru")
    # Only the year, and only for age bands in reports.
    birth_year: Mapped[int | None]
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    library: Mapped[Library | None] = relationship()

    @property
    def is_learner(self) -> bool:
        return self.role is Role.LEARNER

    @property
    def is_staff(self) -> bool:
        return self.role is not Role.LEARNER

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role.value})>"
