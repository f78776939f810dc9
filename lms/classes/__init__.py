"""Classes (groups): learners studying one course together with a trainer at a branch."""
