"""The repository's promises about itself: pinned dependencies written once for `pip` and
once for `sam build`, and a README that starts with the two commands that matter."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PINNED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?==[0-9][A-Za-z0-9.+!-]*$")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirements(path: str = "functions/requirements.txt") -> list[str]:
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def _normal(requirement: str) -> str:
    name, _, version = requirement.partition("==")
    return re.sub(r"[-_.]+", "-", name.strip().lower()) + "==" + version.strip()


def test_lambda_requirements_are_exactly_the_project_dependencies():
    dependencies = _pyproject()["project"]["dependencies"]
    assert dependencies
    assert sorted(map(_normal, _requirements())) == sorted(map(_normal, dependencies))
    assert len(_requirements()) == len(set(map(_normal, _requirements())))


def test_the_verifier_image_installs_the_verifier_extra():
    """The image's file holds the extra's pins (OpenCV as its headless build, the same
    version) and every dependency of rapidocr-onnxruntime, which it installs without them."""
    from importlib.metadata import requires

    image = dict(_normal(r).split("==") for r in _requirements(
        "functions/documents/requirements.txt"))
    extra = dict(_normal(r).split("==") for r in _pyproject()["project"][
        "optional-dependencies"]["verifier"])
    extra["opencv-python-headless"] = extra.pop("opencv-python")
    assert {name: image.get(name) for name in extra} == extra
    wanted = {re.split(r"[<>=!;\[ ]", r, maxsplit=1)[0] for r in requires("rapidocr-onnxruntime")}
    wanted = {_normal(n).removesuffix("==") for n in wanted} - {"opencv-python"}
    functions = {_normal(r).split("==")[0] for r in _requirements()}  # Pillow, PyYAML
    assert wanted - set(image) - functions == set()
    dockerfile = (ROOT / "functions" / "documents" / "Dockerfile").read_text(encoding="utf-8")
    assert "--no-deps" in dockerfile and "documents/requirements.txt" in dockerfile


def test_every_dependency_is_pinned():
    project = _pyproject()["project"]
    everything = list(project["dependencies"])
    for group in project.get("optional-dependencies", {}).values():
        everything += group
    assert everything
    unpinned = [d for d in everything if not PINNED.match(d.replace(" ", ""))]
    assert unpinned == []
    assert all(PINNED.match(r) for r in _requirements())
    assert all(PINNED.match(r) for r in _requirements("functions/documents/requirements.txt"))


def test_the_lambda_dependencies_leave_dev_tools_out():
    names = {_normal(d).split("==")[0].split("[")[0] for d in _requirements()}
    assert not names & {"pytest", "moto", "werkzeug", "mkdocs", "playwright", "ruff",
                        "aws-sam-cli", "boto3-stubs"}


def _readme_commands(text: str) -> list[str]:
    """Command lines of the README's fenced code blocks, in order."""
    commands: list[str] = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, re.M | re.S):
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("$ "):
                line = line[2:].strip()
            if line and not line.startswith("#"):
                commands.append(line)
    return commands


def test_readme_starts_with_make_dev_and_make_test():
    readme = ROOT / "README.md"
    assert readme.is_file(), "README.md is missing"
    commands = _readme_commands(readme.read_text(encoding="utf-8"))
    assert [re.split(r"\s+#", c)[0].strip() for c in commands[:2]] == ["make dev", "make test"]


def test_makefile_has_the_readme_targets():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("dev", "test"):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_readme_command_parser():
    text = "# Gerbang\n\n```sh\n$ make dev   # run it\n```\n\nThen\n\n```\nmake test\n```\n"
    assert _readme_commands(text) == ["make dev   # run it", "make test"]
