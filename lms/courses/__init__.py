"""The catalogue, course pages and lesson pages."""
