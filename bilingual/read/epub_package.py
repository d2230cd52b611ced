"""The EPUB package layer: the zip archive (read under a size cap), the DRM checks,
``META-INF/container.xml`` → the OPF package file, its manifest and spine, and the
navigation labels (EPUB 3 nav document, EPUB 2 NCX).

Read with :mod:`zipfile` and lxml rather than ebooklib: ebooklib reads every member up front
(no cap on what a zip bomb unpacks to), raises bare ``KeyError``/``Exception`` on the damaged
books users have, and hides the spine's missing items; here every failure is a one-line
:class:`~bilingual.errors.InputError` naming the file and what to do.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from ..errors import InputError
from .common import clean_inline, refuse

__all__ = [
    "MAX_UNPACKED",
    "FONT_OBFUSCATION",
    "Item",
    "EpubArchive",
    "Package",
    "open_package",
    "xml_root",
    "local",
    "resolve",
    "Element",
]

#: An lxml element (lxml ships no type stubs, so this is only a name for readers).
Element = Any

#: The most bytes read out of one EPUB, all members together (a zip bomb stops here).
MAX_UNPACKED = 256 * 2**20
#: Encryption algorithms that only obfuscate embedded fonts (the IDPF's and Adobe's).
FONT_OBFUSCATION = frozenset({"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"})
#: Files whose presence means a DRM scheme: Adobe ADEPT, Apple FairPlay, Readium LCP.
DRM_FILES = ("META-INF/rights.xml", "META-INF/sinf.xml", "META-INF/license.lcpl")
_FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2", ".pfb", ".pfm", ".afm", ".fnt")
_DRM_HINT = (
    "{name} is encrypted (DRM); bilingual cannot read it — remove the DRM with the tool your shop allows "
    "or use a DRM-free copy"
)
_DAMAGED = "the EPUB is damaged; re-download it, or repair it with Calibre (ebook-convert book.epub fixed.epub)"


def local(el: Element) -> str:
    """The lower-case local name of an element's tag ("" for comments, entities and PIs)."""
    tag = getattr(el, "tag", None)
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def xml_root(data: bytes, recover: bool = False) -> Element:
    """Parse XML safely (no network, no external DTD, entities left unexpanded); raises lxml's
    ``XMLSyntaxError`` (or ``ValueError``) when it is not well formed, unless ``recover`` (then
    it may return None)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_pis=True, recover=recover)
    return etree.fromstring(data, parser)


def _package_xml(archive: EpubArchive, path: str, what: str, warnings: list[str], usable: Callable[[Element], bool]) -> Element:
    """A package file (container, OPF) parsed strictly, else leniently when what is recovered is
    ``usable`` (with a warning); else a one-line refusal."""
    from lxml import etree

    data = archive.read(path)
    try:
        return xml_root(data)
    except (etree.XMLSyntaxError, ValueError) as err:
        problem = _one_line(err)
    try:
        root = xml_root(data, recover=True)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is None or not usable(root):
        raise refuse(archive.name, f"{what} is not well-formed XML ({problem}); {_DAMAGED}")
    warnings.append(f"{path} is not well-formed XML ({problem}); read it leniently")
    return root


def resolve(base: str, href: str) -> tuple[str, str]:
    """(archive path, fragment) of ``href`` relative to the file ``base``; ("", "") for URLs
    with a scheme (``http:``, ``mailto:``, ``data:``)."""
    href = (href or "").strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href):
        return "", ""
    path, _, fragment = href.partition("#")
    path = unquote(path.split("?", 1)[0])
    if not path:
        return base, unquote(fragment)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    return ("" if joined.startswith("..") else joined.lstrip("/")), unquote(fragment)


@dataclass
class Item:
    """A manifest item: its id, archive path, media type and properties."""

    id: str
    path: str
    media_type: str
    properties: frozenset[str] = frozenset()
    href: str = ""  #: the href as the OPF writes it (relative to the OPF)

    @property
    def is_xhtml(self) -> bool:
        """An (X)HTML content document."""
        return self.media_type in ("application/xhtml+xml", "text/html", "application/xml", "text/xml") or (
            not self.media_type and self.path.lower().endswith((".xhtml", ".html", ".htm"))
        )


class EpubArchive:
    """The zip members of an EPUB, read with a cap on the total bytes unpacked."""

    def __init__(self, data: bytes, name: str, limit: int | None = None) -> None:
        self.name = name
        self.limit = MAX_UNPACKED if limit is None else limit
        self.read_bytes = 0
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError):
            raise refuse(
                name, "not an EPUB (it is not a zip archive, or a truncated one); give an .epub file — "
                "another format can be converted with Calibre: ebook-convert IN book.epub"
            ) from None
        self._infos = {info.filename: info for info in infos if not info.is_dir()}
        self._folded = {n.lower(): n for n in self._infos}

    def names(self) -> list[str]:
        """Archive paths of the files (no folders)."""
        return list(self._infos)

    def find(self, path: str) -> str | None:
        """The archive name for ``path`` (exact, then URL-decoded, then ignoring case), or None."""
        for candidate in (path, unquote(path), path.lstrip("/")):
            if candidate in self._infos:
                return candidate
        return self._folded.get(unquote(path).lstrip("/").lower())

    def read(self, path: str) -> bytes:
        """The bytes of member ``path`` (it must exist: see :meth:`find`), within the cap."""
        info = self._infos[self.find(path) or path]
        left = self.limit - self.read_bytes
        if info.file_size > left:
            raise self._bomb()
        try:
            with self.zip.open(info) as fh:
                data = fh.read(left + 1)
        except RuntimeError:  # zipfile's "File is encrypted, password required"
            raise refuse(self.name, f"{info.filename} is password-protected inside the zip; use an unprotected copy") from None
        except NotImplementedError:
            raise refuse(self.name, f"{info.filename} uses a zip compression Python cannot read; re-save the book with Calibre") from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as err:
            raise refuse(self.name, f"{info.filename} is damaged inside the zip ({_one_line(err)}); {_DAMAGED}") from None
        self.read_bytes += len(data)
        if self.read_bytes > self.limit:
            raise self._bomb()
        return data

    def _bomb(self) -> InputError:
        return InputError(
            f"{self.name} unpacks to more than {self.limit // 2**20} MB (a damaged file or a zip bomb); "
            f"bilingual reads EPUBs up to {self.limit // 2**20} MB unpacked — split the book or check the file"
        )


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


@dataclass
class Package:
    """An opened EPUB: its archive, the OPF, manifest, spine, navigation labels and warnings."""

    archive: EpubArchive
    opf_path: str
    opf: Element  #: the OPF's lxml root element
    manifest: dict[str, Item]
    spine: list[Item]
    nav_path: str = ""  #: the EPUB 3 navigation document, if any
    labels: dict[str, str] = field(default_factory=dict)  #: archive path → navigation label
    warnings: list[str] = field(default_factory=list)

    def item_at(self, path: str) -> Item | None:
        """The manifest item stored at archive path ``path``."""
        return next((item for item in self.manifest.values() if item.path == path), None)


def check_drm(archive: EpubArchive) -> None:
    """Refuse an EPUB whose content (anything but fonts) is encrypted, or that carries a DRM
    scheme's rights file."""
    for drm in DRM_FILES:
        if archive.find(drm):
            raise InputError(_DRM_HINT.format(name=archive.name))
    enc = archive.find("META-INF/encryption.xml")
    if not enc:
        return
    from lxml import etree

    try:
        root = xml_root(archive.read(enc))
    except (etree.XMLSyntaxError, ValueError):  # an unreadable encryption.xml cannot vouch for the content
        raise InputError(_DRM_HINT.format(name=archive.name)) from None
    for data in root.iter():
        if local(data) != "encrypteddata":
            continue
        algorithm = next((m.get("Algorithm", "") for m in data.iter() if local(m) == "encryptionmethod"), "")
        uri = next((r.get("URI", "") for r in data.iter() if local(r) == "cipherreference"), "")
        if algorithm.strip() in FONT_OBFUSCATION or unquote(uri).lower().endswith(_FONT_SUFFIXES):
            continue
        raise InputError(_DRM_HINT.format(name=archive.name))


