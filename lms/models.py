"""Every table of Gramota, imported in one place so the metadata is complete."""

from .audit.models import AuditEvent
from .certificates.models import Certificate
from .people.models import ConsentRecord, Library, Network, User, trainer_library
from .progress.models import Enrollment, LessonProgress
from .quizzes.models import QuizAnswer, QuizAttempt

__all__ = ["AuditEvent", "Certificate", "ConsentRecord", "Enrollment", "LessonProgress", "Library",
           "Network", "QuizAnswer", "QuizAttempt", "User", "trainer_library"]
