"""Pages every site has: health check, error pages, shared template helpers."""
