"""Folders shipped with responder that live outside the Python package in the repository.

The repository keeps ``migrations/`` and ``templates/`` at its top level; the wheel maps them to
``responder/_migrations`` and ``responder/_templates`` (``force-include`` in pyproject.toml).
Both layouts are found through ``importlib.resources``, never relative to the working directory,
so responder behaves the same from a wheel, an editable install or a source checkout.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled_folder(packaged: str, source: str, marker: str) -> Path | None:
    """``responder/<packaged>`` in a wheel, else ``<repo>/<source>`` in a checkout; None if neither.

    A folder counts only when it holds ``marker`` (a file every release ships), so an unrelated
    ``templates/`` folder next to an installed package is never mistaken for ours.
    """
    package = Path(str(resources.files("responder")))
    for folder in (package / packaged, package.parent / source):
        if (folder / marker).is_file():
            return folder
    return None
