"""No import cycles in quiz/: every module's imports, including those inside functions.

The graph is read with ``ast`` (nothing is imported), so an import tucked inside a
function to dodge a cycle at import time still counts as the cycle it is.

Importing ``quiz.practice.serving`` runs ``quiz/practice/__init__.py`` first, so it
counts as importing the package ``quiz.practice`` too. One kind of edge is left out:
a module importing its own package (``from quiz.practice
import bp`` in ``quiz/practice/routes.py``). Python initialises a package before any of
its modules, so that import is always there implicitly; counting it would flag every
package whose ``__init__`` registers its routes (the blueprint layout).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import PROJECT_DIR


def module_files(package_dir: Path, package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` file under ``package_dir``."""
    modules = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [package, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """``name`` or its nearest enclosing module that is one of ``modules``."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules among ``modules`` that ``name`` imports, anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(_known(alias.name, modules) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else _known(base, modules))
    with_packages = set(found)
    for target in found:
        while target:  # importing a.b.c initialises the packages a.b and a first
            target = target.rpartition(".")[0]
            if target in modules:
                with_packages.add(target)
    return {
        target
        for target in with_packages
        if target is not None and target != name and not name.startswith(target + ".")
    }


def import_graph(package_dir: Path, package: str) -> dict[str, set[str]]:
    modules = module_files(package_dir, package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (``[a, b, ..., a]``) per back edge met in a depth-first walk."""
    cycles: list[list[str]] = []
    state: dict[str, str] = {}  # "open" while on the current path, then "done"
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def test_quiz_has_no_import_cycles():
    graph = import_graph(PROJECT_DIR / "quiz", "quiz")
    assert len(graph) > 30  # every module was read, not an empty walk
    assert "quiz.review.queue" in graph["quiz.practice.serving"]
    cycles = find_cycles(graph)
    assert not cycles, "import cycles in quiz/:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_cycle_finder_sees_imports_inside_functions(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from pkg.sub import b  # the package's own module\n")
    (pkg / "a.py").write_text("def late():\n    from pkg.sub.b import thing\n    return thing\n")
    (pkg / "sub" / "b.py").write_text("from .. import a\nfrom pkg.sub import c\nthing = 1\n")
    (pkg / "sub" / "c.py").write_text("import pkg.sub\n")  # its own package: not an edge

    graph = import_graph(pkg, "pkg")

    assert graph == {
        "pkg": set(),
        "pkg.a": {"pkg.sub", "pkg.sub.b"},
        "pkg.sub": {"pkg.sub.b"},
        "pkg.sub.b": {"pkg.a", "pkg.sub.c"},
        "pkg.sub.c": set(),
    }
    assert find_cycles(graph) == [["pkg.a", "pkg.sub", "pkg.sub.b", "pkg.a"]]


def test_cycle_finder_passes_a_graph_without_cycles():
    assert find_cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []
