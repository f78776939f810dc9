"""Running the site: health and readiness checks, error and outage pages, request ids and
logs, the schema check at start, the fast path for visitors' kept pages."""
