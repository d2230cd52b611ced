"""The texts both editions print about the edition itself: titles, the title page, the
translation note and the colophon, the dates, the identifier.

Everything here names things by what they are, never by where they lie on a disk: the glossary
by its title, entry count and layers (:class:`~bilingual.model.GlossaryInfo`), the source by
``Metadata.source`` (a citation such as "NEWS.ru, 9 October 2025"), else its own identifier or
title. No local path reaches an edition. The functions are re-exported by
:mod:`bilingual.render.common`, which is where the renderers import them from.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from .common_text import clean_text

if TYPE_CHECKING:
    from ..model import Document, Metadata

__all__ = [
    "DraftCounts",
    "TitlePage",
    "colophon_lines",
    "draft_counts",
    "draft_line",
    "format_date",
    "generator_name",
    "glossary_text",
    "machine_translated",
    "made_at",
    "model_text",
    "parse_date",
    "people",
    "source_line",
    "stable_identifier",
    "title_in_text",
    "title_page",
    "titles",
    "translation_note",
]  # fmt: skip

_RU_MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _fold(text: str | None) -> str:
    """Whitespace folded, final full stop dropped: how a title derived from the lead looks."""
    return " ".join(clean_text(text).split()).rstrip(".").strip()


def titles(doc: Document) -> tuple[str, str]:
    """(Russian title, English title): from the metadata, else from the first heading."""
    ru, en = clean_text(doc.meta.title).strip(), clean_text(doc.meta.title_target).strip()
    if not ru:
        first = next((b for b in doc.blocks if b.kind == "heading"), None)
        if first is not None:
            ru, en = clean_text(first.source).strip(), en or clean_text(first.target).strip()
    return ru, en


def title_in_text(doc: Document) -> bool:
    """Whether the Russian title is already the text's first row: the opening heading's text,
    or the lead sentence it was derived from (then the title page does not print it again)."""
    ru = _fold(doc.meta.title)
    first = next((b for b in doc.blocks if b.source.strip()), None)
    if not ru or first is None:
        return False
    if first.kind == "heading":
        return _fold(first.source) == ru
    if first.kind != "paragraph" or not first.sentences:
        return False
    lead = _fold(first.sentences[0].source)
    return lead == ru or (lead.startswith(ru) and len(ru) >= 20)


def _names(values: list[str]) -> list[str]:
    return [v for v in (" ".join(clean_text(x).split()) for x in values) if v]


def people(meta: Metadata) -> tuple[list[str], list[str]]:
    """(authors, human translators), cleaned, empty names dropped."""
    return _names(meta.authors), _names(meta.translators)


def source_line(doc: Document) -> str:
    """How the edition cites its source: ``Metadata.source``, else the source's identifier;
    "" if neither is known (a file name is never used)."""
    meta = doc.meta
    return " ".join(clean_text(meta.source or meta.source_identifier).split())


def parse_date(value: str | None) -> date | None:
    """The calendar date ``value`` names, or ``None``: ISO 8601 (a date or a date-time) or a
    Russian date (``31.12.2025``, ``9 октября 2025 г.``) as :mod:`bilingual.dates` reads them."""
    from .. import dates

    if not value:
        return None
    found = dates.parse(str(value))
    if found is not None:
        return found.day
    try:  # an ISO day followed by what the shared parser does not read (``2025-10-09T10:00Z[UTC]``)
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def format_date(value: str | None, lang: str) -> str:
    """``"2025-10-09"`` → ``"9 October 2025"`` (en) or ``"9 октября 2025 г."`` (ru); else as given."""
    d = parse_date(value)
    if d is None:
        return clean_text(value).strip()
    if lang == "ru":
        return f"{d.day} {_RU_MONTHS[d.month - 1]} {d.year} г."
    return f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"


def made_at(meta: Metadata) -> datetime:
    """When the document was made (``meta.created``), as an aware UTC datetime; now if unknown.

    Using the document's own time keeps re-renders of the same JSON identical.
    """
    if meta.created:
        try:
            dt = datetime.fromisoformat(meta.created.strip())
        except ValueError:
            dt = None
        if dt is not None:
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=timezone.utc)
            dt = dt.astimezone(timezone.utc)
            if dt.year >= 1980:
                return dt.replace(microsecond=0)
    return datetime.now(timezone.utc).replace(microsecond=0)


def stable_identifier(doc: Document) -> str:
    """``meta.identifier`` if set, else a ``urn:uuid:`` derived from the title and source text."""
    if doc.meta.identifier.strip():
        return clean_text(doc.meta.identifier).strip()
    basis = "\n".join([doc.meta.title, doc.meta.source_file.rsplit("/", 1)[-1], *(b.source for b in doc.blocks)])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'bilingual:' + clean_text(basis))}"


def model_text(meta: Metadata) -> str:
    """What made the translation, as the document records it: the model's description with its
    name and version (an aligned translation: its description)."""
    m = meta.model
    name = " ".join(p for p in (m.name, m.version) if p)
    if m.name == "aligned" and m.description:
        return clean_text(m.description).strip()
    if m.description and name and name not in m.description:
        return clean_text(f"{m.description} ({name})").strip()
    return clean_text(m.description or name).strip()


def machine_translated(meta: Metadata) -> bool:
    """Whether an engine made the translation (not an aligned human one)."""
    return bool(model_text(meta)) and meta.model.name != "aligned"


def glossary_text(meta: Metadata) -> str:
    """The glossary by its own title, entry count and layers (``"none"`` without one)."""
    g = meta.glossary
    if g is None:
        return "none"
    entries = f"{g.entries} entr{'y' if g.entries == 1 else 'ies'}"
    title = " ".join(clean_text(g.title).split())
    text = f"{title}, {entries}" if title else entries
    layers = [x for x in (" ".join(clean_text(v).split()) for v in g.layers) if x]
    if layers:
        text += f" — {', '.join(layers)}"
    return text


def translation_note(meta: Metadata) -> str:
    """One line saying what made the translation: model name and version, glossary and size."""
    model = model_text(meta)
    translators = _names(meta.translators)
    if meta.model.name == "aligned":
        by = f" by {', '.join(translators)}" if translators else ""
        first = f"Existing translation{by} aligned sentence by sentence{f' ({model})' if model != 'aligned' else ''}."
    elif model:
        first = f"Machine translation: {model}."
    elif translators:
        first = f"Translated by {', '.join(translators)}."
    else:
        first = "Translation: source not recorded."
    return f"{first} Glossary: {glossary_text(meta)}."


def generator_name(meta: Metadata) -> str:
    """``meta.generator``, or this package's name and version."""
    from .. import __version__

    return clean_text(meta.generator).strip() or f"bilingual {__version__}"