def _opf_path(archive: EpubArchive, warnings: list[str]) -> str:
    container = archive.find("META-INF/container.xml")
    if container is None:
        opfs = [n for n in archive.names() if n.lower().endswith(".opf")]
        if len(opfs) == 1:
            warnings.append("META-INF/container.xml is missing; read the package file it would name, " + opfs[0])
            return opfs[0]
        raise refuse(
            archive.name, "a zip archive but not an EPUB (no META-INF/container.xml naming a package file); "
            "give an .epub file, or re-export the book as EPUB (e.g. with Calibre)"
        )
    has_rootfile = lambda root: any(local(el) == "rootfile" and el.get("full-path") for el in root.iter())
    root = _package_xml(archive, container, "META-INF/container.xml", warnings, has_rootfile)
    paths = [el.get("full-path", "") for el in root.iter() if local(el) == "rootfile"]
    typed = [
        el.get("full-path", "") for el in root.iter()
        if local(el) == "rootfile" and el.get("media-type", "") == "application/oebps-package+xml"
    ]  # fmt: skip
    path = next((p for p in typed + paths if p.strip()), "")
    if not path:
        raise refuse(archive.name, f"META-INF/container.xml names no package file (.opf); {_DAMAGED}")
    if archive.find(path) is None:
        raise refuse(archive.name, f"its package file {path} (named in META-INF/container.xml) is missing; {_DAMAGED}")
    return archive.find(path) or path


