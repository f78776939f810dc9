"""Every table of Gramota, imported in one place so the metadata is complete."""

from .audit.models import AuditEvent
from .people.models import ConsentRecord, Library, Network, User, trainer_library
from .progress.models import Enrollment, LessonProgress

__all__ = ["AuditEvent", "ConsentRecord", "Enrollment", "LessonProgress", "Library",
           "Network", "User", "trainer_library"]
