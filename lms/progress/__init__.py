"""A learner's way through a course: enrollments and completed lessons."""
