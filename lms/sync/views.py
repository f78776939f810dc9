"""The region's upload address for its nodes' bundles (tus 1.0.0: no forms and no session;
a node proves itself with its key when it opens an upload), and at a node, the
librarian's page: when the work last reached the region, what waits, "Send now"."""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from ..audit.services import record
from ..db import db, utcnow
from ..eventlog.models import Statement
from ..people.access import trainer_required
from ..people.models import Library, Role
from ..people.scope import visible_library_ids
from . import answers, uploads
from .bundles import BundleError, apply, pack
from .keys import key_path, node_key
from .models import RegionNode
from .packs import read_header
from .people import library_of
from .sending import NodeState, SendInterrupted, exchange, urllib_transport

bp = Blueprint("sync", __name__, url_prefix="/sync")
TUS = {"Tus-Resumable": "1.0.0", "Cache-Control": "no-store"}


def _refused(exc: uploads.UploadError | BundleError, status: int | None = None) -> Response:
    return Response(str(exc) + "\n", status=status or exc.status, mimetype="text/plain",
                    headers=TUS)


@bp.route("/uploads", methods=["OPTIONS"])
def options():
    return Response(status=204, headers={**TUS, "Tus-Version": "1.0.0",
                                         "Tus-Max-Size": str(uploads.MAX_BUNDLE)})


@bp.post("/uploads")
def create():
    try:
        upload = uploads.create(uploads.uploads_folder(current_app.instance_path),
                                request.headers.get("Gramota-Node", "")[:64],
                                request.headers.get("Upload-Length", ""),
                                request.headers.get("Gramota-Proof", ""),
                                request.headers.get("Gramota-Statements", ""))
    except uploads.UploadError as exc:
        return _refused(exc)
    return Response(status=201, headers={**TUS, "Location": url_for(
        ".upload", upload_id=upload.id, _external=True), "Upload-Offset": "0"})


@bp.route("/uploads/<upload_id>", methods=["HEAD"])
def upload(upload_id: str):
    try:
        found = uploads.find(uploads.uploads_folder(current_app.instance_path), upload_id)
    except uploads.UploadError as exc:
        return _refused(exc)
    return Response(status=200, headers={**TUS, "Upload-Offset": str(found.offset),
                                         "Upload-Length": str(found.length)})


@bp.route("/uploads/<upload_id>", methods=["PATCH"])
def append(upload_id: str):
    if request.headers.get("Content-Type") != "application/offset+octet-stream":
        return _refused(uploads.UploadError(415, "Content-Type: application/offset+octet-stream"))
    try:
        found = uploads.find(uploads.uploads_folder(current_app.instance_path), upload_id)
        offset = uploads.append(found, request.headers.get("Upload-Offset", ""),
                                request.get_data(cache=False))
    except uploads.UploadError as exc:
        return _refused(exc)
    headers = {**TUS, "Upload-Offset": str(offset)}
    if offset == found.length:  # the whole bundle: applied now (a bad one is said so)
        try:
            applied = apply(uploads.finish(found))
        except BundleError as exc:
            return _refused(exc, 422)
        headers.update({"Gramota-Added": str(applied.added),
                        "Gramota-Last-Sequence": str(applied.last)})
    return Response(status=204, headers=headers)


@bp.get("/answer")
def node_answer():
    """At the region: its answer for the node that proves itself, from ``since`` (the
    last answer it took)."""
    since_text = request.args.get("since", "0")
    if not since_text.isascii() or not since_text.isdigit() or len(since_text) > 18:
        return _refused(uploads.UploadError(400, "since is the last answer taken, a number"))
    try:
        known = uploads.check_proof(request.headers.get("Gramota-Node", "")[:64],
                                    int(since_text), request.headers.get("Gramota-Proof", ""),
                                    "answer")
    except uploads.UploadError as exc:
        return _refused(exc)
    packs = request.headers.get("Gramota-Packs")
    data = answers.answer(known, int(since_text), node_key(current_app.instance_path,
                                                           create=True),
                          packs_known=read_header(packs) if packs is not None else None)
    return Response(data, mimetype="application/octet-stream",
                    headers={"Cache-Control": "no-store"})


SILENT_DAYS = 7  # a node not heard from for longer is shown as silent


