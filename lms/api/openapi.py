"""The API described for integrators (OpenAPI 3.1), served at /api/v1/openapi.json."""

from __future__ import annotations

_ERROR = {"type": "object", "properties": {"error": {"type": "string"}}}
_CERTIFICATE = {"type": "object", "properties": {
    "number": {"type": "string"}, "course": {"type": "string"},
    "course_title": {"type": "string"}, "full_name": {"type": "string"},
    "issued_on": {"type": "string", "format": "date"},
    "revoked_on": {"type": ["string", "null"], "format": "date"},
    "status": {"enum": ["valid", "revoked", "replaced"]},
    "replaced_by": {"type": ["string", "null"],
                    "description": "the number of the certificate issued in its place"},
    "replaces": {"type": "array", "items": {"type": "string"},
                 "description": "the numbers of those it was issued in place of"},
    "verify_url": {"type": "string", "format": "uri"}}}
_ROW = {"type": "integer", "minimum": 1}


def _answer(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_DENIED = {"401": _answer("No valid token", _ERROR),
           "404": _answer("Not found, or outside what the token's person may see", _ERROR)}
_PERIOD = [{"name": "period", "in": "query", "schema": {
               "enum": ["month", "quarter", "year", "custom"]}},
           {"name": "on", "in": "query", "schema": {"type": "string", "format": "date"}},
           {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
           {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}]


def document(base_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Gramota API", "version": "1",
                 "description": "Progress, certificates and branch figures, scoped like the "
                                "site: a token acts as the person it was made for."},
        "servers": [{"url": base_url}],
        "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
        "security": [{"token": []}],
        "paths": {
            "/me": {"get": {"summary": "The person the token acts as", "responses": {
                "200": _answer("The person", {"type": "object", "properties": {
                    "id": {"type": "integer"}, "username": {"type": "string"},
                    "full_name": {"type": "string"}, "role": {"type": "string"},
                    "library_id": {"type": ["integer", "null"]}}}),
                "401": _DENIED["401"]}}},
            "/learners/{id}/progress": {"get": {
                "summary": "A learner's courses and certificates",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "integer"}}],
                "responses": {"200": _answer("Progress", {"type": "object", "properties": {
                    "learner": {"type": "object"},
                    "courses": {"type": "array", "items": {"type": "object", "properties": {
                        "course": {"type": "string"}, "title": {"type": "string"},
                        "lessons_done": {"type": "integer"}, "lessons": {"type": "integer"},
                        "completed": {"type": "boolean"}}}},
                    "certificates": {"type": "array", "items": _CERTIFICATE}}}), **_DENIED}}},
            "/branches/{id}/summary": {"get": {
                "summary": "A branch's figures for a period (as on the reports' pages)",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "integer"}}, *_PERIOD],
                "responses": {"200": _answer("Figures", {"type": "object", "properties": {
                    "branch": {"type": "object"}, "period": {"type": "object"},
                    "figures": {"type": "object",
                                "additionalProperties": {"type": "integer"}},
                    "notes": {"type": "array", "items": {"type": "string"}}}}),
                    **_DENIED}}},
            "/certificates": {"get": {
                "summary": "Certificates the token's person may see (a learner: her own), "
                           "the newest first, at most 500",
                "parameters": [
                    {"name": "learner", "in": "query", "schema": _ROW},
                    {"name": "branch", "in": "query", "schema": _ROW},
                    {"name": "course", "in": "query", "schema": {"type": "string"}}],
                "responses": {
                    "200": _answer("The certificates", {"type": "object", "properties": {
                        "certificates": {"type": "array", "items": _CERTIFICATE},
                        "more": {"type": "boolean"}}}),
                    "400": _answer("A learner or branch that is not a number", _ERROR),
                    "401": _DENIED["401"]}}},
            "/certificates/{number}.pdf": {"get": {
                "summary": "A certificate's signed PDF",
                "parameters": [{"name": "number", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "The PDF, signed by the network (PAdES)",
                            "content": {"application/pdf": {}}},
                    "503": _answer("No signing key can be used just now", _ERROR),
                    **_DENIED}}},
            "/certificates/{number}/credential": {"get": {
                "summary": "A certificate as an Open Badges 3.0 credential",
                "description": "A W3C Verifiable Credential (data model 2.0) with a Data "
                               "Integrity proof, cryptosuite eddsa-rdfc-2022; the issuer "
                               "is the network's did:key.",
                "parameters": [{"name": "number", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "The signed OpenBadgeCredential",
                            "content": {"application/vc+ld+json": {}}},
                    "410": _answer("The certificate is revoked", _ERROR),
                    "503": _answer("Credentials cannot be signed here just now", _ERROR),
                    **_DENIED}}},
            "/certificates/{code}": {"get": {
                "summary": "Check a certificate by the code printed on it (no token needed)",
                "security": [],
                "parameters": [{"name": "code", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {
                    "200": _answer("Found; valid is false when revoked or replaced", {
                        "allOf": [_CERTIFICATE, {"type": "object", "properties": {
                            "valid": {"type": "boolean"}}}]}),
                    "404": _answer("No certificate has this code", _ERROR),
                    "429": _answer("Too many checks from this address", _ERROR)}}},
        },
    }
