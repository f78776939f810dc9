"""Practice rooms: a learner plays a safe simulator of the real thing (content/practice.py)
and her attempt keeps which tricks she caught and which she missed."""
