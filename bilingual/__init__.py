"""bilingual: offline Russian→English translation and side-by-side bilingual editions.

The package is a library first (``bilingual.pipeline``, ``bilingual.read``, ``bilingual.render``…)
and a CLI second (``bilingual.cli``). Importing it has no side effects and loads no heavy
library; the engine, DOCX and EPUB libraries are imported when first needed.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
