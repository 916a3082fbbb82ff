"""The package's shape holds: the import contracts in pyproject.toml, and no import cycle anywhere.

A new import that climbs a layer (say, feedback importing moderation) or closes a circle fails here, with the
chain of imports that does it.
"""

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept():
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_no_module_imports_itself_through_others():
    """Imports inside functions count too: a cycle there still ties the modules together."""
    graph = grimp.build_graph("consult", include_external_packages=False)
    cycles = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.add(" -> ".join([module, *back]))

    assert sorted(cycles) == []
