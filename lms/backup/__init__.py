"""Backups of the database and restoring them, with a manifest to check them against."""
