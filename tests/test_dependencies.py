"""Every third-party package the code imports is declared in pyproject.toml, not merely installed by another one."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_PARTY = {"consult", "config"}


def normalised(name):
    """Return a distribution name as PEP 503 compares them (Flask-Login, flask_login and flask.login meet)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules():
    """Return {top-level module: first file importing it} over consult/ and config.py, lazy imports included."""
    modules = {}
    for path in sorted([*ROOT.joinpath("consult").rglob("*.py"), ROOT / "config.py"]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                modules.setdefault(name.partition(".")[0], str(path.relative_to(ROOT)))
    return modules


def declared_distributions():
    """Return the normalised names of [project].dependencies."""
    project = tomllib.loads(ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {normalised(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line).group()) for line in project["dependencies"]}


def test_every_third_party_import_is_a_declared_dependency():
    installed = packages_distributions()
    declared = declared_distributions()
    problems = []
    for module, path in sorted(imported_modules().items()):
        if module in FIRST_PARTY or module in sys.stdlib_module_names:
            continue
        distributions = installed.get(module)
        if not distributions:
            problems.append(f"{module} (imported by {path}) is not installed at all")
        elif not declared & {normalised(name) for name in distributions}:
            problems.append(f"{module} (imported by {path}) comes from {', '.join(distributions)}, not declared")
    assert not problems, "add to [project].dependencies in pyproject.toml:\n" + "\n".join(problems)


def test_the_walk_finds_the_imports_it_checks():
    modules = imported_modules()
    assert {"flask", "sqlalchemy", "numpy", "scipy", "limits"} <= set(modules)
    assert normalised("Flask_Login") == normalised("flask.login") == "flask-login"
