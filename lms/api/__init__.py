"""A small JSON API for integrations (docs/api.md): token-authenticated, scoped like the UI."""

# The API's blueprint, nested in Gramota's "lms" one: tokens open it, cookies do not.
API_BLUEPRINT = "lms.api"
