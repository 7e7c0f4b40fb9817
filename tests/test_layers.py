"""The package's folders are its layers, and imports only point down.

Every module's imports (module level, inside functions and under ``TYPE_CHECKING`` alike) are
read from its source. A circle between modules, or an import from a lower floor into a higher
one, fails here: that is what keeps the pure core free of sessions and sockets, and a change to
one judgement in one place.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "responder"

# Bottom up. Top-level modules (configuration, errors, absence, logs, secrets) are the ground floor.
FLOORS = ("", "mail", "judge", "compose", "adapters", "returnday", "service", "cli")
ENTRY_POINTS = {"responder.__main__"}


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module → the package's modules it imports, resolved to the longest existing module name."""
    sources = {module_name(p, root): p for p in root.rglob("*.py")}
    top = root.name

    def resolve(name: str) -> str | None:
        while name:
            if name in sources:
                return name
            name = name.rpartition(".")[0]
        return None

    graph: dict[str, set[str]] = {}
    for name, path in sources.items():
        found: set[str] = set()
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{a.name}" for a in node.names] + [base]
            else:
                continue
            for target in targets:
                if target == top or target.startswith(top + "."):
                    resolved = resolve(target)
                    if resolved and resolved != name:
                        found.add(resolved)
                        break
        graph[name] = found
    return graph


def floor_of(module: str) -> int:
    parts = module.split(".")
    if len(parts) < 3 and (len(parts) == 1 or parts[1] not in FLOORS):
        return 0
    return FLOORS.index(parts[1])


def upward_imports(graph: Mapping[str, set[str]]) -> list[str]:
    return sorted(f"{m} (floor {floor_of(m)}) imports {t} (floor {floor_of(t)})"
                  for m, targets in graph.items() if m.split(".")[-1] not in ("__main__",) and m not in ENTRY_POINTS
                  for t in targets if floor_of(t) > floor_of(m))


def circles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_module_sits_on_a_known_floor() -> None:
    graph = import_graph()
    assert "responder.service.pipeline" in graph, "the package was not found"
    stray = [m for m in graph if m.count(".") >= 2 and m.split(".")[1] not in FLOORS]
    assert not stray, stray


def test_imports_only_point_down_a_floor_or_stay_on_it() -> None:
    assert upward_imports(import_graph()) == []


def test_no_import_circle() -> None:
    assert circles(import_graph()) == []


def _write(root: Path, files: Mapping[str, str]) -> Path:
    package = root / "responder"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_the_checks_see_a_circle_and_an_upward_import(tmp_path: Path) -> None:
    package = _write(tmp_path, {
        "__init__.py": "",
        "mail/__init__.py": "",
        "mail/a.py": "def f():\n    from responder.mail import b\n",
        "mail/b.py": "from . import a\n",
        "judge/__init__.py": "",
        "judge/c.py": "from responder.mail.a import f\n",
        "cli/__init__.py": "",
        "cli/d.py": "import responder.judge.c\n",
    })
    graph = import_graph(package)
    assert circles(graph) == [["responder.mail.a", "responder.mail.b"]]
    assert upward_imports(graph) == []
    (package / "mail" / "b.py").write_text("from responder.cli import d\n", encoding="utf-8")
    upward = upward_imports(import_graph(package))
    assert upward == ["responder.mail.b (floor 1) imports responder.cli.d (floor 7)"]


@pytest.mark.parametrize("module, floor", [("responder.config", 0), ("responder.mail.mime.body", 1),
                                           ("responder.cli.main", 7), ("responder.adapters.store.queries", 4)])
def test_floors_are_read_from_the_folder(module: str, floor: int) -> None:
    assert floor_of(module) == floor


# Outside the store package a session is only passed along: queries are named functions of the store.
QUERY_BUILDERS = {"select", "insert", "update", "delete", "text", "func", "bindparam", "inspect", "and_", "or_"}
SESSION_CALLS = {"execute", "scalars", "scalar", "query", "get", "add", "add_all", "delete", "merge", "flush"}
STORE = "responder.adapters.store"


def queries_outside_the_store(root: Path = PACKAGE) -> list[str]:
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        name = module_name(path, root)
        if name == STORE or name.startswith(STORE + "."):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
                found += [f"{name}:{node.lineno} imports {a.name}" for a in node.names if a.name in QUERY_BUILDERS]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SESSION_CALLS
                  and isinstance(node.func.value, ast.Name) and node.func.value.id == "session"):
                found.append(f"{name}:{node.lineno} calls session.{node.func.attr}")
    return found


def test_no_query_or_sql_outside_the_store_package() -> None:
    assert queries_outside_the_store() == []


def test_the_query_check_sees_a_query(tmp_path: Path) -> None:
    package = _write(tmp_path, {
        "__init__.py": "",
        "service/__init__.py": "",
        "service/p.py": "from sqlalchemy import select\n\ndef f(session):\n    return session.scalars(select(1))\n",
        "adapters/__init__.py": "",
        "adapters/store/__init__.py": "",
        "adapters/store/q.py": "from sqlalchemy import select\n\ndef f(session):\n    return session.scalars(select(1))\n",
    })
    assert queries_outside_the_store(package) == ["responder.service.p:1 imports select",
                                                  "responder.service.p:4 calls session.scalars"]


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def oversized(root: Path = PACKAGE) -> list[str]:
    """Modules and functions past the sizes a reader takes in at once."""
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = module_name(path, root)
        if len(text.splitlines()) > MAX_MODULE_LINES:
            found.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{name}.{node.name}: {length} lines")
    return found


def test_no_module_over_400_lines_and_no_function_over_60() -> None:
    assert oversized() == []


def test_the_size_check_sees_a_long_function(tmp_path: Path) -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(61))
    package = _write(tmp_path, {"__init__.py": "", "mail/__init__.py": "", "mail/long.py": f"def f():\n{body}"})
    assert oversized(package) == ["responder.mail.long.f: 62 lines"]
