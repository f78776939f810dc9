"""Quizzes: written in Markdown, graded on the server, every attempt kept."""
