"""A Gramota course pack: the folder of its courses and quizzes."""

from pathlib import Path

CONTENT = Path(__file__).resolve().parent / "content"
