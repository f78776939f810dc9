"""Every table of Gramota, imported in one place so the metadata is complete."""

from .api.models import ApiToken
from .audit.models import AuditEvent
from .certificates.models import Certificate
from .classes.models import Attendance, ClassMember, ClassSession, StudyClass, class_trainer
from .consultations.models import Consultation
from .eventlog.models import NodeClock, Statement
from .figures.models import ActiveDay, ActiveMonth, DailyFigures, MonthlyFigures
from .lti.models import LtiAccount, LtiLink, LtiPlatform, LtiScore, LtiState
from .people.models import (
    ConsentRecord,
    ImportJob,
    Library,
    Network,
    PinNote,
    User,
    trainer_library,
)
from .practice.models import PracticeAttempt
from .progress.models import Enrollment, LessonProgress
from .quizzes.models import QuizAnswer, QuizAttempt
from .reports.models import ExportJob
from .sync.models import LrsCursor, RegionNode

__all__ = ["ActiveDay", "ActiveMonth", "ApiToken", "Attendance", "AuditEvent", "Certificate",
           "ClassMember", "ClassSession", "ConsentRecord", "Consultation", "DailyFigures",
           "Enrollment", "ExportJob", "ImportJob", "LessonProgress", "Library", "LrsCursor",
           "LtiAccount", "LtiLink", "LtiPlatform", "LtiScore", "LtiState",
           "MonthlyFigures", "Network", "NodeClock", "PinNote", "PracticeAttempt", "QuizAnswer",
           "QuizAttempt", "RegionNode", "Statement", "StudyClass", "User", "class_trainer",
           "trainer_library"]
