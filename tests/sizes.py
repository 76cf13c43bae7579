"""Module and function sizes: no module over MAX_MODULE lines, no function over MAX_FUNCTION.

    python tests/sizes.py            # list what is over, and the largest of each
Small modules with one job and short functions are a project rule (the developers' guide);
tests/unit/test_sizes.py keeps it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE = 600
MAX_FUNCTION = 80


def module_sizes(root: Path = ROOT / "kpidsl") -> dict[str, int]:
    return {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in sorted(root.rglob("*.py"))}


def function_sizes(root: Path = ROOT / "kpidsl") -> dict[str, int]:
    out: dict[str, int] = {}
    for p in sorted(root.rglob("*.py")):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
                out[f"{p.relative_to(ROOT).as_posix()}:{node.lineno} {node.name}"] = node.end_lineno - node.lineno + 1
    return out


def main() -> int:
    modules, functions = module_sizes(), function_sizes()
    big_modules = {k: v for k, v in modules.items() if v > MAX_MODULE}
    big_functions = {k: v for k, v in functions.items() if v > MAX_FUNCTION}
    for name, size in sorted(modules.items(), key=lambda kv: -kv[1])[:8]:
        print(f"{size:5} {name}")
    print("...")
    for name, size in sorted(functions.items(), key=lambda kv: -kv[1])[:5]:
        print(f"{size:5} {name}")
    for name, size in big_modules.items():
        print(f"module over {MAX_MODULE} lines: {name} ({size})")
    for name, size in big_functions.items():
        print(f"function over {MAX_FUNCTION} lines: {name} ({size})")
    return 1 if big_modules or big_functions else 0


if __name__ == "__main__":
    sys.exit(main())
