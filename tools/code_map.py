"""The map of the code, one line per module, from the first sentence of each module's
docstring: `python tools/code_map.py > docs/code-map.md` (a test keeps the two equal)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "censorwatch"
HEADER = """# The map of the code

One line per module: which room holds what. Layers, from the bottom: contracts and the
process's own helpers; `probes` and `lab`; `diagnosis` and `catalog`; `store` and `engine`;
`export`, `desktop` and `service`; `ui`; `cli` (tests/test_layers.py keeps imports going
down). Written by `python tools/code_map.py > docs/code-map.md` from each module's docstring.
"""


def first_sentence(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    paragraph = " ".join(doc.split("\n\n")[0].split())
    match = re.match(r"(.+?\.)(\s|$)", paragraph)
    return (match.group(1) if match else paragraph).rstrip(":.") + "."


def render() -> str:
    lines = [HEADER]
    current = None
    for path in sorted(PACKAGE.rglob("*.py"), key=lambda p: (p.parent.as_posix(), p.name)):
        relative = path.relative_to(PACKAGE.parent)
        folder = relative.parent.as_posix()
        if folder != current:
            current = folder
            lines.append(f"\n## `{folder}/`\n")
        lines.append(f"- `{relative.name}`: {first_sentence(path)}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
