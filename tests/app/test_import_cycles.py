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

from tests.app.import_graph import find_cycles, import_graph
from tests.conftest import PROJECT_DIR


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
