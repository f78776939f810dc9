"""xAPI 1.0.3 statements in Gramota's words: who (an Agent known by her uid, never her
name), did what (a verb of ADL's vocabulary where there is one), to what (an Activity: a
lesson, a quiz, a course, a practice, a class's session, a branch), with what result, and
where (the branch and the node, as context extensions). The ids are in docs/events.md."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

ADL = "http://adlnet.gov/expapi/verbs/"
ACTIVITY = "http://adlnet.gov/expapi/activities/"
#: verb → its IRI ("" + name: under LMS_XAPI_IRI/verbs/, Gramota's own).
VERBS = {
    "completed": ADL + "completed",
    "passed": ADL + "passed",
    "failed": ADL + "failed",
    "attended": ADL + "attended",
    "registered": ADL + "registered",
    "voided": ADL + "voided",
    "earned": "http://id.tincanapi.com/verb/earned",
    "practised": "",
    "consulted": "",
    "corrected": "",
    "joined": "",
}
ACTIVITY_TYPES = {
    "course": ACTIVITY + "course",
    "lesson": ACTIVITY + "lesson",
    "quiz": ACTIVITY + "assessment",
    "practice": ACTIVITY + "simulation",
    "session": ACTIVITY + "meeting",
    "branch": ACTIVITY + "profile",
    "certificate": "http://id.tincanapi.com/activitytype/certificate",
    "consultation": ACTIVITY + "interaction",
}


def iri(*parts: str) -> str:
    """An id under the region's IRI: the same on every node of a region."""
    return "/".join([current_app.config["LMS_XAPI_IRI"].rstrip("/"), *parts])


def verb(name: str) -> dict:
    return {"id": VERBS[name] or iri("verbs", name), "display": {"en-US": name}}


def agent(uid: str) -> dict:
    return {"objectType": "Agent", "account": {"homePage": iri(), "name": uid}}


def activity(kind: str, *path: str, name: str | None = None, lang: str = "ru") -> dict:
    found = {"objectType": "Activity", "id": iri(*path),
             "definition": {"type": ACTIVITY_TYPES[kind]}}
    if name:
        found["definition"]["name"] = {lang: name}
    return found


def course_activity(course_slug: str) -> dict:
    return activity("course", "courses", course_slug)


def extension(name: str) -> str:
    return iri("extensions", name)


def statement(actor_uid: str, verb_name: str, obj: dict, *, branch: str | None,
              when: datetime, course_slug: str | None = None, result: dict | None = None,
              instructor_uid: str | None = None, extensions: dict | None = None) -> dict:
    """A whole statement; ``branch`` is "network/branch" (the codes). Its id is given when
    it is written, from its node and number (log.statement_id)."""
    context: dict = {"extensions": {extension("node"): current_app.config["LMS_NODE_ID"],
                                    **({extension("branch"): branch} if branch else {}),
                                    **(extensions or {})}}
    if obj.get("objectType") == "Activity":  # the platform only of an activity (xAPI 4.1.6)
        context["platform"] = "Gramota"
    if course_slug and obj.get("definition", {}).get("type") != ACTIVITY_TYPES["course"]:
        context["contextActivities"] = {"parent": [course_activity(course_slug)]}
    if instructor_uid:
        context["instructor"] = agent(instructor_uid)
    found = {"id": "", "actor": agent(actor_uid), "verb": verb(verb_name),
             "object": obj, "context": context,
             "timestamp": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
             "version": "1.0.3"}
    if result is not None:
        found["result"] = result
    return found


def voiding(actor_uid: str, voided_id: str, when: datetime) -> dict:
    """The statement that takes back another (an attendance unmarked, an entry changed)."""
    return {"id": "", "actor": agent(actor_uid), "verb": verb("voided"),
            "object": {"objectType": "StatementRef", "id": voided_id},
            "timestamp": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "version": "1.0.3"}


def score(raw: int, most: int, *, success: bool | None = None) -> dict:
    found: dict = {"score": {"raw": raw, "min": 0, "max": most,
                             "scaled": round(raw / most, 4) if most else 0},
                   "completion": True}
    if success is not None:
        found["success"] = success
    return found
