"""EPUB content documents: parsing sloppy XHTML, and finding the footnotes and endnotes.

:func:`parse_xhtml` tries strict XML, then XML with HTML's named entities (``&nbsp;``) made
numeric, then lxml's recovering XML parser and its HTML parser (keeping whichever kept more
text); it refuses only what none of them reads.

:func:`find_notes` looks at every link of the book before any block is written, so a note is
known as a note wherever it lives. A link is a note reference when

* it says so (``epub:type="noteref"``, ``role="doc-noteref"``), or
* its target is a note by type (``epub:type`` footnote/endnote/rearnote/note, ``role``
  doc-footnote/doc-endnote), or lives in a notes section: an ancestor typed or classed as
  notes (``footnotes``, ``class="notes"``, ``id="примечания"``…) or a notes document (named
  ``notes.xhtml``, ``comments.xhtml``…, or opening with a heading «Примечания», «Комментарии»,
  «Сноски», "Notes"), or
* it is a bare marker (``1``, ``[1]``, ``*``) whose target links straight back to it (the
  Calibre / FB2-converter pattern), the back link opening the note or being an arrow.

The note is the target's enclosing block (a note whose block holds only its number, ``<dt>1</dt>``
or ``<p id="n1">1</p>``, extends over the blocks that follow it up to the next note). Links inside
a note that lead back to the text and carry no words (``↩``, ``[1]``) are back links, dropped.
Written here because no EPUB library resolves notes; ebooklib leaves them as links.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.entities import html5

from ..errors import InputError
from .common import has_letters
from .epub_package import Element, local, resolve, xml_root

__all__ = ["OPS_TYPE", "parse_xhtml", "attr_tokens", "Notes", "find_notes", "MARKER", "HEADINGS"]

OPS_TYPE = "{http://www.idpf.org/2007/ops}type"
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Elements that can hold a note (an inline target is a note through its enclosing one of these).
_NOTE_HOLDERS = frozenset({"p", "div", "li", "aside", "dd", "dt", "section", "article", "blockquote", "footer", "td", "tr"})
_NOTE_TYPES = frozenset({"footnote", "endnote", "rearnote", "note", "annotation", "doc-footnote", "doc-endnote"})
_REF_TYPES = frozenset({"noteref", "annoref", "doc-noteref"})
_NOTES_TYPES = frozenset({"footnotes", "endnotes", "rearnotes", "doc-endnotes", "doc-footnotes"})
_NOTES_WORD = re.compile(r"(?:^|[\s_-])(?:foot|end|rear)?notes?(?:$|[\s_\d-])|примечан|сноск|коммент|(?:^|[\s_-])comments?(?:$|[\s_\d-])", re.I)
_NOTES_DOC = re.compile(r"(?:foot|end|rear)?notes?\b|note|comment|примеч|primech|snosk|коммент|kommen", re.I)
_NOTES_HEADING = re.compile(r"^\s*(?:примечани|комментари|сноски|notes|endnotes|footnotes|comments)", re.I)
#: A note marker: a number or a symbol, maybe bracketed (``1``, ``[12]``, ``*``, ``†``).
MARKER = re.compile(r"^[\[({<]?\s*(?:\d{1,4}|[*†‡§¶#]{1,4})\s*[\])}>]?[.)]?$")
_ARROW = re.compile(r"^\s*(?:[↩↑⇧⤴⬆^↵]+|назад|обратно|вернуться|back)\s*$", re.I)
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})


def attr_tokens(el: Element, name: str) -> set[str]:
    """Lower-case tokens of attribute ``name``; ``"type"`` means ``epub:type`` (namespaced or,
    after the HTML parser, literal)."""
    get = getattr(el, "get", None)
    if get is None or not isinstance(getattr(el, "tag", None), str):
        return set()
    value = (get(OPS_TYPE) or get("epub:type") or "") if name == "type" else (get(name) or "")
    return set(value.lower().split())


def _numeric_entities(data: bytes) -> bytes:
    def sub(m: re.Match[bytes]) -> bytes:
        name = m.group(1)
        if name in _XML_ENTITIES:
            return m.group(0)
        char = html5.get(name.decode("ascii") + ";")
        return b"".join(b"&#%d;" % ord(c) for c in char) if char else m.group(0)

    return _ENTITY.sub(sub, data)


def _as_text(data: bytes) -> str | bytes:
    """UTF-8 markup as text without its XML declaration (lxml's HTML parser would guess Latin-1
    for bytes that declare no charset); other encodings stay bytes for lxml to detect."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data
    return re.sub(r"^\s*<\?xml[^>]*>", "", text)


def _letters(root: Element) -> int:
    return 0 if root is None else sum(1 for c in "".join(root.itertext()) if c.isalpha())