def open_package(data: bytes, name: str, limit: int | None = None) -> Package:
    """Open the EPUB in ``data``: DRM checks, container, OPF, manifest, spine (every spine file
    present), navigation labels. Raises one-line :class:`InputError` for what cannot be read."""
    archive = EpubArchive(data, name, limit)
    check_drm(archive)
    warnings: list[str] = []
    opf_path = _opf_path(archive, warnings)
    has_spine = lambda root: local(root) == "package" and any(local(el) == "itemref" for el in root.iter())
    opf = _package_xml(archive, opf_path, f"its package file {opf_path}", warnings, has_spine)
    if local(opf) != "package":
        raise refuse(name, f"{opf_path} is not an OPF package file (its root is <{local(opf)}>); {_DAMAGED}")
    manifest: dict[str, Item] = {}
    for el in opf.iter():
        if local(el) == "item" and el.get("id") and el.get("href"):
            path, _ = resolve(opf_path, el.get("href", ""))
            found = archive.find(path) if path else None
            props = frozenset((el.get("properties") or "").split())
            media_type = (el.get("media-type") or "").strip().lower()
            manifest[el.get("id", "")] = Item(el.get("id", ""), found or path, media_type, props, el.get("href", ""))
    spine_el = next((el for el in opf.iter() if local(el) == "spine"), None)
    spine: list[Item] = []
    for ref in [] if spine_el is None else [el for el in spine_el if local(el) == "itemref"]:
        item = manifest.get(ref.get("idref", ""))
        if item is None:
            raise refuse(name, f"its spine names item {ref.get('idref', '')!r}, which the manifest lacks; {_DAMAGED}")
        if archive.find(item.path) is None:
            raise refuse(name, f"{item.path or item.id} (in the spine) is missing from the archive; {_DAMAGED}")
        spine.append(item)
    if not spine:
        raise refuse(name, f"its package file {opf_path} lists no content (an empty spine); {_DAMAGED}")
    package = Package(archive, opf_path, opf, manifest, spine, warnings=warnings)
    _read_labels(package, spine_el)
    return package


# --------------------------------------------------------------------------- navigation
def _read_labels(package: Package, spine_el: Element) -> None:
    """Chapter labels by archive path: the EPUB 3 nav document's toc, then the EPUB 2 NCX."""
    from lxml import etree

    from .epub_xhtml import attr_tokens, parse_xhtml

    archive = package.archive
    nav = next((i for i in package.manifest.values() if "nav" in i.properties and archive.find(i.path)), None)
    if nav is not None:
        package.nav_path = nav.path
        try:
            root = parse_xhtml(archive.read(nav.path), nav.path, [])
        except InputError:
            root = None
        navs = [el for el in (root.iter() if root is not None else []) if local(el) == "nav"]
        toc = next((el for el in navs if "toc" in attr_tokens(el, "type")), navs[0] if navs else None)
        for a in toc.iter() if toc is not None else []:
            if local(a) == "a" and a.get("href"):
                _label(package, nav.path, a.get("href", ""), "".join(a.itertext()))
    ncx_id = spine_el.get("toc", "") if spine_el is not None else ""
    ncx = package.manifest.get(ncx_id) or next(
        (i for i in package.manifest.values() if i.media_type == "application/x-dtbncx+xml"), None
    )
    if ncx is not None and archive.find(ncx.path):
        try:
            root = xml_root(archive.read(ncx.path), recover=True)
        except (etree.XMLSyntaxError, ValueError):
            root = None
        if root is None:  # a broken NCX only costs the labels
            package.warnings.append(f"{ncx.path} (the EPUB 2 table of contents) is not well formed; chapter titles come from headings")
            return
        for point in root.iter():
            if local(point) != "navpoint":
                continue
            label = next((t for t in point.iter() if local(t) == "text"), None)
            content = next((c for c in point if local(c) == "content"), None)
            if label is not None and content is not None:
                _label(package, ncx.path, content.get("src", ""), "".join(label.itertext()))


def _label(package: Package, base: str, href: str, text: str) -> None:
    path, _ = resolve(base, href)
    label = " ".join(clean_inline(text).split())
    found = package.archive.find(path) if path else None
    if found and label and found not in package.labels:
        package.labels[found] = label
