"""Builds Quarry's C ABI with SwiftPM and bundles it, with Rules/, into the package.

`pip install ./python` runs this: `swift build -c release --product QuarryC` in the
repository (the folder above this one), then copies `libQuarryC.so` to `quarry/lib/` and the
repository's `Rules/` to `quarry/Rules/`. Set QUARRY_SWIFT_BUILD=0 to skip the build and use
an existing `.build/release/libQuarryC.so`.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


class BuildWithSwift(build_py):
    def run(self):
        if os.environ.get("QUARRY_SWIFT_BUILD", "1") != "0":
            if shutil.which("swift") is None:
                raise SystemExit("quarry: the Swift toolchain is needed to build the library (swift not found on PATH)")
            subprocess.run(["swift", "build", "-c", "release", "--product", "QuarryC"], cwd=REPO, check=True)
        bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=REPO, check=True,
                                  capture_output=True, text=True).stdout.strip() if shutil.which("swift") else str(REPO / ".build" / "release")
        library = Path(bin_path) / "libQuarryC.so"
        if not library.exists():
            raise SystemExit(f"quarry: {library} was not built")
        package = HERE / "src" / "quarry"
        (package / "lib").mkdir(exist_ok=True)
        shutil.copy2(library, package / "lib" / "libQuarryC.so")
        rules = package / "Rules"
        if rules.exists():
            shutil.rmtree(rules)
        shutil.copytree(REPO / "Rules", rules, ignore=shutil.ignore_patterns("bench", "*.swift"))
        super().run()


def library_version() -> str:
    """The version written once, in Sources/Quarry/Quarry.swift (`quarryVersion`)."""
    source = (REPO / "Sources" / "Quarry" / "Quarry.swift").read_text(encoding="utf-8")
    found = re.search(r'public let quarryVersion = "([^"]+)"', source)
    if found is None:
        raise SystemExit("quarry: cannot find quarryVersion in Sources/Quarry/Quarry.swift")
    return found.group(1)


setup(version=library_version(), cmdclass={"build_py": BuildWithSwift})