def parse_xhtml(data: bytes, path: str, warnings: list[str], name: str = "") -> Element:
    """The root element of a content document, read as leniently as it takes (a warning when
    the markup had to be repaired); a one-line :class:`InputError` when nothing reads it."""
    from lxml import etree

    for attempt in (data, _numeric_entities(data)):
        try:
            return xml_root(attempt)
        except etree.XMLSyntaxError:
            continue
        except ValueError:  # e.g. an encoding declaration lxml does not know
            break
    fixed = _numeric_entities(data)
    recovered = html_root = None
    try:
        parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False, remove_pis=True)
        recovered = etree.fromstring(fixed, parser)
    except (etree.XMLSyntaxError, ValueError):
        recovered = None
    if b"<" in data:
        import lxml.html

        for markup in (_as_text(fixed), fixed):
            try:
                html_root = lxml.html.document_fromstring(markup)
                break
            except (etree.ParserError, etree.XMLSyntaxError, ValueError):
                html_root = None
    root = recovered if _letters(recovered) * 1.05 >= _letters(html_root) and recovered is not None else html_root
    if root is None or not local(root):
        raise InputError(
            f"{name or path}: {path} is not XHTML that can be read (not even leniently); "
            "repair the book with Calibre (ebook-convert book.epub fixed.epub) or re-export it"
        )
    warnings.append(f"{path} is not well-formed XHTML; read it leniently — check its text in the output")
    return root


# --------------------------------------------------------------------------- notes
@dataclass
class Notes:
    """The notes of a book: which elements are notes, which links reference them, which are back links."""

    elements: dict[Element, str] = field(default_factory=dict)  #: note element → note id
    parts: dict[Element, list[Element]] = field(default_factory=dict)  #: note element → following blocks it spans
    consumed: set[Element] = field(default_factory=set)  #: those following blocks (read with their note)
    refs: dict[Element, str] = field(default_factory=dict)  #: note-reference link → note id
    backlinks: set[Element] = field(default_factory=set)  #: back links inside notes (dropped)
    warnings: list[str] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)

    def add(self, el: Element, path: str, targeted: set[tuple[str, str]]) -> str:
        """Register ``el`` (in document ``path``) as a note; returns its (book-unique) id."""
        if el in self.elements:
            return self.elements[el]
        base = el.get("id") or next((d.get("id") for d in el.iter() if isinstance(d.tag, str) and d.get("id")), "")
        stem = posixpath.splitext(posixpath.basename(path))[0]
        note_id = base or f"{stem}-note-{len(self.elements) + 1}"
        if note_id in self._ids:
            note_id = f"{stem}-{note_id}"
        while note_id in self._ids:
            note_id += "-1"
        self._ids.add(note_id)
        self.elements[el] = note_id
        if not has_letters("".join(el.itertext())):
            self.parts[el] = _following_parts(el, path, targeted)
            self.consumed.update(self.parts[el])
        return note_id

    def owner(self, el: Element) -> Element | None:
        """The note element ``el`` is (or lies in), or None."""
        for node in [el, *el.iterancestors()]:
            if node in self.elements or node in self.consumed:
                return node
        return None


def _following_parts(el: Element, path: str, targeted: set[tuple[str, str]]) -> list[Element]:
    """The blocks after a number-only note element that hold its text (up to the next note)."""
    parts = []
    for sib in el.itersiblings():
        tag = local(sib)
        if not tag:
            continue
        if (path, sib.get("id", "")) in targeted or tag in HEADINGS or tag == "hr" or attr_tokens(sib, "type") & _NOTE_TYPES:
            break
        if local(el) == "dt" and tag == "dt":
            break
        parts.append(sib)
    return parts


def _is_typed_note(el: Element) -> bool:
    return bool((attr_tokens(el, "type") | attr_tokens(el, "role")) & _NOTE_TYPES)


def _note_element(target: Element) -> Element | None:
    """The element holding the note a link targets, or None when it is no note's place (a
    heading, a section with headings, the body)."""
    if _is_typed_note(target):
        return target
    el = target
    while el is not None and local(el) not in _NOTE_HOLDERS:
        if local(el) in HEADINGS or local(el) in ("body", "html"):
            return None
        el = el.getparent()
    if el is None or any(local(d) in HEADINGS and has_letters(_text(d)) for d in el.iterdescendants()):
        return None
    return el


def _notes_document(root: Element, path: str) -> bool:
    if _NOTES_DOC.search(posixpath.splitext(posixpath.basename(path))[0]):
        return True
    heading = next((el for el in root.iter() if local(el) in HEADINGS), None)
    return heading is not None and bool(_NOTES_HEADING.match("".join(heading.itertext())))


def _in_notes_section(el: Element) -> bool:
    for node in [el, *el.iterancestors()]:
        tokens = attr_tokens(node, "type") | attr_tokens(node, "role")
        if tokens & (_NOTES_TYPES | _NOTE_TYPES):
            return True
        if _NOTES_WORD.search(" ".join((node.get("class", ""), node.get("id", "")))):
            return True
    return False


