"""Books: reading + rendering cost by size, with the translation cache warm.

    python bench/bench_books.py            # 2k, 5k and 20k sentences, FB2 and EPUB (~3–6 minutes)
    python bench/bench_books.py --quick    # 500 and 1,000 sentences

For each size a book is generated (chapters of ~400 sentences, paragraphs of 4 sentences drawn
from the seed article with words shuffled, a note every 50 paragraphs, an image, a poem per
chapter) as FB2 and as EPUB. Each measurement runs in its own process (a *worker*): the first
``translate_file`` fills the cache (the tests' tiny test-double model: the engine is not what
is measured here), the second — the warm rerun, all sentences from the cache — is timed in a
process of its own (read, translate from the cache, render + write) and its peak RSS is read. Printed:
seconds per 1,000 sentences at each size (linear growth = a flat column) and peak RSS (target
< 800 MB at 20k).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(BENCH))
from common import peak_rss_mb  # noqa: E402

SENTENCES_PER_PARAGRAPH = 4
PARAGRAPHS_PER_CHAPTER = 100


def _sentences(n: int, seed: int = 7) -> list[str]:
    """``n`` distinct Russian sentences made from the seed article's words."""
    text = (ROOT / "seeds" / "2025-10-09-putin-aliyev-dushanbe.ru.txt").read_text(encoding="utf-8")
    words = re.findall(r"[А-Яа-яЁё]+", text)
    rng = random.Random(seed)
    out = []
    for i in range(n):
        k = rng.randint(6, 16)
        sent = " ".join(rng.choice(words) for _ in range(k))
        out.append(f"{sent[0].upper()}{sent[1:]} {i}.")
    return out


def _chapters(n: int) -> list[tuple[str, list[str]]]:
    sents = _sentences(n)
    paras = [" ".join(sents[i:i + SENTENCES_PER_PARAGRAPH]) for i in range(0, n, SENTENCES_PER_PARAGRAPH)]
    return [(f"Глава {k // PARAGRAPHS_PER_CHAPTER + 1}", paras[k:k + PARAGRAPHS_PER_CHAPTER])
            for k in range(0, len(paras), PARAGRAPHS_PER_CHAPTER)]


def make_fb2(n: int, path: Path) -> Path:
    """An FB2 book of about ``n`` sentences."""
    from xml.sax.saxutils import escape

    from bookdocs import tiny_png

    import base64

    body, notes = [], []
    note = 0
    for title, paras in _chapters(n):
        body.append(f"<section><title><p>{escape(title)}</p></title>")
        body.append("<poem><stanza><v>Мороз и солнце; день чудесный!</v><v>Ещё ты дремлешь, друг прелестный</v></stanza></poem>")
        for j, p in enumerate(paras):
            ref = ""
            if j % 50 == 0:
                note += 1
                ref = f'<a l:href="#n{note}" type="note">{note}</a>'
                notes.append(f'<section id="n{note}"><title><p>{note}</p></title><p>Примечание номер {note}.</p></section>')
            body.append(f"<p>{escape(p)}{ref}</p>")
        body.append("</section>")
    png = base64.b64encode(tiny_png(40, 30)).decode()
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0" xmlns:l="http://www.w3.org/1999/xlink">'
        "<description><title-info><genre>prose</genre><author><first-name>Иван</first-name><last-name>Петров</last-name></author>"
        "<book-title>Большая книга</book-title><lang>ru</lang></title-info></description>"
        '<body><section><title><p>Вступление</p></title><image l:href="#pic.png"/><p>Начало книги.</p></section>'
        + "".join(body) + '</body><body name="notes">' + "".join(notes) + "</body>"
        f'<binary id="pic.png" content-type="image/png">{png}</binary></FictionBook>'
    )
    path.write_text(xml, encoding="utf-8")
    return path


