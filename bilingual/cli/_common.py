"""Shared CLI plumbing: consoles, the error guard, option helpers.

Commands stay thin: parse options, call one library function, print a summary.
Library errors (:class:`bilingual.errors.BilingualError`) become one line on stderr and
exit code 2; Ctrl-C becomes exit code 130 with a one-line note.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from ..errors import BilingualError

__all__ = ["console", "err_console", "guarded", "fail", "glossary_path", "quiet_option", "DEFAULT_GLOSSARY", "DEFAULT_OUT"]

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

#: Default glossary file, relative to the working directory.
DEFAULT_GLOSSARY = Path("glossary/ru-en.tsv")
#: Default output folder.
DEFAULT_OUT = Path("out")

F = TypeVar("F", bound=Callable[..., Any])


def quiet_option() -> Any:
    """The ``-q/--quiet`` option every command with a summary takes (warnings still go to stderr)."""
    return typer.Option(False, "-q", "--quiet", help="No summary (notes and conflicts still go to stderr).")


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``error: message`` on stderr and return the Exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}", soft_wrap=True, markup=True)
    return typer.Exit(code)


def guarded(fn: F) -> F:
    """Decorator for commands: turn library errors into a clean message and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BilingualError as err:
            raise fail(_escape(str(err))) from None
        except KeyboardInterrupt:
            raise fail("interrupted; finished work is kept (files are only ever replaced whole)", 130) from None

    return wrapper  # type: ignore[return-value]


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def glossary_path(option: Path | None, no_glossary: bool, *, quiet: bool = False) -> Path | None:
    """The glossary a command uses: none with ``--no-glossary``; the ``-g`` file if given (a
    missing one is an error later, when it is loaded); else the default file when it exists,
    with a note on stderr when it does not."""
    if no_glossary:
        return None
    if option is not None:
        return option
    if DEFAULT_GLOSSARY.exists():
        return DEFAULT_GLOSSARY
    if not quiet:
        err_console.print(f"note: no glossary at {DEFAULT_GLOSSARY}; going on without one (--no-glossary silences this)")
    return None
