"""Every route × every role × own branch / other branch.

Every URL rule of the app must have an entry in ROUTES, so a new route without an access
rule fails this test. Anything outside the caller's scope answers 404; a page for other
roles answers 403; a visitor is sent to sign in.
"""

from __future__ import annotations

import pytest
from helpers import csrf_from, sign_in, text_of

ROLES = ["visitor", "learner_a", "trainer_a", "coordinator_a", "regional", "admin"]
# Who may see the people and branches of network A and of network B.
SEES = {"A": {"trainer_a", "coordinator_a", "regional", "admin"},
        "B": {"regional", "admin"}}
STAFF = {"trainer_a", "coordinator_a", "regional", "admin"}
MANAGERS = {"coordinator_a", "regional", "admin"}
ADMINS = {"admin"}
SIGNED_IN = set(ROLES) - {"visitor"}
LOGIN = 302  # a visitor is redirected to the sign-in page


def public(ok=200):
    return lambda role, target: ok


def gate(allowed, ok=200):
    """A page for some roles: others get 403, a visitor is sent to sign in."""
    return lambda role, target: LOGIN if role == "visitor" else ok if role in allowed else 403


def scoped(allowed, ok=200):
    """A page about a person or branch: outside the caller's scope it is 404."""

    def expected(role, target):
        if role == "visitor":
            return LOGIN
        if role not in allowed:
            return 403
        return ok if role in SEES[target] else 404

    return expected


def authored(role, target, ok):
    """An entry its author may change; others who see it get 403, the rest 404."""
    expected = scoped(STAFF)(role, target)
    if expected != 200:
        return expected
    return ok if (role, target) == ("trainer_a", "A") else 403


