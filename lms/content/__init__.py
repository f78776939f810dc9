"""Course content: loaded from files, validated, rendered once and served from memory."""

from .loader import load_catalogue
from .model import Catalogue, Course, CourseText, Lesson, LessonText
from .problems import Problem

__all__ = ["Catalogue", "Course", "CourseText", "Lesson", "LessonText", "Problem",
           "load_catalogue"]
