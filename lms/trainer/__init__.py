"""The trainer's workspace: learners of their branches, registration at the desk."""
