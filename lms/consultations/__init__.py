"""The consultations log: help given at the desk, counted for the ministry."""