@dataclass
class NodeLine:
    node: RegionNode
    branches: list[Library]
    days: int | None  # since its last bundle arrived; None: nothing yet
    on_the_way: list[uploads.OnTheWay]  # bundles begun and not finished

    @property
    def silent(self) -> bool:
        return self.days is None or self.days > SILENT_DAYS


def nodes_seen_by(user) -> list[NodeLine]:
    """At the region: the nodes of the branches the viewer sees (an administrator sees
    every node), the silent ones first."""
    visible = set(db.session.scalars(visible_library_ids(user)))
    today, lines = utcnow().date(), []
    folder = uploads.uploads_folder(current_app.instance_path)
    for known in db.session.scalars(select(RegionNode).order_by(RegionNode.node)):
        branches = [library for library in map(library_of, known.branches)
                    if library is not None and (library.id in visible
                                                or user.role is Role.ADMIN)]
        if branches or user.role is Role.ADMIN:
            received = known.last_received_at
            lines.append(NodeLine(known, sorted(branches, key=lambda library: library.name),
                                  (today - received.date()).days if received else None,
                                  uploads.on_the_way(folder, known.node)))
    return sorted(lines, key=lambda line: (not line.silent, line.node.node))


@bp.app_template_global("region_nodes")
def region_nodes() -> bool:
    """Whether nodes of the viewer's branches send their work here (the reports say so)."""
    return current_user.is_authenticated and bool(nodes_seen_by(current_user))


def waiting(node: str, acknowledged: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Statement).where(
        Statement.node == node, Statement.sequence > acknowledged))


@bp.get("/")
@trainer_required
def status():
    """At a node: when its work last reached the region, and how much waits to go."""
    config = current_app.config
    state = NodeState(current_app.instance_path)
    days = (utcnow().date() - state.sent_at.date()).days if state.sent_at else None
    return render_template("lms/sync/status.html", region=config["LMS_REGION_URL"],
                           node=config["LMS_NODE_ID"], state=state, days=days,
                           nodes=nodes_seen_by(current_user),
                           waiting=waiting(config["LMS_NODE_ID"], state.acknowledged),
                           has_key=key_path(current_app.instance_path).is_file())


@bp.post("/send")
@trainer_required
def send_now():
    config = current_app.config
    if not config["LMS_REGION_URL"]:
        abort(404)
    try:
        sent, taken = exchange(current_app, urllib_transport(timeout=20))
    except FileNotFoundError:
        flash(_("This computer has no key for the region yet: ask the administrator to run "
                "'lms node key'."), "error")
    except BundleError:
        flash(_("The region's answer could not be read. What was done here has been sent; "
                "ask the administrator to look at the region's answer."), "error")
    except SendInterrupted:
        flash(_("The line to the region dropped. Nothing is lost: press «Send now» again "
                "later, and it goes on where it stopped."), "error")
    else:
        record("sync_sent", actor=current_user, statements=sent.statements, bytes=sent.bytes)
        flash(ngettext("Sent: %(num)s change reached the region.",
                       "Sent: %(num)s changes reached the region.", sent.statements)
              if sent.statements else _("Nothing new to send: everything done here has been sent "
                                        "already."),
              "success")
        if taken is not None and taken.people.added + taken.people.updated:
            flash(ngettext("From the region: %(num)s learner of your branches registered or "
                           "corrected elsewhere.",
                           "From the region: %(num)s learners of your branches registered or "
                           "corrected elsewhere.", taken.people.added + taken.people.updated),
                  "success")
    return redirect(url_for(".status"))


@bp.get("/bundle")
@trainer_required
def bundle():
    """Everything the region has not acknowledged, as a file for a stick or an e-mail."""
    config = current_app.config
    try:
        key = node_key(current_app.instance_path)
    except FileNotFoundError:
        abort(404)
    state = NodeState(current_app.instance_path)
    data, last = pack(config["LMS_NODE_ID"], state.acknowledged, key)
    record("sync_bundle_written", actor=current_user, first=state.acknowledged + 1, last=last)
    name = f"{config['LMS_NODE_ID']}-{state.acknowledged + 1}-{last}.bundle"
    return Response(data, mimetype="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "private, no-store"})
