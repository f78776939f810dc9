"""What import-linter cannot see: no package imports another's private names (``_name``)."""

from __future__ import annotations

import ast
from pathlib import Path

LMS = Path(__file__).parents[1] / "lms"


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def imported_private_names(path: Path, root: Path = LMS) -> list[str]:
    module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
    if module.endswith(".__init__"):
        module = module.removesuffix(".__init__")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = module.split(".")
            base = base[: len(base) - node.level + (path.name == "__init__.py")]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        if not source.startswith("lms") or package_of(source) == package_of(module):
            continue
        found += [f"{module}:{node.lineno} imports {alias.name} from {source}"
                  for alias in node.names if alias.name.startswith("_")]
    return found


def test_no_package_imports_another_packages_private_names():
    found = [line for path in sorted(LMS.rglob("*.py")) if "migrations" not in path.parts
             for line in imported_private_names(path)]
    assert found == []


def test_the_check_sees_a_private_name_taken_across_packages(tmp_path):
    feature = tmp_path / "lms" / "classes"
    feature.mkdir(parents=True)
    (feature / "views.py").write_text("from ..certificates.services import _find\n")
    assert imported_private_names(feature / "views.py", tmp_path / "lms") == [
        "lms.classes.views:1 imports _find from lms.certificates.services"]
