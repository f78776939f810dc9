"""A small JSON API for integrations (docs/api.md): token-authenticated, scoped like the UI."""