# endpoint, method -> (url for a target of network "A" or "B", expected status)
ROUTES = {
    ("lms.static", "GET"): (lambda w, t: "/lms-static/gramota.css", public()),
    ("lms.core.healthz", "GET"): (lambda w, t: "/healthz", public()),
    # not ready: the test tables are made without migrations (tests/core/test_core.py)
    # The API takes tokens, never the session cookie: 401 for everyone (tests/api).
    ("lms.api.me", "GET"): (lambda w, t: "/api/v1/me", public(401)),
    ("lms.api.progress", "GET"): (lambda w, t: f"/api/v1/learners/{w.a1.id}/progress",
                                  public(401)),
    ("lms.api.branch_summary", "GET"): (lambda w, t: f"/api/v1/branches/{w.a1.id}/summary",
                                        public(401)),
    ("lms.api.certificates", "GET"): (lambda w, t: "/api/v1/certificates", public(401)),
    ("lms.api.certificate_pdf", "GET"): (
        lambda w, t: f"/api/v1/certificates/{w.certificates[t].number}.pdf", public(401)),
    ("lms.api.certificate_credential", "GET"): (
        lambda w, t: f"/api/v1/certificates/{w.certificates[t].number}/credential",
        public(401)),
    ("lms.api.certificate", "GET"): (lambda w, t: "/api/v1/certificates/NOPE", public(404)),
    ("lms.api.openapi", "GET"): (lambda w, t: "/api/v1/openapi.json", public()),
    ("lms.courses.offline", "GET"): (lambda w, t: "/courses/first-steps/offline.zip",
                                      gate(STAFF)),
    ("lms.core.readyz", "GET"): (lambda w, t: "/readyz", public(503)),
    ("lms.courses.catalogue", "GET"): (lambda w, t: "/", public()),
    ("lms.courses.course", "GET"): (lambda w, t: "/courses/first-steps/", public()),
    ("lms.courses.lesson", "GET"): (lambda w, t: "/courses/first-steps/mouse/", public()),
    ("lms.courses.image", "GET"): (lambda w, t: "/courses/first-steps/images/mouse.svg",
                                   public()),
    ("lms.courses.mark_done", "POST"): (lambda w, t: "/courses/first-steps/mouse/done",
                                        gate(SIGNED_IN, 302)),
    # Quizzes: anyone may read a quiz's page and its paper version; taking it needs an
    # account; attempts are the learner's own (another learner's attempt is 404, below in
    # tests/quizzes); the answer key is for staff.
    ("lms.quizzes.quiz", "GET"): (lambda w, t: "/quizzes/first-steps/final/", public()),
    ("lms.quizzes.paper", "GET"): (lambda w, t: "/quizzes/first-steps/final/print", public()),
    ("lms.quizzes.image", "GET"): (lambda w, t: "/quizzes/first-steps/images/mouse.svg",
                                   public()),
    ("lms.quizzes.key", "GET"): (lambda w, t: "/quizzes/first-steps/final/key", gate(STAFF)),
    ("lms.quizzes.enter_paper", "GET"): (
        lambda w, t: f"/quizzes/first-steps/device-quiz/paper/{w['learner_' + t.lower()].id}",
        scoped(STAFF)),
    ("lms.quizzes.enter_paper", "POST"): (
        lambda w, t: f"/quizzes/first-steps/device-quiz/paper/{w['learner_' + t.lower()].id}",
        scoped(STAFF, 422)),
    # practices: the page is everyone's; an attempt is only its learner's (999: nobody's)
    ("lms.practice.practice", "GET"): (lambda w, t: "/practice/first-steps/inbox/", public()),
    ("lms.practice.start", "POST"): (lambda w, t: "/practice/first-steps/inbox/start",
                                     gate(SIGNED_IN, 302)),
    ("lms.practice.step", "GET"): (lambda w, t: "/practice/first-steps/inbox/999/1",
                                   gate(SIGNED_IN, 404)),
    ("lms.practice.step", "POST"): (lambda w, t: "/practice/first-steps/inbox/999/1",
                                    gate(SIGNED_IN, 404)),
    ("lms.practice.result", "GET"): (lambda w, t: "/practice/first-steps/inbox/999/result",
                                     gate(SIGNED_IN, 404)),
    # a node's upload: no session, no form; the node proves itself with its key
    # LTI: a platform's sign-in and launch prove themselves with its signed token; nobody
    # without one gets further than "refused" (tests/lti), whoever is signed in here
    ("lms.lti.login", "GET"): (lambda w, t: "/lti/login", public(400)),
    ("lms.lti.login", "POST"): (lambda w, t: "/lti/login", public(400)),
    ("lms.lti.launch", "POST"): (lambda w, t: "/lti/launch", public(400)),
    ("lms.lti.welcome", "POST"): (lambda w, t: "/lti/welcome", public(400)),
    ("lms.lti.deep_link", "POST"): (lambda w, t: "/lti/deep-link", public(404)),
    ("lms.lti.jwks", "GET"): (lambda w, t: "/lti/jwks.json", public()),
    ("lms.sync.create", "POST"): (lambda w, t: "/sync/uploads", public(400)),
    ("lms.sync.append", "PATCH"): (lambda w, t: "/sync/uploads/" + "x" * 22, public(415)),
    # the region's answer: to a node that proves itself with its key, to no one else
    ("lms.sync.node_answer", "GET"): (lambda w, t: "/sync/answer?since=0", public(403)),
    # at a node, the librarian's page (no region set in the tests: nothing to send, no key)
    ("lms.sync.status", "GET"): (lambda w, t: "/sync/", gate(STAFF)),
    ("lms.sync.send_now", "POST"): (lambda w, t: "/sync/send", gate(STAFF, 404)),
    ("lms.sync.bundle", "GET"): (lambda w, t: "/sync/bundle", gate(STAFF, 404)),
    ("lms.practice.file", "GET"): (
        lambda w, t: "/practice/first-steps/signing/999/file/signed.pdf", gate(SIGNED_IN, 404)),
    ("lms.quizzes.start", "POST"): (lambda w, t: "/quizzes/first-steps/final/start",
                                    gate(SIGNED_IN, 302)),
    ("lms.quizzes.question", "GET"): (lambda w, t: "/quizzes/first-steps/final/attempts/999/1",
                                      gate(SIGNED_IN, 404)),
    ("lms.quizzes.question", "POST"): (lambda w, t: "/quizzes/first-steps/final/attempts/999/1",
                                       gate(SIGNED_IN, 404)),
    ("lms.quizzes.finish", "POST"): (lambda w, t: "/quizzes/first-steps/final/attempts/999/finish",
                                     gate(SIGNED_IN, 404)),
    ("lms.quizzes.result", "GET"): (lambda w, t: "/quizzes/first-steps/final/attempts/999/result",
                                    gate(SIGNED_IN, 404)),
    # Certificates: anyone may check one; the PDF is the learner's own or their trainer's.
    ("lms.certificates.verify_form", "GET"): (lambda w, t: "/verify/", public()),
    ("lms.certificates.verify", "GET"): (
        lambda w, t: f"/verify/{w.certificates[t].code}", public()),
    # a QR code's signed claim: anyone may check one (a forged one is not found)
    ("lms.certificates.claim", "GET"): (lambda w, t: "/V/NOT%20A%20CLAIM", public(404)),
    # the networks' public keys and lists of revoked certificates, for offline checks
    ("lms.certificates.claim_public_keys", "GET"): (lambda w, t: "/V/keys.json", public()),
    ("lms.certificates.claim_revocations", "GET"): (
        lambda w, t: "/V/revoked/no-such-network.cose", public(404)),
    # what keeps the QR pages for a check with no connection: the same for everyone
    ("lms.certificates.claim_worker", "GET"): (lambda w, t: "/V/sw.js", public()),
    ("lms.certificates.claim_offline", "GET"): (lambda w, t: "/V/offline", public()),
    ("lms.certificates.my_certificate", "GET"): (
        lambda w, t: f"/me/certificates/{w.certificates[t].number}.pdf",
        lambda role, t: LOGIN if role == "visitor" else (
            200 if role == "learner_a" and t == "A" else 404)),
    ("lms.certificates.my_open_badge", "GET"): (
        lambda w, t: f"/me/certificates/{w.certificates[t].number}.json",
        lambda role, t: LOGIN if role == "visitor" else (
            200 if role == "learner_a" and t == "A" else 404)),
    # her own certificate for a course, or "not issued yet": nobody else's is found
    ("lms.certificates.course_certificate", "GET"): (
        lambda w, t: "/me/courses/first-steps/certificate", gate(SIGNED_IN)),
    ("lms.certificates.show_name", "POST"): (lambda w, t: "/me/certificates/name",
                                             gate(SIGNED_IN, 302)),
    ("lms.certificates.learner_certificate", "GET"): (
        lambda w, t: f"/trainer/learners/{w['learner_' + t.lower()].id}/certificates/"
                     f"{w.certificates[t].number}.pdf", scoped(STAFF)),
    ("lms.certificates.issue_on_paper", "POST"): (
        lambda w, t: f"/trainer/learners/{w['learner_' + t.lower()].id}/certificates",
        scoped(STAFF, 302)),
    ("lms.certificates.correct_name", "POST"): (
        lambda w, t: f"/trainer/learners/{w['learner_' + t.lower()].id}/name",
        scoped(STAFF, 302)),
    ("lms.certificates.print_certificates", "GET"): (
        lambda w, t: f"/trainer/certificates.pdf?course=first-steps&library="
                     f"{(w.a1 if t == 'A' else w.b1).id}", scoped(STAFF)),
    ("lms.certificates.certificates", "GET"): (lambda w, t: "/admin/certificates/",
                                              gate(MANAGERS)),
    ("lms.certificates.certificate", "GET"): (
        lambda w, t: f"/admin/certificates/{w.certificates[t].id}/", scoped(MANAGERS)),
    ("lms.certificates.certificate", "POST"): (
        lambda w, t: f"/admin/certificates/{w.certificates[t].id}/", scoped(MANAGERS, 422)),
    # Classes and consultations: a trainer's own branches only.
    ("lms.trainer.card_pdf", "GET"): (
        lambda w, t: f"/trainer/learners/{w['learner_' + t.lower()].id}/card.pdf",
        scoped(STAFF)),
    ("lms.classes.print_class", "GET"): (
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/print", scoped(STAFF)),
    ("lms.classes.certificates", "GET"): (
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/certificates.pdf", scoped(STAFF)),
    ("lms.classes.cards", "GET"): (
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/cards.pdf", scoped(STAFF)),
    ("lms.trainer.import_learners", "GET"): (lambda w, t: "/trainer/learners/import",
                                             gate(STAFF)),
    ("lms.trainer.import_report", "POST"): (
        lambda w, t: "/trainer/learners/import/report.csv", gate(STAFF, 400)),
    ("lms.trainer.import_learners", "POST"): (lambda w, t: "/trainer/learners/import",
                                              gate(STAFF)),
    ("lms.trainer.imported_cards", "GET"): (
        lambda w, t: "/trainer/learners/imported-cards.pdf", gate(STAFF, 404)),
    # A large file's job is its sender's only (tests/trainer/test_import_jobs.py): here,
    # one nobody has.
    ("lms.trainer.import_job", "GET"): (lambda w, t: "/trainer/learners/import/999",
                                        gate(STAFF, 404)),
    ("lms.trainer.import_job_cards", "GET"): (
        lambda w, t: "/trainer/learners/import/999/cards.pdf", gate(STAFF, 404)),
    ("lms.classes.classes", "GET"): (lambda w, t: "/trainer/classes/", gate(STAFF)),
    ("lms.classes.classes", "POST"): (lambda w, t: "/trainer/classes/", gate(STAFF, 422)),
    ("lms.classes.study_class", "GET"): (
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/", scoped(STAFF)),
    ("lms.classes.enrol", "POST"): (
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/enrol", scoped(STAFF, 302)),
    ("lms.classes.move", "POST"): (
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/move", scoped(STAFF, 302)),
    ("lms.classes.add_session", "POST"): (
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/sessions", scoped(STAFF, 302)),
    ("lms.classes.attendance", "GET"): (
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/sessions/"
                     f"{w.classes[t].sessions[0].id}/", scoped(STAFF)),
    ("lms.classes.attendance", "POST"): (
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/sessions/"
                     f"{w.classes[t].sessions[0].id}/", scoped(STAFF, 302)),
    ("lms.classes.mark_done", "POST"): (
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/done", scoped(STAFF, 302)),
    ("lms.classes.edit", "POST"): (  # empty: back to the class, with the form's word
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/edit", scoped(STAFF, 302)),
    ("lms.classes.take_out", "POST"): (  # without a learner: back to the class, with a word
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/take-out", scoped(STAFF, 302)),
    ("lms.classes.close", "POST"): (
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/close", scoped(STAFF, 302)),
    ("lms.consultations.consultations", "GET"): (lambda w, t: "/trainer/consultations/",
                                                 gate(STAFF)),
    ("lms.consultations.consultations", "POST"): (lambda w, t: "/trainer/consultations/",
                                                  gate(STAFF, 422)),
    # Only the author may change an entry (trainer_a wrote A's, trainer_b wrote B's).
    ("lms.consultations.edit", "GET"): (
        lambda w, t: f"/trainer/consultations/{w.consultations[t].id}/edit",
        lambda role, t: authored(role, t, 200)),
    ("lms.consultations.edit", "POST"): (
        lambda w, t: f"/trainer/consultations/{w.consultations[t].id}/edit",
        lambda role, t: authored(role, t, 302)),
    ("lms.consultations.delete", "POST"): (
        lambda w, t: f"/trainer/consultations/{w.consultations[t].id}/delete",
        lambda role, t: authored(role, t, 302)),
    ("lms.auth.login", "GET"): (lambda w, t: "/login",
                                lambda role, t: 200 if role == "visitor" else 302),
    ("lms.auth.login", "POST"): (lambda w, t: "/login",
                                 lambda role, t: 422 if role == "visitor" else 302),
    # No network in this world allows self-registration.
    ("lms.registration.register", "GET"): (lambda w, t: "/register", public(404)),
    ("lms.registration.register", "POST"): (lambda w, t: "/register", public(404)),
    ("lms.auth.logout", "POST"): (lambda w, t: "/logout", public(302)),
    # asks "Sign out?" of whoever is signed in; a visitor has nothing to sign out of
    ("lms.auth.logout", "GET"): (lambda w, t: "/logout",
                                 lambda role, target: 302 if role == "visitor" else 200),
    ("lms.account.home", "GET"): (lambda w, t: "/me/", gate(SIGNED_IN)),
    ("lms.account.data", "GET"): (lambda w, t: "/me/data", gate(SIGNED_IN)),
    ("lms.account.data_json", "GET"): (lambda w, t: "/me/data.json", gate(SIGNED_IN)),
    ("lms.account.erasure", "POST"): (lambda w, t: "/me/erasure", gate(SIGNED_IN, 302)),
    ("lms.account.password", "GET"): (lambda w, t: "/me/password", gate(SIGNED_IN)),
    ("lms.account.password", "POST"): (lambda w, t: "/me/password", gate(SIGNED_IN, 422)),
    ("lms.trainer.learners", "GET"): (lambda w, t: "/trainer/", gate(STAFF)),
    ("lms.trainer.register", "GET"): (lambda w, t: "/trainer/learners/new", gate(STAFF)),
    ("lms.trainer.register", "POST"): (lambda w, t: "/trainer/learners/new",
                                       gate(STAFF, 422)),
    ("lms.trainer.learner", "GET"): (
        lambda w, t: f"/trainer/learners/{w['learner_' + t.lower()].id}/", scoped(STAFF)),
    ("lms.trainer.card", "GET"): (
        lambda w, t: f"/trainer/learners/{w['learner_' + t.lower()].id}/card", scoped(STAFF)),
    ("lms.trainer.reset_pin", "POST"): (
        lambda w, t: f"/trainer/learners/{w['learner_' + t.lower()].id}/pin",
        scoped(STAFF, 302)),
    # posted empty: a learner in scope gets the form's messages (422), else 404
    ("lms.trainer.learner_details", "POST"): (
        lambda w, t: f"/trainer/learners/{w['learner_' + t.lower()].id}/details",
        scoped(STAFF, 422)),
    # posted empty: the other account's username is asked for (422)
    ("lms.trainer.merge", "POST"): (
        lambda w, t: f"/trainer/learners/{w['learner_' + t.lower()].id}/merge",
        scoped(STAFF, 422)),
    ("lms.trainer.anonymise", "POST"): (
        lambda w, t: f"/trainer/learners/{w['learner_' + t.lower()].id}/anonymise",
        scoped(STAFF, 422)),
    ("lms.admin.networks", "GET"): (lambda w, t: "/admin/", gate(MANAGERS)),
    # posted with no file: the form asks for one, nothing is added
    ("lms.admin.import_staff", "GET"): (lambda w, t: "/admin/staff/import", gate(MANAGERS)),
    ("lms.admin.import_staff", "POST"): (lambda w, t: "/admin/staff/import", gate(MANAGERS)),
    # Reports: every member of staff sees the figures of the branches they may see; a
    # branch outside them is 404 (other branches asked for are left out, with a note).
    ("lms.reports.dashboard", "GET"): (lambda w, t: "/reports/", gate(STAFF)),
    ("lms.reports.printable", "GET"): (lambda w, t: "/reports/print", gate(STAFF)),
    ("lms.reports.course", "GET"): (lambda w, t: "/reports/courses/first-steps", gate(STAFF)),
    ("lms.reports.export", "GET"): (lambda w, t: "/reports/export/branches.csv",
                                    gate(STAFF)),
    # Only a table of every learner is written in the background; an export job is its
    # owner's only (tests/reports/test_export_jobs.py): here, one nobody has.
    ("lms.reports.queue_export", "POST"): (lambda w, t: "/reports/export/branches.csv",
                                           gate(STAFF, 404)),
    ("lms.reports.export_job", "GET"): (lambda w, t: "/reports/exports/999", gate(STAFF, 404)),
    ("lms.reports.export_file", "GET"): (lambda w, t: "/reports/exports/999/file",
                                         gate(STAFF, 404)),
    ("lms.reports.branch_export", "GET"): (
        lambda w, t: f"/reports/branches/{w.a1.id if t == 'A' else w.b1.id}/export/classes.csv",
        scoped(STAFF)),
    ("lms.reports.course_export", "GET"): (
        lambda w, t: "/reports/courses/first-steps/export/funnel.csv", gate(STAFF)),
    ("lms.reports.branch", "GET"): (
        lambda w, t: f"/reports/branches/{w.a1.id if t == 'A' else w.b1.id}", scoped(STAFF)),
    ("lms.consultations.network_settings", "GET"): (
        lambda w, t: f"/trainer/consultations/network/{getattr(w, 'network_' + t.lower()).id}",
        scoped(MANAGERS)),
    ("lms.consultations.network_settings", "POST"): (  # no action given: 400
        lambda w, t: f"/trainer/consultations/network/{getattr(w, 'network_' + t.lower()).id}",
        scoped(MANAGERS, 400)),
    ("lms.admin.network", "GET"): (
        lambda w, t: f"/admin/networks/{w.network_a.id if t == 'A' else w.network_b.id}/",
        lambda role, t: scoped(MANAGERS)(role, t) if role != "trainer_a" else 403),
    ("lms.admin.network", "POST"): (
        lambda w, t: f"/admin/networks/{w.network_a.id if t == 'A' else w.network_b.id}/",
        lambda role, t: {"visitor": LOGIN, "admin": 422}.get(
            role, 404 if role == "coordinator_a" and t == "B" else 403)),
    ("lms.admin.edit_network", "GET"): (
        lambda w, t: "/admin/networks/new" if t == "A" else
        f"/admin/networks/{w.network_b.id}/edit", gate(ADMINS)),
    ("lms.admin.edit_network", "POST"): (
        lambda w, t: "/admin/networks/new" if t == "A" else
        f"/admin/networks/{w.network_b.id}/edit",
        # an empty new network is refused; an edit keeps the stored values and saves
        lambda role, t: gate(ADMINS, 422 if t == "A" else 302)(role, t)),
    ("lms.admin.edit_library", "GET"): (
        lambda w, t: f"/admin/networks/{w.network_a.id}/libraries/new" if t == "A" else
        f"/admin/libraries/{w.b1.id}/edit", gate(ADMINS)),
    ("lms.admin.edit_library", "POST"): (
        lambda w, t: f"/admin/networks/{w.network_a.id}/libraries/new" if t == "A" else
        f"/admin/libraries/{w.b1.id}/edit",
        lambda role, t: gate(ADMINS, 422 if t == "A" else 302)(role, t)),
    ("lms.admin.staff_list", "GET"): (lambda w, t: "/admin/staff/", gate(MANAGERS)),
    # which entries a coordinator reads: tests/admin/test_admin.py
    ("lms.admin.audit_log", "GET"): (lambda w, t: "/admin/audit/", gate(MANAGERS)),
    ("lms.admin.edit_staff", "GET"): (
        lambda w, t: f"/admin/staff/{w['trainer_' + t.lower()].id}/edit", scoped(MANAGERS)),
    ("lms.admin.edit_staff", "POST"): (
        lambda w, t: f"/admin/staff/{w['trainer_' + t.lower()].id}/edit",
        scoped(MANAGERS, 422)),
    ("lms.admin.reset_staff_password", "POST"): (
        lambda w, t: f"/admin/staff/{w['trainer_' + t.lower()].id}/password",
        scoped(MANAGERS)),
    # last: it deletes the class's session the routes above use
    ("lms.classes.delete_session", "POST"): (
        lambda w, t: f"/trainer/classes/{w.classes[t].id}/sessions/"
                     f"{w.classes[t].sessions[0].id}/delete", scoped(STAFF, 302)),
}


def app_routes(app) -> set[tuple[str, str]]:
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_route_has_an_access_rule(app):
    missing = app_routes(app) - set(ROUTES)
    assert missing == set(), f"add these routes to ROUTES with their access rule: {missing}"
    assert set(ROUTES) - app_routes(app) == set()


@pytest.mark.parametrize("role", ROLES)
def test_route_role_scope_matrix(client, world, role):
    if role != "visitor":
        sign_in(client, world[role])
    failures = []
    for (endpoint, method), (url_for_target, expected) in ROUTES.items():
        if (endpoint, method) == ("lms.auth.logout", "POST"):
            continue  # signing out would end the session the matrix runs in
        for target in ("A", "B"):
            url = url_for_target(world, target)
            if method == "GET":
                response = client.get(url)
            else:
                token = csrf_from(text_of(client.get("/login" if role == "visitor" else "/")))
                response = client.open(url, method=method, data={"csrf_token": token})
            want = expected(role, target)
            if response.status_code != want:
                failures.append(f"{method} {url} ({endpoint}, target {target}): "
                                f"{response.status_code}, expected {want}")
            response.close()
    assert failures == [], "\n".join(failures)
