"""How big each kind of function is once installed on Lambda (arm64, Python 3.12): the zip
functions' packages (functions/requirements.txt) and the verifier's image (those plus
functions/documents/requirements.txt), as pip resolves them for that platform. Wheels are
fetched from the package index once into a cache; sizes are the unpacked files, which is
what Lambda's 250 MB limit for a zip counts."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "gerbang-lambda-wheels"
ZIP_LIMIT_MB = 250
PLATFORM = ["--platform", "manylinux2014_aarch64", "--platform", "manylinux_2_28_aarch64",
            "--python-version", "3.12", "--implementation", "cp", "--only-binary=:all:"]


def _download(into: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(into),
                    *PLATFORM, *args], check=True, capture_output=True)


def _wheels(requirements: list[Path], into: Path) -> list[Path]:
    """As the Dockerfile installs them: rapidocr-onnxruntime without its dependencies
    (which would bring OpenCV's GUI build), everything else resolved."""
    into.mkdir(parents=True, exist_ok=True)
    pins = [line.split("#", 1)[0].strip() for r in requirements
            for line in r.read_text(encoding="utf-8").splitlines()]
    alone = [p for p in pins if p.startswith("rapidocr-onnxruntime")]
    rest = into / "requirements.txt"
    rest.write_text("\n".join(p for p in pins if p and p not in alone), encoding="utf-8")
    _download(into, "-r", str(rest))
    if alone:
        _download(into, "--no-deps", *alone)
    return sorted(into.glob("*.whl"))


def _unpacked(wheel: Path) -> int:
    with zipfile.ZipFile(wheel) as archive:
        return sum(member.file_size for member in archive.infolist())


def _code() -> int:
    """functions/ itself: the shared package, the handlers and their compiled data."""
    return sum(p.stat().st_size for p in (ROOT / "functions").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.name != "Dockerfile")


def measure() -> list[dict[str, object]]:
    functions = ROOT / "functions" / "requirements.txt"
    verifier = ROOT / "functions" / "documents" / "requirements.txt"
    rows = []
    for label, requirements, cache in (
            ("zip functions", [functions], CACHE / "zip"),
            ("verifier image", [functions, verifier], CACHE / "verifier")):
        wheels = _wheels(requirements, cache)
        sizes = sorted(((_unpacked(w), w.name.split("-")[0]) for w in wheels), reverse=True)
        total = sum(size for size, _ in sizes) + _code()
        rows.append({"package": label, "wheels": len(wheels),
                     "installed_mb": total / 1e6,
                     "largest": ", ".join(f"{name} {size / 1e6:.0f}" for size, name in sizes[:4]),
                     "fits_a_zip": total / 1e6 < ZIP_LIMIT_MB})
    return rows
