"""A person's own pages: my courses, my data, my PIN."""
