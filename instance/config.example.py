# Local settings for this Gramota installation. Copy to instance/config.py and edit.
# Every key can also be given as an environment variable (FLASK_SECRET_KEY, LMS_SITE_NAME,
# DATABASE_URL ...), which wins over this file.

# A long random string. When left out, one is generated into instance/secret_key.
# SECRET_KEY = "..."

# PostgreSQL for a region-wide server (the database must exist and be owned by the user):
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://gramota:password@127.0.0.1:5432/gramota"

# Name shown in the page header.
# LMS_SITE_NAME = "Грамота — ЦБС г. Энска"

# Content folders, if not in the project folder (beside lms/ and courses/).
# LMS_COURSES_DIR = "/srv/gramota/courses"

# Keep sign-in attempt counters in Redis when several app processes serve the site
# (needs the redis package: requirements/server.txt has it).
# LMS_RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"
