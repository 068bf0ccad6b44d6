"""The map of the code holds: imports go down the layers only, nothing imports the window or
the commands, modules import no cycle, and every package's __init__ is a face (a docstring
and re-exports). Read from the source with ast, imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "censorwatch"

# Lower layers first: a module may import its own package and packages of a lower layer.
LAYERS = [
    {
        "censorwatch",
        "vocabulary",
        "localtime",
        "translation",
        "since",
        "helppages",
        "measurement",
        "resources",
        "applog",
        "health",
        "scratch",
        "gcpause",
        "provider",  # reads resources and its own table; the store and the engine use it
    },
    {"probes", "lab"},
    {"diagnosis", "catalog"},
    {"store", "engine"},
    {"export", "desktop", "service"},
    {"ui"},
    {"cli"},  # the command line opens the window when no command is given
    {"__main__"},
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}
MAX_LINES = 400  # a module longer than this must hold one job only (named in ONE_JOB)
ONE_JOB = {
    "censorwatch.ui.window",  # the main window's behaviour; its parts live beside it
    "censorwatch.lab.reference",  # the reference suite's table: one row per OONI case
}


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The censorwatch modules `name` imports."""
    is_package = path.name == "__init__.py"
    here = name if is_package else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("censorwatch"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("censorwatch"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    return {m for m in found if m in known and m != name}


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, set(known)) for name, path in known.items()}


def test_imports_go_down_the_layers(graph):
    wrong = []
    for module, targets in graph.items():
        mine = package_of(module)
        assert mine in RANK, f"{module}: add its package to LAYERS"
        for target in targets:
            theirs = package_of(target)
            if (mine, theirs) == ("__main__", "cli"):
                continue  # `python -m censorwatch`
            if theirs != mine and RANK[theirs] > RANK[mine]:
                wrong.append(f"{module} imports {target}")
            if theirs != mine and RANK[theirs] == RANK[mine] and theirs in ("ui", "cli"):
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_no_import_cycles(graph):
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


def test_the_layer_test_sees_a_cycle_and_a_wrong_way_import():
    known = {"censorwatch.store.a", "censorwatch.store.b", "censorwatch.ui.w"}
    a = ast.parse("from .b import x\nfrom ..ui import w")
    b = ast.parse("def f():\n    from . import a")
    g = {}
    for name, tree in (("censorwatch.store.a", a), ("censorwatch.store.b", b)):
        path = PACKAGE / "store" / f"{name.rsplit('.', 1)[1]}.py"
        source = ast.unparse(tree)
        fake = type("P", (), {"name": path.name, "read_text": lambda self, s=source, **k: s})()
        g[name] = imports(name, fake, known)
    assert g["censorwatch.store.a"] == {"censorwatch.store.b", "censorwatch.ui.w"}
    assert g["censorwatch.store.b"] == {"censorwatch.store.a"}


def test_package_faces_hold_a_docstring_and_re_exports_only():
    for init in PACKAGE.rglob("__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        body = tree.body
        assert body and isinstance(body[0], ast.Expr), f"{init}: no docstring"
        for node in body[1:]:
            allowed = isinstance(node, ast.ImportFrom | ast.Import) or (
                isinstance(node, ast.Assign)
                and [t.id for t in node.targets if isinstance(t, ast.Name)]
                in (["__all__"], ["__version__"])
            )
            assert allowed, f"{init}:{node.lineno}: an __init__ is a face, not a room"


def test_long_modules_hold_one_job():
    long = []
    for name, path in modules().items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and name not in ONE_JOB:
            long.append(f"{name}: {lines} lines")
    assert long == []


def test_the_map_of_the_code_is_current():
    import runpy

    render = runpy.run_path(str(SRC.parent / "tools" / "code_map.py"))["render"]
    written = (SRC.parent / "docs" / "code-map.md").read_text(encoding="utf-8")
    assert written == render(), "run: python tools/code_map.py > docs/code-map.md"


def test_the_contracts_words_are_defined_once():
    # A tuple, list or set of all the contract's words of one kind (statuses, techniques,
    # failed or timed steps, network states, resolver states, regions) anywhere but
    # censorwatch/vocabulary.py is a second definition: it drifts (five copies of the
    # statuses had). A rule naming some of them (`status in ("ok", "degraded")`) is not.
    from censorwatch import vocabulary

    groups = {
        "statuses": set(vocabulary.STATUSES),
        "techniques": set(vocabulary.TECHNIQUES),
        "failed steps": set(vocabulary.FAILED_STEPS),
        "timed steps": set(vocabulary.TIMED_STEPS),
        "network states": set(vocabulary.NETWORK_STATES),
        "resolver states": set(vocabulary.RESOLVER_STATES),
        "regions": set(vocabulary.REGIONS),
    }
    found = []
    for name, path in modules().items():
        if name == "censorwatch.vocabulary":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Tuple | ast.List | ast.Set):
                continue
            words = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if len(words) != len(node.elts) or len(words) < 2:
                continue
            for group, vocabulary_words in groups.items():
                if set(words) == vocabulary_words:
                    found.append(f"{name}:{node.lineno}: {group} {words}")
    assert found == []


def test_the_history_does_not_import_the_prober():
    # `censorwatch history`, `export` and `import` read the store: they need no network
    # libraries (httpx, dnspython, h11, cryptography cost half a second to import).
    import subprocess
    import sys

    code = (
        "import sys, censorwatch.store, censorwatch.export\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'httpx', 'dns', 'h11', 'cryptography'}))\n"
        "print(sorted(m for m in sys.modules if m.startswith('censorwatch.probes')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[]", "[]"], done.stdout
