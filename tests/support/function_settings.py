"""Start each function of template.yaml in this process, twice: first with none of its own
variables, then with exactly those the template gives it (placeholders for resources), and
print what happened as JSON. Run in a fresh interpreter from the project's root, as
`python -m tests.support.function_settings` (tests/unit/test_function_settings.py does):
settings are read once per process, when a handler's module is imported.

    {"SubmitFunction": {"refused": "SubmitSettings cannot start: TABLE_NAME is not set; ...",
                        "variables": ["TABLE_NAME", ...]}, ...}
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "functions"))  # as in Lambda: the code folder is the root

from gerbang.config import variables  # noqa: E402

from local.functions import load_functions  # noqa: E402
from local.intrinsics import placeholders  # noqa: E402
from local.resources import parameters  # noqa: E402
from local.template import load_template  # noqa: E402


def main() -> None:
    template = load_template(ROOT / "template.yaml")
    shared = template["Globals"]["Function"]["Environment"]["Variables"]
    functions, _, _ = load_functions(template, placeholders(parameters(template, {})), ROOT)
    base = dict(os.environ)
    report = {}
    for logical, function in functions.items():
        module = function.handler.rpartition(".")[0]
        own = {k: v for k, v in function.environment.items() if k not in shared}
        os.environ.clear()
        os.environ.update({k: v for k, v in base.items() if k not in own})
        try:
            importlib.import_module(module)
            refused = None
        except RuntimeError as error:  # the module is left out of sys.modules: importable again
            refused = str(error)
        os.environ.update(function.environment)
        started = importlib.import_module(module)
        report[logical] = {"refused": refused, "variables": variables(type(started.SETTINGS))}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
