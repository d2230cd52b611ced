"""The styled starting document of every DOCX edition, made once per process.

Defining the edition's styles through python-docx costs more than writing a thousand rows
(each style lookup by name walks the template's 160-odd styles), and it is the same for every
edition. So the template with its styles is built once, saved to bytes and reopened for each
edition (:func:`new_document`), together with what the renderer reads from it: the style ids by
name and the sizes used to estimate row heights. The cache is keyed by the face names, so
changing :data:`~bilingual.render.docx_styles.BODY_FONT` (and friends) takes effect.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from . import docx_styles as styles
from .docx_layout import style_metrics

__all__ = ["new_document", "METRIC_STYLES"]

#: Paragraph styles whose sizes the row-height estimate needs.
METRIC_STYLES = tuple(sorted({*styles.KIND_STYLES.values(), styles.CREDIT, styles.LIST_CONTINUE,
                              *(f"Heading {k}" for k in range(1, 7))}))


@lru_cache(maxsize=4)
def _template(fonts: tuple[str, str, str]) -> tuple[bytes, dict[str, str], dict[str | None, tuple[float, float]]]:
    import docx

    word = docx.Document()
    styles.setup_styles(word)
    out = io.BytesIO()
    word.save(out)
    ids = {s.name: s.style_id for s in word.styles}
    return out.getvalue(), ids, style_metrics(word, METRIC_STYLES)


def new_document() -> tuple[Any, dict[str, str], dict[str | None, tuple[float, float]]]:
    """A fresh python-docx document with the edition's styles, the style ids by name, and the
    styles' (size, spacing) for :mod:`.docx_layout`."""
    import docx

    blob, ids, metrics = _template((styles.BODY_FONT, styles.HEADING_FONT, styles.CODE_FONT))
    return docx.Document(io.BytesIO(blob)), dict(ids), dict(metrics)
