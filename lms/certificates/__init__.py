"""Certificates: issued once per completed course, signed PDFs, public verification."""
