"""The layers docs/architecture.md promises, read from the source with ``ast``:

* the domain packages (``quiz/banks``, ``quiz/scoring``, ``quiz/drafting``,
  ``quiz/scheduling``, ``quiz/formats`` and any other listed in DOMAIN_PACKAGES that
  exists) import neither Flask nor SQLAlchemy nor ``quiz.models``, not even through
  another module of ``quiz`` they import;
* the plain-Python modules inside feature packages import none of them themselves;
* no feature's module imports another feature's views (its ``*routes`` modules).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.app.import_graph import import_graph, module_files
from tests.conftest import PROJECT_DIR

QUIZ = PROJECT_DIR / "quiz"
DOMAIN_PACKAGES = ("banks", "scoring", "drafting", "scheduling", "formats")
PLAIN_MODULES = (
    "quiz.practice.session_rules",
    "quiz.practice.feedback",
    "quiz.practice.rubric",
    "quiz.interview.selection",
    "quiz.instructor.analysis",
    "quiz.web.rendering",
    "quiz.web.exports",
    "quiz.web.charts",
    "quiz.web.timezones",
)
FORBIDDEN = ("flask", "flask_login", "flask_wtf", "flask_sqlalchemy", "flask_migrate", "sqlalchemy")


def external_imports(path: Path) -> set[str]:
    """The top-level names of what a file imports from outside ``quiz``, anywhere in it."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.partition(".")[0])
    return names - {"quiz"}


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for target in graph[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_domain_packages_import_no_web_or_database_layer():
    graph = import_graph(QUIZ, "quiz")
    files = module_files(QUIZ, "quiz")
    packages = [name for name in DOMAIN_PACKAGES if (QUIZ / name).is_dir()]
    assert {"banks", "scoring", "drafting", "scheduling"} <= set(packages)
    problems = []
    for name in sorted(files):
        if name.split(".")[1:2] and name.split(".")[1] in packages:
            for module in sorted(reachable(graph, name)):
                bad = external_imports(files[module]) & set(FORBIDDEN)
                if module == "quiz.models" or bad:
                    problems.append(f"{name} reaches {module} {sorted(bad)}")
    assert not problems, "\n".join(problems)


def test_plain_modules_import_no_web_or_database_layer():
    files = module_files(QUIZ, "quiz")
    graph = import_graph(QUIZ, "quiz")
    for name in PLAIN_MODULES:
        assert not external_imports(files[name]) & set(FORBIDDEN), name
        assert "quiz.models" not in graph[name], name


def test_no_feature_imports_another_features_views():
    graph = import_graph(QUIZ, "quiz")
    problems = [
        f"{name} imports {target}"
        for name, targets in graph.items()
        for target in targets
        if target.rpartition(".")[2].endswith("routes")
        and name.split(".")[:2] != target.split(".")[:2]
    ]
    assert not problems, "\n".join(problems)


def test_the_layer_checks_see_a_violation(tmp_path):
    pkg = tmp_path / "quiz"
    for folder in ("banks", "practice", "review"):
        (pkg / folder).mkdir(parents=True)
        (pkg / folder / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "models.py").write_text("import sqlalchemy\n")
    (pkg / "banks" / "model.py").write_text("def f():\n    from quiz import models\n")
    (pkg / "practice" / "routes.py").write_text("import flask\n")
    (pkg / "review" / "routes.py").write_text("from quiz.practice.routes import x\n")
    graph = import_graph(pkg, "quiz")
    assert "quiz.models" in reachable(graph, "quiz.banks.model")
    assert external_imports(pkg / "models.py") == {"sqlalchemy"}
    assert "quiz.practice.routes" in graph["quiz.review.routes"]


def test_no_two_modules_define_the_same_constant():
    """One place per constant (``CHOICE_KINDS`` was defined twice): module-level public
    UPPER_CASE names are unique across quiz/ (a module's private ``_NAME`` is its own)."""
    owners: dict[str, list[str]] = {}
    for name, path in module_files(QUIZ, "quiz").items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign):
                targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                targets = [node.target.id]
            else:
                continue
            for target in targets:
                if target.isupper() and len(target) > 1 and not target.startswith("_"):
                    owners.setdefault(target, []).append(name)
    assert len(owners) > 100  # the walk read the constants
    repeated = {name: where for name, where in owners.items() if len(where) > 1}
    assert not repeated, repeated
