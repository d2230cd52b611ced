"""The ``bilingual`` command line. Thin: each command calls one library function.

Command modules register themselves on :data:`app`; heavy libraries are imported inside
commands, so ``bilingual --help`` stays fast.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="bilingual",
    help="Offline Russian→English translation with a curated glossary, and side-by-side DOCX/EPUB editions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)



def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"bilingual {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Offline Russian→English translation with a curated glossary, and side-by-side DOCX/EPUB editions."""


# Command modules (each adds its commands or sub-apps to `app`).
from . import translate as _translate  # noqa: E402,F401
from . import models as _models  # noqa: E402,F401
from . import glossary as _glossary  # noqa: E402,F401
from . import editions as _editions  # noqa: E402,F401
from . import cache as _cache  # noqa: E402,F401


def main() -> None:
    """Console-script entry point."""
    command = typer.main.get_command(app)
    _plain_flags(command)
    command()


def _plain_flags(command: object) -> None:
    """Flags take no value: show no ``<bool>`` type next to them in the help."""
    for param in getattr(command, "params", []):
        if getattr(param, "is_flag", False):
            param.metavar = ""
    made = getattr(command, "get_help_option", None)
    if made is not None:  # --help is made anew on each call

        def help_option(ctx: object, _made: object = made) -> object:
            option = _made(ctx)  # type: ignore[operator]
            if option is not None:
                option.metavar = ""
            return option

        command.get_help_option = help_option  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {}).values():
        _plain_flags(sub)


__all__ = ["app", "main"]