@dataclass(frozen=True)
class DraftCounts:
    """How far from finished the translation is, counted by sentence."""

    sentences: int  #: sentences with Russian text
    human: int  #: edited by hand
    untranslated: int  #: no English, and not carried by a neighbour's link (a 2:1 link)
    flagged: int  #: flagged for review (low alignment confidence, glossary violation)
    joined: int  #: translated together with the sentence before (one link, one English text)

    @property
    def draft(self) -> bool:
        """Any sentence untranslated or flagged."""
        return bool(self.untranslated or self.flagged)


def draft_counts(doc: Document) -> DraftCounts:
    """:class:`DraftCounts` of ``doc``."""
    from .common import has_text, joined_sentences, sentence_flagged

    joined = joined_sentences(doc)
    sents = [(bi, si, s) for bi, b in enumerate(doc.blocks) for si, s in enumerate(b.sentences) if has_text(s.source)]
    return DraftCounts(
        sentences=len(sents),
        human=sum(1 for *_, s in sents if s.origin == "human"),
        untranslated=sum(1 for bi, si, s in sents if not has_text(s.target) and (bi, si) not in joined
                         and doc.blocks[bi].target_override is None),
        flagged=sum(1 for *_, s in sents if sentence_flagged(s)),
        joined=len(joined),
    )


