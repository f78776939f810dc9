"""Networks of libraries, their branches and the people in them."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..background import BackgroundJob
from ..db import UTCDateTime, db, utcnow, uuid7


class Role(enum.StrEnum):
    LEARNER = "learner"
    TRAINER = "trainer"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


STAFF_ROLES = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


class Network(db.Model):
    """A city library system or a region: the unit a coordinator reports on."""

    __tablename__ = "lms_network"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="ru")
    # Learners may create their own account (choosing one of the network's branches).
    self_registration: Mapped[bool] = mapped_column(default=False)

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


# The branches a trainer works at (one or more).
trainer_library = Table(
    "lms_trainer_library",
    db.metadata,
    Column("user_id", ForeignKey("lms_user.id", ondelete="CASCADE"), primary_key=True),
    Column("library_id", ForeignKey("lms_library.id", ondelete="CASCADE"), primary_key=True),
)


# The endings of a patronymic (Russian, Ukrainian): «-овна», «-ич», «-ична», «-івна».
PATRONYMIC_ENDINGS = ("вна", "ична", "ич")


class User(UserMixin, db.Model):
    """Anyone who signs in: a learner, a trainer, a coordinator or an admin.

    Only what the programme needs is kept: a name, a home branch, a birth year for age
    bands, optional contact details, the interface language.
    """

    __tablename__ = "lms_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    # The person across the region's nodes and in the event log (a UUIDv7: never clashes)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=uuid7)
    full_name: Mapped[str] = mapped_column(String(200))
    # Case-folded name and username (ё as е), for search that works in Cyrillic on SQLite.
    search_key: Mapped[str] = mapped_column(String(300), index=True, default="")
    role: Mapped[Role] = mapped_column(
        db.Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    # Werkzeug scrypt hashes are 162 characters long.
    password_hash: Mapped[str] = mapped_column(String(255))
    # Home branch: where a learner is registered, where a staff member belongs.
    library_id: Mapped[int | None] = mapped_column(ForeignKey("lms_library.id"), index=True)
    # A coordinator's network; a coordinator without one is regional (sees every network).
    network_id: Mapped[int | None] = mapped_column(ForeignKey("lms_network.id"), index=True)
    language: Mapped[str] = mapped_column(String(8), default="ru")
    # Reading comfort kept between library PCs: text size and colour theme (None: default).
    text_size: Mapped[str | None] = mapped_column(String(8))
    theme: Mapped[str | None] = mapped_column(String(8))
    # Only the year, and only for age bands in reports.
    birth_year: Mapped[int | None]
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Raised on sign-out and on a PIN or password change: older sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Wrong PINs or passwords in a row, and when the last one was typed: counted in the
    # database so that every worker and server sees the same count (lms/auth/services.py);
    # those typed on a computer where the person has signed in before are counted apart,
    # so a stranger's tries do not keep her out (lms/auth/devices.py).
    sign_in_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    sign_in_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    known_device_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    known_device_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The learner agreed that their full name is shown when someone checks a certificate.
    show_name_on_certificates: Mapped[bool] = mapped_column(default=False)
    erasure_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A second account of the same person, joined into this one (people/merging.py): all
    # it held is there now; it keeps its username for the audit log and cannot sign in.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id"))

    library: Mapped[Library | None] = relationship(foreign_keys=[library_id])
    merged_into: Mapped[User | None] = relationship(remote_side=[id],
                                                     foreign_keys=[merged_into_id])
    network: Mapped[Network | None] = relationship(foreign_keys=[network_id])
    libraries: Mapped[list[Library]] = relationship(secondary=trainer_library,
                                                    order_by="Library.name")
    consents: Mapped[list[ConsentRecord]] = relationship(
        back_populates="user", foreign_keys="ConsentRecord.user_id",
        order_by="ConsentRecord.recorded_at", cascade="all, delete-orphan")

    def get_id(self) -> str:
        """Identify the session by user and session version, so old sessions can be ended."""
        return f"{self.id}:{self.session_version}"

    # Learners registered at a branch in a period (reports).
    __table_args__ = (db.Index("ix_lms_user_library_created", "library_id", "created_at"),)

    @property
    def addressed_as(self) -> str:
        """How a greeting names her: «Антонина Павловна» for «Смирнова Антонина Павловна»
        (surname, name, patronymic, as forms are filled in), else the name as written."""
        words = self.full_name.split()
        if len(words) == 3 and words[2].lower().endswith(PATRONYMIC_ENDINGS):
            return f"{words[1]} {words[2]}"
        return self.full_name

    @property
    def is_learner(self) -> bool:
        return self.role is Role.LEARNER

    @property
    def course_countries(self) -> frozenset[str] | None:
        """The countries whose e-government courses this person is shown: her branch's; a
        trainer's branches'; a coordinator's network's; None for every country (an admin,
        a regional coordinator, a learner with no branch)."""
        if self.role is Role.LEARNER:
            branches = [self.library] if self.library else []
        elif self.role is Role.TRAINER:
            branches = self.libraries
        elif self.role is Role.COORDINATOR and self.network is not None:
            branches = self.network.libraries
        else:
            branches = []
        return frozenset(branch.country for branch in branches) or None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role.value})>"


class ConsentRecord(db.Model):
    """A learner's consent to the processing of their personal data."""

    __tablename__ = "lms_consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"),
                                         index=True)
    # Which wording of the consent text the learner agreed to.
    text_version: Mapped[str] = mapped_column(String(32))
    # "paper": signed on the printed form at the desk; "screen": agreed on the site.
    method: Mapped[str] = mapped_column(String(16))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="consents", foreign_keys=[user_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])


class PinNote(db.Model):
    """New PINs waiting to be shown once to the member of staff who made them: kept here,
    encrypted, for minutes, with only the note's random name in the session cookie (a
    signed cookie can be read by anyone who has it; a PIN must never be in one)."""

    __tablename__ = "lms_pin_note"

    name: Mapped[str] = mapped_column(String(43), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"),
                                          index=True)
    sealed: Mapped[str] = mapped_column(db.Text)  # the PINs by learner, encrypted
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ImportJob(BackgroundJob, db.Model):
    """A file of learners, every line checked, registered in the background: the checked
    lines wait here until then (and are emptied after), the new learners and their PIN
    note (pin_notes.py) after."""

    __tablename__ = "lms_import_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"),
                                         index=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("lms_library.id"))
    language: Mapped[str] = mapped_column(String(8))  # of the trainer's pages: the messages
    rows: Mapped[list] = mapped_column(JSON, default=list)  # [[line, details], …]
    learner_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    pin_note: Mapped[str | None] = mapped_column(String(43))
    problem: Mapped[str | None] = mapped_column(String(500))

    user: Mapped[User] = relationship()
