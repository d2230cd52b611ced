"""Notes of the DOCX edition as real Word footnotes.

python-docx (1.2) cannot make footnotes, so this module writes the part itself, per ECMA-376
§17.11: ``word/footnotes.xml`` holding the separator (id -1) and continuation separator (id 0)
footnotes and one ``w:footnote`` per note; its relationship from the document part (the
content-type override follows from the part's content type when python-docx saves);
``w:footnotePr`` in the settings naming the two separators, as Word writes it; and the
``footnote text`` / ``footnote reference`` styles (see :mod:`.docx_styles`).

One footnote per note, referenced (``w:footnoteReference``) at the note's first reference on
the Russian side; it holds the Russian note (ru-RU) and its English translation (en-US) as two
paragraphs. The footnotes are written as XML text and parsed once into their part (see
:mod:`.docx_xml`). Later references to the same note, and every reference on the English side, are
the note's number as superscript text. Word and LibreOffice number footnotes in the order of
their references, so :func:`footnote_numbers` computes that order for the English numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .common import note_numbers, whole_marks
from .docx_runs import inline_xml, rpr_xml, run_xml
from .docx_styles import FOOTNOTE_REF_ID, FOOTNOTE_TEXT_ID
from .docx_xml import el, insert_before

if TYPE_CHECKING:
    from .common import Row

__all__ = ["Footnotes", "footnote_numbers", "FOOTNOTES_PART"]

#: Where the footnotes part lives in the package.
FOOTNOTES_PART = "/word/footnotes.xml"

#: ``w:settings`` children that follow ``w:footnotePr`` (ECMA-376 CT_Settings order).
_SETTINGS_AFTER = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip

_SEPARATOR = (
    '<w:footnote w:type="{kind}" w:id="{id}"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>"
)
_SEPARATORS = _SEPARATOR.format(kind="separator", id="-1") + _SEPARATOR.format(kind="continuationSeparator", id="0")


def footnote_numbers(rows: list[Row], notes: dict[str, Row]) -> dict[str, int]:
    """Note id → the number Word gives its footnote: :func:`~bilingual.render.common.note_numbers`
    for the notes in ``notes`` that are referenced (those come first there, in Word's order)."""
    referenced = {ref for row in rows if row.kind != "note" for _, ref in row.source_refs}
    return {ref: n for ref, n in note_numbers(rows).items() if ref in notes and ref in referenced}


class Footnotes:
    """The footnotes of one DOCX edition; rows are written in the order of ``rows``."""

    def __init__(self, word: Any, rows: list[Row]) -> None:
        self._word = word
        self.notes: dict[str, Row] = {}
        for row in rows:
            if row.kind == "note" and row.note_id:
                self.notes.setdefault(row.note_id, row)
        #: note id → footnote number, for every note that becomes a footnote
        self.numbers = footnote_numbers(rows, self.notes)
        self._ids: dict[str, int] = {}
        self._xml: list[str] = []

    def is_footnote(self, note_id: str) -> bool:
        """Whether the note ``note_id`` is shown as a footnote (else it stays in place)."""
        return note_id in self.numbers

    def reference(self, note_id: str, color: str = "") -> str:
        """Russian side: the footnote reference (first time) or the note's number, as run XML."""
        if note_id not in self.numbers:
            return ""
        if note_id in self._ids:
            return self.number(note_id, "ru", color)
        fid = len(self._ids) + 1
        self._ids[note_id] = fid
        self._add_footnote(fid, self.notes[note_id])
        return f'<w:r>{rpr_xml("ru", style=FOOTNOTE_REF_ID, color=color)}<w:footnoteReference w:id="{fid}"/></w:r>'

    def number(self, note_id: str, lang: str, color: str = "") -> str:
        """The note's number as superscript text (the English side's reference), as run XML."""
        n = self.numbers.get(note_id)
        if n is None:
            return ""
        return run_xml(str(n), lang, ("sup",), style=FOOTNOTE_REF_ID, color=color)

    def _add_footnote(self, fid: int, row: Row) -> None:
        ppr = f'<w:pPr><w:pStyle w:val="{FOOTNOTE_TEXT_ID}"/></w:pPr>'
        mark = f'<w:r>{rpr_xml("ru", style=FOOTNOTE_REF_ID)}<w:footnoteRef/></w:r>'
        ru = f"<w:p>{ppr}{mark}{run_xml(' ', 'ru')}{inline_xml(row.source, 'ru', row.marks)}</w:p>"
        en = f"<w:p>{ppr}{inline_xml(row.target, 'en', whole=whole_marks(row))}</w:p>" if row.target else ""
        self._xml.append(f'<w:footnote w:id="{fid}">{ru}{en}</w:footnote>')

    def finish(self) -> None:
        """Add the footnotes part and settings to the package (nothing if no note was referenced)."""
        if not self._xml:
            return
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml.ns import nsdecls
        from docx.oxml.parser import parse_xml

        root = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}>{_SEPARATORS}{''.join(self._xml)}</w:footnotes>")
        document_part = self._word.part
        part = XmlPart(PackURI(FOOTNOTES_PART), CT.WML_FOOTNOTES, root, document_part.package)
        document_part.relate_to(part, RT.FOOTNOTES)
        pr = el("w:footnotePr")
        pr.append(el("w:footnote", id="-1"))
        pr.append(el("w:footnote", id="0"))
        insert_before(self._word.settings.element, pr, _SETTINGS_AFTER)