def draft_line(counts: DraftCounts) -> str:
    """"Draft: 2 sentences untranslated, 1 flagged for review." ("" when not a draft)."""
    if not counts.draft:
        return ""
    parts = []
    if counts.untranslated:
        parts.append(f"{counts.untranslated} sentence{'s' if counts.untranslated != 1 else ''} untranslated")
    if counts.flagged:
        parts.append(f"{counts.flagged} flagged for review")
    return f"Draft: {', '.join(parts)}."


@dataclass(frozen=True)
class TitlePage:
    """What the title page shows; empty strings are left out. ``ru_title``/``en_title`` are
    empty when the title is the text's own first row (:func:`title_in_text`)."""

    ru_title: str
    en_title: str
    authors: str  #: "Author One, Author Two" (Russian, as the source writes them)
    translators: str  #: "Translated by …" (English)
    source: str  #: "Source: NEWS.ru, 9 October 2025"
    publisher: str  #: the publisher's name (the editions print "Published by …")
    date_ru: str
    date_en: str
    note: str  #: :func:`translation_note`
    draft: str  #: :func:`draft_line`
    rights: str


def title_page(doc: Document) -> TitlePage:
    """The title page of ``doc`` (shared by the DOCX and EPUB editions)."""
    meta = doc.meta
    ru, en = titles(doc)
    if title_in_text(doc):
        ru = en = ""
    authors, translators = people(meta)
    source = source_line(doc)
    publisher = " ".join(clean_text(meta.publisher).split())
    return TitlePage(
        ru_title=ru,
        en_title=en,
        authors=", ".join(authors),
        translators=f"Translated by {', '.join(translators)}" if translators else "",
        source=f"Source: {source}" if source else "",
        publisher=publisher,
        date_ru=format_date(meta.date, "ru") if meta.date else "",
        date_en=format_date(meta.date, "en") if meta.date else "",
        note=translation_note(meta),
        draft=draft_line(draft_counts(doc)),
        rights=" ".join(clean_text(meta.rights).split()),
    )


def colophon_lines(doc: Document) -> list[tuple[str, str]]:
    """(label, value) lines for the colophon: people, source, rights, model, glossary, counts,
    dates, generator. Russian values (authors, the Russian title) are the first lines."""
    meta = doc.meta
    authors, translators = people(meta)
    ru, en = titles(doc)
    lines = []
    if ru:
        lines.append(("Title", f"{ru} ({en})" if en else ru))
    if authors:
        lines.append(("Author" if len(authors) == 1 else "Authors", ", ".join(authors)))
    if translators:
        lines.append(("Translator" if len(translators) == 1 else "Translators", ", ".join(translators)))
    if machine_translated(meta):
        lines.append(("Machine translation", model_text(meta)))
    else:
        lines.append(("Translation", model_text(meta) or "not recorded"))
    lines.append(("Glossary", glossary_text(meta)))
    c = draft_counts(doc)
    counts = f"{c.sentences}; {c.human} edited by hand; {c.untranslated} untranslated"
    if c.flagged:
        counts += f"; {c.flagged} flagged for review"
    if c.joined:
        counts += f"; {c.joined} translated together with the sentence before"
    lines.append(("Sentences", counts))
    if source_line(doc):
        lines.append(("Source", source_line(doc)))
    if " ".join(clean_text(meta.publisher).split()):
        lines.append(("Publisher", " ".join(clean_text(meta.publisher).split())))
    if meta.date:
        lines.append(("Date", format_date(meta.date, "en")))
    if " ".join(clean_text(meta.rights).split()):
        lines.append(("Rights", " ".join(clean_text(meta.rights).split())))
    lines.append(("Made", made_at(meta).strftime("%Y-%m-%d %H:%M UTC")))
    lines.append(("Generator", generator_name(meta)))
    return lines

