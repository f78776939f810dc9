"""The statement rules of xAPI 1.0.3 (Data, part two, section 2.2-2.4), checked by hand:
what an LRS must refuse. Written from the specification, apart from Gramota's builder, so
that a fault of the builder shows here."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

IRI = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s]+$", re.I)
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$")
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored",
                  "authority", "version", "attachments"}
RESULT_KEYS = {"score", "success", "completion", "response", "duration", "extensions"}
CONTEXT_KEYS = {"registration", "instructor", "team", "contextActivities", "revision",
                "platform", "language", "statement", "extensions"}


def problems(statement: dict) -> list[str]:
    found: list[str] = []
    say = found.append
    unknown = set(statement) - STATEMENT_KEYS
    if unknown:
        say(f"unknown properties {sorted(unknown)}")
    for key in ("actor", "verb", "object"):
        if key not in statement:
            say(f"no {key}")
    if "id" in statement and not _uuid(statement["id"]):
        say("id is not a UUID")
    if "version" in statement and not re.fullmatch(r"1\.0(\.\d+)?", statement["version"]):
        say("version is not 1.0.x")
    if "timestamp" in statement and not _timestamp(statement["timestamp"]):
        say("timestamp is not ISO 8601 with a time zone")
    found += _agent(statement.get("actor", {}), "actor")
    found += _verb(statement.get("verb", {}))
    found += _object(statement.get("object", {}), statement.get("verb", {}))
    if "result" in statement:
        found += _result(statement["result"])
    if "context" in statement:
        found += _context(statement["context"], statement.get("object", {}))
    return found


def _uuid(value) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except (ValueError, AttributeError, TypeError):
        return False


def _timestamp(value) -> bool:
    try:
        moment = datetime.fromisoformat(value)
    except (ValueError, TypeError):
        return False
    return moment.tzinfo is not None


def _language_map(value, where) -> list[str]:
    if not isinstance(value, dict) or not value:
        return [f"{where} is not a language map"]
    return [f"{where}: {tag} is not a language tag" for tag in value
            if not LANGUAGE_TAG.match(tag)]


def _agent(agent: dict, where: str) -> list[str]:
    found = []
    if agent.get("objectType", "Agent") not in ("Agent", "Group"):
        found.append(f"{where}: objectType {agent.get('objectType')}")
    identifiers = [key for key in ("mbox", "mbox_sha1sum", "openid", "account") if key in agent]
    if len(identifiers) != 1:
        found.append(f"{where}: exactly one inverse functional identifier, not {identifiers}")
    account = agent.get("account")
    if account is not None:
        if set(account) != {"homePage", "name"}:
            found.append(f"{where}: an account has homePage and name only")
        if not IRI.match(str(account.get("homePage", ""))):
            found.append(f"{where}: homePage is not an IRL")
        if not isinstance(account.get("name"), str) or not account["name"]:
            found.append(f"{where}: an account's name is a string")
    return found


def _verb(verb: dict) -> list[str]:
    found = []
    if not IRI.match(str(verb.get("id", ""))):
        found.append("verb id is not an IRI")
    if "display" in verb:
        found += _language_map(verb["display"], "verb display")
    if set(verb) - {"id", "display"}:
        found.append("verb has unknown properties")
    return found


def _object(obj: dict, verb: dict) -> list[str]:
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        found = [] if IRI.match(str(obj.get("id", ""))) else ["activity id is not an IRI"]
        definition = obj.get("definition", {})
        if "type" in definition and not IRI.match(definition["type"]):
            found.append("activity type is not an IRI")
        for key in ("name", "description"):
            if key in definition:
                found += _language_map(definition[key], f"activity {key}")
        return found
    if kind in ("Agent", "Group"):
        return _agent(obj, "object")
    if kind == "StatementRef":
        found = [] if _uuid(obj.get("id")) else ["StatementRef id is not a UUID"]
        if set(obj) != {"objectType", "id"}:
            found.append("a StatementRef has objectType and id only")
        return found
    if verb.get("id") == "http://adlnet.gov/expapi/verbs/voided":
        return ["a voiding statement's object is a StatementRef"]
    return [f"unknown objectType {kind}"]


def _result(result: dict) -> list[str]:
    found = []
    if set(result) - RESULT_KEYS:
        found.append(f"result has unknown properties {sorted(set(result) - RESULT_KEYS)}")
    score = result.get("score")
    if score is not None:
        scaled, raw = score.get("scaled"), score.get("raw")
        low, high = score.get("min"), score.get("max")
        if scaled is not None and not -1 <= scaled <= 1:
            found.append("scaled score outside -1..1")
        if low is not None and high is not None and low > high:
            found.append("min above max")
        if raw is not None and ((low is not None and raw < low) or (high is not None
                                                                    and raw > high)):
            found.append("raw score outside min..max")
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            found.append(f"{key} is not true or false")
    found += _extensions(result.get("extensions", {}), "result")
    return found


def _context(context: dict, obj: dict) -> list[str]:
    found = []
    if set(context) - CONTEXT_KEYS:
        found.append("context has unknown properties")
    if "registration" in context and not _uuid(context["registration"]):
        found.append("registration is not a UUID")
    if "instructor" in context:
        found += _agent(context["instructor"], "instructor")
    if obj.get("objectType") in ("Agent", "Group") and (
            "revision" in context or "platform" in context):
        found.append("revision and platform only when the object is an Activity")
    for kind, activities in context.get("contextActivities", {}).items():
        if kind not in ("parent", "grouping", "category", "other"):
            found.append(f"unknown contextActivities {kind}")
        for activity in activities if isinstance(activities, list) else [activities]:
            found += _object(activity, {})
    found += _extensions(context.get("extensions", {}), "context")
    return found


def _extensions(extensions: dict, where: str) -> list[str]:
    return [f"{where} extension {key} is not an IRI" for key in extensions if not IRI.match(key)]
