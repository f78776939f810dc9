"""Gramota as an LTI 1.3 tool (LTI Advantage): a platform such as Moodle or Open edX
registers it, places a course or lesson in its own course by deep linking, launches its
learners into Gramota signed in, and gets their grades back (Assignment and Grade
Services). Built on pylti1p3; the steps for Moodle are in docs/lti.md."""
