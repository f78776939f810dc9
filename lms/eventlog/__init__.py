"""The event log: every change that counts (a lesson done, a quiz finished, a practice, an
attendance, a consultation, a registration or a correction, a certificate) is also written,
in the same transaction, as an xAPI 1.0.3 statement, keyed by (node, sequence). It is what
a branch's sync carries, what a learning record store receives, and what the report
figures can be rebuilt from (docs/events.md)."""
