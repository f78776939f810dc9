"""Administration: networks, branches and staff accounts."""
