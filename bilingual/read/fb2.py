"""Read a FictionBook 2 book (``.fb2``, or ``.fb2.zip`` holding one) — the common format of
Russian e-books.

:func:`parse` unzips, parses the XML with lxml (entities not expanded, no network, no huge
trees), repairs what real files get wrong (a missing or misspelt namespace, an undeclared
``l:`` prefix, HTML entities such as ``&nbsp;``, a wrong or missing encoding declaration),
reads the ``<description>`` into :class:`~bilingual.model.Metadata`
(:mod:`bilingual.read.fb2_meta`) and walks the bodies into blocks, chapters, notes and images
(:mod:`bilingual.read.fb2_body`). Every later step sees plain tag and attribute names
(``p``, ``href``): namespaces are dropped once, right after parsing, so a book whose
namespace is absent or misspelt reads like a correct one.

Walked by hand over lxml rather than through an FB2 package: the ones on PyPI (``fb2reader``,
``fb2``) give metadata and the body as text or HTML, not the block kinds, inline mark offsets,
note placement and images the document model needs, and FB2 is plain XML that lxml parses
safely and fast.
"""

from __future__ import annotations

import codecs
import html.entities
import io
import re
import zipfile

from lxml import etree

from .common import ReadResult, refuse

__all__ = ["parse", "load_xml", "NAMESPACE", "XLINK"]

#: The FictionBook 2 namespace and the XLink namespace of its ``l:href`` attributes.
NAMESPACE = "http://www.gribuser.ru/xml/fictionbook/2.0"
XLINK = "http://www.w3.org/1999/xlink"

_MAX_BYTES = 64 * 1024 * 1024  # as bilingual.read.text.MAX_BYTES (not imported: keep this light)
_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_UNSUPPORTED = re.compile(r"Unsupported encoding:?\s*(\S+?),?(?:\s|$)")
#: Parse errors a real book survives: undeclared prefixes, HTML entities XML does not define.
_REPAIRABLE = {"ERR_UNDECLARED_ENTITY", "WAR_UNDECLARED_ENTITY"}
#: libxml2's safety limits (no huge trees), in the user's words.
_LIMITS = {
    "Excessive depth": "its elements are nested more than 256 levels deep",
    "huge text node": "one text or picture in it is larger than 10 MB",
}
_CONVERT = "open it in an FB2 editor (e.g. FictionBook Editor) or Calibre and save it again"


def parse(data: bytes, name: str) -> ReadResult:
    """Read an FB2 book (its bytes, or a zip holding one ``.fb2``) into an unsegmented document."""
    from .fb2_body import read_bodies
    from .fb2_meta import read_meta

    warnings: list[str] = []
    if data[:2] == b"PK" or name.lower().endswith(".zip"):
        data = _unzip(data, name)
    root, encoding = load_xml(data, name, warnings)
    meta, covers = read_meta(root)
    meta.source_format = "fb2"
    meta.source_encoding = encoding
    try:
        book = read_bodies(root, covers)
    except RecursionError:
        raise refuse(name, f"its elements are nested too deeply to read; {_CONVERT}") from None
    hrefs = [(el.get("href") or "").strip() for el in covers]
    meta.cover = next((i for i in (book.image_id(h[1:]) for h in hrefs if h.startswith("#")) if i), "")
    return ReadResult(book.document(meta), warnings + book.warnings)


def _unzip(data: bytes, name: str) -> bytes:
    """The bytes of the one ``.fb2`` inside a zip archive (one-line errors otherwise)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [
                info for info in archive.infolist()
                if not info.is_dir() and info.filename.lower().endswith(".fb2")
                and not info.filename.startswith("__MACOSX/")
            ]  # fmt: skip
            if not members:
                raise refuse(name, "the zip archive holds no .fb2 book; give an .fb2 or an .fb2.zip with one inside")
            if len(members) > 1:
                listed = _one_line(", ".join(m.filename for m in members[:3])) + (", …" if len(members) > 3 else "")
                raise refuse(name, f"the zip archive holds {len(members)} .fb2 books ({listed}); unzip it and give one")
            member = members[0]
            if member.file_size > _MAX_BYTES:
                raise refuse(name, f"{member.filename} unpacks to {member.file_size // 2**20} MB; split the book")
            with archive.open(member) as fh:
                inner = fh.read(_MAX_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as err:
        raise refuse(name, f"not a readable zip archive ({_one_line(str(err))}); unzip it by hand and give the .fb2") from None
    if len(inner) > _MAX_BYTES:
        raise refuse(name, f"{member.filename} unpacks to more than {_MAX_BYTES // 2**20} MB; split the book")
    return inner


def _parser(recover: bool = False) -> etree.XMLParser:
    """The safe parser: no entity expansion (billion laughs, XXE), no network, no DTD, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
        remove_comments=True, remove_pis=True, recover=recover,
    )  # fmt: skip


