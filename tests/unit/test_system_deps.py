"""`make test` installs from Debian only the tools that are missing. Each case runs the
install step (scripts/system_deps.sh) with a PATH holding only the tools of that case and an
apt-get that writes down what it was asked for."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system_deps.sh"
TOOLS = {"chromium": "chromium", "node": "nodejs", "npm": "npm"}  # command -> Debian package


def _run(tmp_path: Path, present: set[str], apt_fails: bool = False, nodesource: bool = False,
         font: bool = True) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    for tool in present:
        (bin_dir / tool).write_text("#!/bin/sh\nexit 0\n")
    # On a NodeSource machine apt-get refuses Debian's npm beside the node that bundles npm.
    (bin_dir / "apt-get").write_text(
        f'#!/bin/sh\necho "$@" >> {log}\n'
        f'case " $* " in *" npm "*) {"exit 100" if nodesource else ":"};; esac\n'
        f'{"exit 100" if apt_fails else "exit 0"}\n')
    (bin_dir / "sudo").write_text('#!/bin/sh\nexec "$@"\n')
    (bin_dir / "id").symlink_to(shutil.which("id") or "/usr/bin/id")
    for path in bin_dir.iterdir():
        path.chmod(0o755)
    font_file = tmp_path / "OCRB.otf"
    if font:
        font_file.write_bytes(b"OTTO")
    done = subprocess.run(["/bin/sh", str(SCRIPT)],
                          env={**os.environ, "PATH": str(bin_dir), "OCRB_FONT": str(font_file)},
                          capture_output=True, text=True, check=False)
    asked = log.read_text().splitlines() if log.exists() else []
    return done, asked


@pytest.mark.parametrize("present", [set(c) for n in range(len(TOOLS) + 1)
                                     for c in itertools.combinations(TOOLS, n)],
                         ids=lambda p: "+".join(sorted(p)) or "none")
def test_only_the_missing_tools_are_installed(tmp_path: Path, present: set[str]):
    # Given a machine with only `present` of chromium, node and npm
    done, asked = _run(tmp_path, present)
    # Then the step succeeds and asks Debian for exactly the missing ones, or for nothing
    assert done.returncode == 0, done.stderr
    missing = [TOOLS[t] for t in TOOLS if t not in present]
    if not missing:
        assert asked == []
        return
    assert asked[0] == "update -qq"
    installed = asked[1].split()
    assert installed[:3] == ["install", "-y", "-qq"]
    assert sorted(installed[3:]) == sorted(missing)


def test_a_nodesource_machine_never_asks_for_npm(tmp_path: Path):
    # Given node and npm from NodeSource, and no chromium (the machine of the bug report)
    done, asked = _run(tmp_path, {"node", "npm"}, nodesource=True)
    # Then only chromium is asked for: Debian's npm would be refused beside that node
    assert done.returncode == 0
    assert asked[1].split()[3:] == ["chromium"]


def test_a_failed_install_fails_the_step(tmp_path: Path):
    done, _ = _run(tmp_path, set(), apt_fails=True)
    assert done.returncode != 0


def test_a_missing_ocr_b_font_is_installed(tmp_path: Path):
    # Given every tool but not the OCR-B font the synthetic passports are printed in
    done, asked = _run(tmp_path, set(TOOLS), font=False)
    # Then only Debian's font package is asked for
    assert done.returncode == 0, done.stderr
    assert asked[1].split()[3:] == ["fonts-ocr-b"]
