"""The region's upload address for its nodes' bundles (tus 1.0.0): no forms and no
session; a node proves itself with its key when it opens an upload."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request, url_for

from . import uploads
from .bundles import BundleError, apply

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
                                request.headers.get("Gramota-Proof", ""))
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