def load_xml(data: bytes, name: str, warnings: list[str]) -> tuple[etree._Element, str]:
    """Parse FB2 bytes into a root element with plain (namespace-free) names, and the encoding read.

    Raises a one-line :class:`~bilingual.errors.InputError` for bytes that are not XML, an encoding
    no codec reads, or XML whose root is not ``<FictionBook>``.
    """
    declared = _declared_encoding(data)
    redecoded = ""  # the codec used when libxml2 could not decode the bytes itself
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as err:
        root, redecoded = _retry(data, name, declared, err, warnings)
    except ValueError as err:  # e.g. an empty document after the declaration
        raise refuse(name, f"not an FB2 book: {_one_line(str(err))}; {_CONVERT}") from None
    if root is None:
        raise refuse(name, f"not an FB2 book (no XML element in it); {_CONVERT}")
    if _local(root.tag) != "FictionBook":
        raise refuse(
            name, f"is XML but not an FB2 book (its root element is <{_local(str(root.tag))}>, not <FictionBook>); "
            "give a FictionBook 2 file"
        )
    encoding = redecoded or root.getroottree().docinfo.encoding or declared or "utf-8"
    _plain_names(root, warnings)
    return root, encoding.lower()


def _retry(data: bytes, name: str, declared: str, err: etree.XMLSyntaxError,
           warnings: list[str]) -> tuple[etree._Element, str]:
    """Second chances after a strict parse failed: another decoding, or libxml2's recovery for
    the few errors real books carry; returns the root and the codec used if it re-decoded.
    Anything else is a one-line error."""
    message = _one_line(err.msg or str(err))
    unsupported = _UNSUPPORTED.search(message)
    encoding = ""
    if unsupported or "Invalid bytes in character encoding" in message or "not proper UTF-8" in message:
        data, encoding = _redecode(data, name, declared, unsupported.group(1) if unsupported else "", warnings)
        try:
            return etree.fromstring(data, _parser()), encoding
        except etree.XMLSyntaxError as again:
            err, message = again, _one_line(again.msg or str(again))
    parser = _parser(recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        root = None
    errors = list(parser.error_log)
    if root is not None and errors and all(e.domain_name == "NAMESPACE" or e.type_name in _REPAIRABLE for e in errors):
        warnings.append(f"{name}: repaired {len(errors)} XML error(s) (first: {_one_line(errors[0].message)})")
        return root, encoding
    for needle, what in _LIMITS.items():
        if needle in message:
            raise refuse(name, f"{what} (a damaged or hostile file); {_CONVERT}")
    line = f" (line {err.lineno})" if getattr(err, "lineno", None) else ""
    raise refuse(name, f"not an FB2 book: it is not well-formed XML{line}: {_strip_position(message)}; {_CONVERT}")


def _redecode(data: bytes, name: str, declared: str, unsupported: str, warnings: list[str]) -> tuple[bytes, str]:
    """The document re-encoded as UTF-8 (declaration dropped) when libxml2 cannot decode it:
    a codec Python knows for the declared name, else the detected code page of a file whose
    declaration is wrong or missing. An encoding nobody knows is a one-line error."""
    from .text import decode

    if unsupported:
        try:
            text = data.decode(codecs.lookup(unsupported).name)
        except (LookupError, UnicodeDecodeError):
            raise refuse(
                name, f"declares encoding {unsupported}, which cannot be read (unknown, or not what the bytes are); "
                "re-save it as UTF-8"
            ) from None
        encoding = unsupported
    else:
        decoded = decode(data, name=name)
        text, encoding = decoded.text, decoded.encoding
        warnings.append(f"{name}: declares {declared or 'no encoding (so UTF-8)'} but is not; read as {encoding}")
    body = _DECLARATION.sub(b"", text.encode("utf-8", "surrogatepass"), count=1)
    return body, encoding


def _declared_encoding(data: bytes) -> str:
    match = _DECLARED_ENCODING.match(data[:200])
    return match.group(1).decode("ascii", "replace").strip().lower() if match else ""


def _plain_names(root: etree._Element, warnings: list[str]) -> None:
    """Drop namespaces and prefixes from every tag and attribute (``{…fictionbook…}p`` → ``p``,
    ``l:href`` → ``href``); replace entity references by their character (HTML's names) or nothing."""
    unknown: set[str] = set()
    for node in list(root.iter()):
        if isinstance(node, etree._Entity):
            _replace_entity(node, unknown)
            continue
        if not isinstance(node.tag, str):
            continue
        node.tag = _local(node.tag)
        for key in list(node.attrib):
            plain = _local(key)
            if plain != key:
                value = node.attrib.pop(key)
                if plain not in node.attrib:
                    node.set(plain, value)
    etree.cleanup_namespaces(root)
    if unknown:
        warnings.append(f"entity reference(s) {', '.join('&' + n + ';' for n in sorted(unknown)[:5])} left out (not expanded)")


def _replace_entity(node: etree._Entity, unknown: set[str]) -> None:
    """Put an entity's character (``&nbsp;`` → U+00A0) into the text around it, and remove it."""
    ref = node.name or ""  # "nbsp" for &nbsp;
    char = html.entities.html5.get(ref + ";", "")
    if not char:
        unknown.add(ref)
    text = char + (node.tail or "")
    parent = node.getparent()
    if parent is None:
        return
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(node)


def _local(name: str) -> str:
    """A tag or attribute name without its ``{namespace}`` or ``prefix:``."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _strip_position(message: str) -> str:
    return re.sub(r",? line \d+, column \d+.*$", "", message).strip() or message


def text_of(el: etree._Element | None) -> str:
    """All text inside ``el``, whitespace folded (for metadata)."""
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())

