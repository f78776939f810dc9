"""Sync between a region and its branch nodes: the event log carried as small signed
bundles (zstandard, Ed25519) over any line, a stick or e-mail, applied once."""
