"""The append-only audit log: who did what to whom, and when."""
