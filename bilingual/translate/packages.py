"""Installed Argos Translate packages: find, list, install (from a file or the Argos index).

A package is a directory ``<packages_dir>/<name>/`` holding ``metadata.json``, a CTranslate2
``model/`` directory and ``sentencepiece.model`` (an ``.argosmodel`` file is a zip of that
directory). Listing and finding read ``metadata.json`` directly, so they never import
``argostranslate`` (whose settings module creates directories at import).

The network is used only by :func:`install_from_index`. The work is split along these seams
(every public name is importable from here):

* :mod:`bilingual.translate.package_list` — :class:`InstalledPackage`, the packages folder,
  listing and finding;
* :mod:`bilingual.translate.package_install` — checking and installing an ``.argosmodel`` file;
* :mod:`bilingual.translate.package_index` — the Argos index and the download.

Why not ``argostranslate.package`` for the index, download and install (read in
argos-translate-lt 1.12.1; the format, the index URL and the packages folder are the same, so
packages installed either way are shared — the tests install with
``argostranslate.package.install_from_path`` and this module finds them):

* importing ``argostranslate.settings`` creates folders and freezes the environment at import;
* offline, ``get_available_packages()`` recurses without end (``update_package_index()`` swallows
  the network error, the index file stays missing, and it calls itself again);
* ``AvailablePackage.download()`` has no progress hook and writes to a global downloads folder;
* ``install_from_path()`` extracts the archive as it is: members with ``..`` or absolute paths
  land outside the packages folder, and a broken archive is left half-installed.

Damaged input answers one :class:`ModelError` line and installs nothing (no folder is left
behind, not even the packages folder if this call created it): a member whose data fails its
CRC or does not decompress, an encrypted member, a compression method this Python cannot
unpack, a ``metadata.json`` over :data:`MAX_METADATA_BYTES` or that is not a JSON object with
string ``from_code``/``to_code``; an index that is not a JSON list, or whose entry for the pair
lacks a ``links`` list of http(s) URLs.
"""

from __future__ import annotations

from .package_index import install_from_index
from .package_install import MAX_METADATA_BYTES, MAX_UNPACKED_BYTES, install_from_file
from .package_list import (
    INDEX_PAGE,
    INDEX_URL,
    DownloadProgress,
    InstalledPackage,
    default_packages_dir,
    find_package,
    how_to_install,
    list_packages,
)

__all__ = [
    "InstalledPackage",
    "default_packages_dir",
    "list_packages",
    "find_package",
    "install_from_file",
    "install_from_index",
    "how_to_install",
    "INDEX_URL",
    "INDEX_PAGE",
    "DownloadProgress",
    "MAX_UNPACKED_BYTES",
    "MAX_METADATA_BYTES",
]