def make_epub(n: int, path: Path) -> Path:
    """An EPUB 3 book of about ``n`` sentences (ebooklib)."""
    from xml.sax.saxutils import escape

    from ebooklib import epub

    from bookdocs import tiny_png

    book = epub.EpubBook()
    book.set_identifier("bench-book")
    book.set_title("Большая книга")
    book.set_language("ru")
    book.add_author("Иван Петров")
    book.add_item(epub.EpubItem(uid="pic", file_name="pic.png", media_type="image/png", content=tiny_png(40, 30)))
    items = []
    for k, (title, paras) in enumerate(_chapters(n), 1):
        html = [f"<h1>{escape(title)}</h1>", '<figure><img src="pic.png" alt="Картинка"/><figcaption>Подпись к рисунку.</figcaption></figure>']
        notes = []
        for j, p in enumerate(paras):
            ref = ""
            if j % 50 == 0:
                ref = f'<a epub:type="noteref" href="#fn{k}-{j}">*</a>'
                notes.append(f'<aside epub:type="footnote" id="fn{k}-{j}"><p>Примечание к абзацу {j}.</p></aside>')
            html.append(f"<p>{escape(p)}{ref}</p>")
        item = epub.EpubHtml(title=title, file_name=f"ch{k}.xhtml", lang="ru")
        item.content = "".join(html + notes)
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    epub.write_epub(str(path), book)
    return path


def worker(book: Path, out: Path, cold: bool) -> dict[str, float]:
    """The cold run (fills the cache), or the timed warm run; one JSON line on stdout."""
    from bilingual.pipeline import TranslateConfig, Translator, translate_file
    from bilingual.read import read_source

    from bilingual.translate.engine import EngineOptions

    # greedy decoding makes the (unmeasured) cold run quicker; the warm run uses the same key
    config = TranslateConfig(out_dir=out, cache_dir=out / "cache", glossary=None, engine=EngineOptions(beam_size=1))
    if cold:
        t0 = time.perf_counter()
        translate_file(book, config)
        return {"cold_s": time.perf_counter() - t0}
    t0 = time.perf_counter()
    doc = read_source(book).document
    t_read = time.perf_counter() - t0
    with Translator(config) as translator:
        t1 = time.perf_counter()
        result = translate_file(book, config, translator=translator)
        t_total = time.perf_counter() - t1
    rss = peak_rss_mb()
    return {"sentences": len(doc.sentences()), "blocks": len(doc.blocks), "read_s": t_read, "warm_s": t_total,
            "cached": result.cached, "translated": result.translated, "peak_rss_mb": rss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--worker", nargs=3, metavar=("BOOK", "OUT", "COLD"))
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(Path(args.worker[0]), Path(args.worker[1]), args.worker[2] == "cold")))
        return
    sizes = [500, 1000] if args.quick else [2000, 5000, 20000]
    with tempfile.TemporaryDirectory(prefix="bench-books-") as tmp:
        tmpdir = Path(tmp)
        _install_tiny(tmpdir)
        rows = []
        for fmt, make in (("fb2", make_fb2), ("epub", make_epub)):
            for n in sizes:
                book = make(n, tmpdir / f"book-{n}.{fmt}")
                data = {}
                for mode in ("cold", "warm"):
                    run = subprocess.run([sys.executable, __file__, "--worker", str(book), str(tmpdir / f"out-{fmt}-{n}"), mode],
                                         capture_output=True, text=True, env=_env(tmpdir), check=False)
                    if run.returncode != 0:
                        print(run.stderr[-2000:])
                        raise SystemExit(f"worker failed for {book.name}")
                    data.update(json.loads(run.stdout.strip().splitlines()[-1]))
                rows.append((fmt, n, book.stat().st_size, data))
                print(f"{fmt} {n} done", flush=True)
    print("\n| format | sentences | book size | warm rerun | per 1,000 sentences | of which reading | peak RSS |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for fmt, n, size, d in rows:
        k = d["sentences"] / 1000
        print(f"| {fmt} | {d['sentences']:,} | {size / 1e6:.1f} MB | {d['warm_s']:.2f} s | {d['warm_s'] / k:.3f} s | "
              f"{d['read_s'] / k:.3f} s | {d['peak_rss_mb']:.0f} MB |")
    print("\nwarm rerun = read + translate from the cache + render DOCX and EPUB + write JSON, in a fresh process "
          f"after a cold run; all sentences from the cache (translated: {', '.join(str(d['translated']) for *_, d in rows)}).")


def _env(tmpdir: Path) -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["ARGOS_PACKAGES_DIR"] = str(tmpdir / "packages")
    env["PYTHONPATH"] = f"{ROOT}:{ROOT / 'tests'}"
    return env


def _install_tiny(tmpdir: Path) -> None:
    from tiny_argos import build_tiny_argosmodel

    from bilingual.translate import install_from_file

    archive = build_tiny_argosmodel(tmpdir / "tiny")
    install_from_file(archive, tmpdir / "packages")


if __name__ == "__main__":
    main()