def _letters_before(block: Element, x: Element) -> bool:
    """Whether ``block`` has letters before the element ``x`` inside it."""
    from lxml import etree

    for event, el in etree.iterwalk(block, events=("start", "end")):
        if event == "start":
            if el is x:
                return False
            if isinstance(el.tag, str) and has_letters(el.text):
                return True
        elif el is not block and has_letters(el.tail):
            return True
    return False


def _text(el: Element) -> str:
    return " ".join("".join(el.itertext()).split())


def find_notes(docs: dict[str, Element]) -> Notes:
    """Find the notes, their references and back links in the content documents ``docs``
    (archive path → root element)."""
    ids: dict[tuple[str, str], Element] = {}
    links: list[tuple[Element, str, Element | None]] = []
    for path, root in docs.items():
        for el in root.iter():
            if not local(el):
                continue
            key = el.get("id") or (el.get("name") if local(el) == "a" else None)
            if key:
                ids.setdefault((path, key), el)
    for path, root in docs.items():
        for a in root.iter():
            if local(a) == "a" and a.get("href"):
                tpath, fragment = resolve(path, a.get("href"))
                if tpath in docs:
                    links.append((a, tpath, ids.get((tpath, fragment)) if fragment else docs[tpath]))
    targeted = {(p, t.get("id") or t.get("name", "")) for _, p, t in links if t is not None} - {(p, "") for p in docs}
    notes = Notes()
    for path, root in docs.items():
        for el in root.iter():
            if _is_typed_note(el) and local(el) not in ("a", "span", "sup") and notes.owner(el) is None:
                notes.add(el, path, targeted)  # (a typed note inside another is part of it)
    notes_docs = {path for path, root in docs.items() if _notes_document(root, path)}
    strong, rest = [], []
    for a, tpath, target in links:
        typed = bool((attr_tokens(a, "type") | attr_tokens(a, "role")) & _REF_TYPES)
        if target is docs[tpath]:
            continue  # a link to a whole document is no note reference
        if target is None:
            if typed:
                notes.warnings.append(f"a note reference points to {a.get('href')!r}, which is not in the book; its marker is kept")
            continue
        note = _note_element(target)
        if note is None or note is a or note in a.iterancestors():
            continue
        if typed or note in notes.elements or _in_notes_section(note) or tpath in notes_docs:
            strong.append((a, tpath, note, typed))
        else:
            rest.append((a, tpath, note))
    candidates = {note for _, _, note, _ in strong} | set(notes.elements)
    inside = lambda a: any(n in candidates for n in [a, *a.iterancestors()])
    for a, tpath, note, typed in strong:  # a link inside a note (a back link) is no reference
        if typed or not inside(a):
            notes.refs[a] = notes.add(note, tpath, targeted)
    roots = {id(root): path for path, root in docs.items()}
    for a, tpath, note in rest:  # bare markers whose note links straight back
        if notes.owner(a) is None and _mutual(a, note, roots, ids):
            notes.refs[a] = notes.add(note, tpath, targeted)
    _mark_backlinks(notes, links)
    return notes


def _block_of(el: Element) -> Element:
    node = el
    while node is not None and local(node) not in _NOTE_HOLDERS and local(node) not in ("body", "html"):
        node = node.getparent()
    return node if node is not None else el


def _mutual(a: Element, note: Element, roots: dict[int, str], ids: dict[tuple[str, str], Element]) -> bool:
    """``a`` is a bare marker, and ``note`` holds a word-less link back to it that opens the note
    (or is an arrow), while ``a`` follows some words of its own block."""
    if not MARKER.match(_text(a)):
        return False
    home = _block_of(a)
    near = {a, *[n for n in a.iterancestors() if home in n.iterancestors()], home}
    for b in note.iter():
        if local(b) != "a" or not b.get("href"):
            continue
        path, fragment = resolve(roots.get(id(b.getroottree().getroot()), ""), b.get("href"))
        if ids.get((path, fragment)) not in near:
            continue
        words = _text(b)
        if _ARROW.match(words) or (MARKER.match(words) and not _letters_before(note, b)):
            return _letters_before(home, a)
    return False


def _mark_backlinks(notes: Notes, links: list[tuple[Element, str, Element | None]]) -> None:
    """Word-less links (``↩``, ``[1]``, typed back links) that lead out of a note, or anywhere to a
    note reference (or the ``<sup>`` around one), are back links."""
    near_refs = set()
    for ref in notes.refs:
        near_refs.add(ref)
        for node in ref.iterancestors():
            if local(node) not in ("sup", "span", "small", "b", "strong", "em", "i"):
                break
            near_refs.add(node)
    for b, _, target in links:
        if b in notes.refs or target is None:
            continue
        typed = bool((attr_tokens(b, "type") | attr_tokens(b, "role")) & {"backlink", "doc-backlink"})
        words = _text(b)
        if not (typed or not has_letters(words) or _ARROW.match(words)):
            continue
        holder = notes.owner(b)
        if (holder is not None and notes.owner(target) is not holder) or target in near_refs:
            notes.backlinks.add(b)
