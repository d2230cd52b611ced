"""Shared fixtures: the tiny test-double Argos package, isolated user directories, the sample.

No test ever touches the user's real directories: before collection, ``pytest_configure``
points XDG_DATA_HOME / XDG_CONFIG_HOME / XDG_CACHE_HOME (read by ``argostranslate.settings``
at import and by platformdirs), ARGOS_PACKAGES_DIR and BILINGUAL_CACHE_DIR at a temporary
folder, removed at the end of the session. The tiny package (see :mod:`tiny_argos`, a test
double, not a real translator) is installed into that ARGOS_PACKAGES_DIR once per session
by the autouse fixture, so code that looks for "the installed ru→en package" finds it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tiny_argos import build_tiny_argosmodel  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "seeds" / "2025-10-09-putin-aliyev-dushanbe.ru.txt"

_ENV_KEYS = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "ARGOS_PACKAGES_DIR", "BILINGUAL_CACHE_DIR")
_saved_env: dict[str, str | None] = {}
_base: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Isolate every user directory before any test module is imported."""
    global _base
    if _base is not None:
        return
    _base = Path(tempfile.mkdtemp(prefix="bilingual-tests-"))
    values = {
        "XDG_DATA_HOME": _base / "data",
        "XDG_CONFIG_HOME": _base / "config",
        "XDG_CACHE_HOME": _base / "xdg-cache",
        "ARGOS_PACKAGES_DIR": _base / "argos-packages",
        "BILINGUAL_CACHE_DIR": _base / "bilingual-cache",
    }
    for key, path in values.items():
        _saved_env[key] = os.environ.get(key)
        path.mkdir(parents=True, exist_ok=True)
        os.environ[key] = str(path)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Restore the environment and remove the temporary folder."""
    global _base
    for key, old in _saved_env.items():
        if old is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = old
    if _base is not None:
        shutil.rmtree(_base, ignore_errors=True)
        _base = None


@pytest.fixture(scope="session")
def tiny_argosmodel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of the tiny test-double ``.argosmodel`` (built once per session)."""
    return build_tiny_argosmodel(tmp_path_factory.mktemp("tiny-argos"))


def install_with_argos(archive: Path, packages_dir: Path) -> None:
    """Install ``archive`` into ``packages_dir`` with stock ``argostranslate.package``.

    ``install_from_path`` extracts into ``settings.package_data_dir``; it is pointed at
    ``packages_dir`` for the call only.
    """
    from argostranslate import package, settings

    saved = settings.package_data_dir
    settings.package_data_dir = Path(packages_dir)
    try:
        package.install_from_path(archive)
    finally:
        settings.package_data_dir = saved


@pytest.fixture(scope="session")
def argos_packages_dir(tiny_argosmodel: Path) -> Path:
    """The session's ARGOS_PACKAGES_DIR, with the tiny package installed in it."""
    packages_dir = Path(os.environ["ARGOS_PACKAGES_DIR"])
    if not any(packages_dir.iterdir()):
        install_with_argos(tiny_argosmodel, packages_dir)
    return packages_dir


@pytest.fixture(scope="session", autouse=True)
def _isolated_user_dirs(argos_packages_dir: Path) -> Iterator[None]:
    """Every test runs with temporary argos/bilingual directories (tiny package installed)."""
    assert _base is not None and argos_packages_dir.is_relative_to(_base)
    assert Path(os.environ["BILINGUAL_CACHE_DIR"]).is_relative_to(_base)
    yield


@pytest.fixture(scope="session")
def sample_path() -> Path:
    """The sample article, ``seeds/2025-10-09-putin-aliyev-dushanbe.ru.txt``."""
    return SAMPLE


@pytest.fixture(scope="session")
def tiny_package(argos_packages_dir: Path):  # type: ignore[no-untyped-def]
    """The installed tiny package as a :class:`bilingual.translate.InstalledPackage`."""
    from bilingual.translate.packages import find_package

    pkg = find_package("ru", "en", argos_packages_dir)
    assert pkg is not None
    return pkg


@pytest.fixture(scope="session")
def tiny_engine(tiny_package):  # type: ignore[no-untyped-def]
    """An :class:`bilingual.translate.Engine` on the tiny package, default options."""
    from bilingual.translate.engine import Engine

    return Engine(tiny_package)
