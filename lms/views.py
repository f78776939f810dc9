"""The engine's blueprint: one parent ``lms`` with a child blueprint per feature."""

from __future__ import annotations

from flask import Blueprint

from .account.views import bp as account_bp
from .admin.views import bp as admin_bp
from .api.views import bp as api_bp
from .auth.registration import bp as registration_bp
from .auth.sessions import sign_out_when_idle
from .auth.views import bp as auth_bp
from .certificates.views import bp as certificates_bp
from .classes.views import bp as classes_bp
from .consultations.views import bp as consultations_bp
from .courses.views import bp as courses_bp
from .db import commit_request
from .i18n import remember_language
from .lti.views import bp as lti_bp
from .practice.views import bp as practice_bp
from .quizzes.views import bp as quizzes_bp
from .reports.views import bp as reports_bp
from .security import (
    protect_form_posts,
    refuse_null_characters,
    refuse_oversized_requests,
    set_security_headers,
)
from .site.errors import register_error_pages
from .site.observability import finish_request, start_request
from .site.views import bp as core_bp
from .sync.views import bp as sync_bp
from .trainer.views import bp as trainer_bp
from .web.assets import serve_asset
from .web.caching import revalidate_pages
from .web.comfort import remember_comfort


def build_blueprint() -> Blueprint:
    """Return a fresh ``lms`` blueprint holding every feature's routes."""
    bp = Blueprint("lms", __name__, template_folder="templates")
    bp.add_url_rule("/lms-static/<path:filename>", "static", serve_asset)
    for child in (core_bp, auth_bp, registration_bp, courses_bp, quizzes_bp, practice_bp,
                  account_bp,
                  trainer_bp, classes_bp, consultations_bp, admin_bp, certificates_bp,
                  reports_bp, api_bp, sync_bp, lti_bp):
        bp.register_blueprint(child)
    bp.before_request(start_request)
    bp.before_request(refuse_oversized_requests)
    bp.before_request(refuse_null_characters)
    bp.before_request(protect_form_posts)
    bp.before_request(sign_out_when_idle)
    # after a request, these run last registered first: the page is revalidated, given
    # its headers and cookies, the transaction is committed, then the request is logged
    bp.after_request(finish_request)
    bp.after_request(commit_request)
    bp.after_request(remember_language)
    bp.after_request(remember_comfort)
    bp.after_request(set_security_headers)
    bp.after_request(revalidate_pages)
    register_error_pages(bp)
    return bp
