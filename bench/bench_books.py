"""Books: cold run vs warm rerun, and reading + rendering cost by size.

    python bench/bench_books.py [--packages-dir DIR]   # ~6–10 minutes on 2 cores
    python bench/bench_books.py --quick                # 100 (cold vs warm), 500 and 1,000 sentences

Books are generated (chapters of ~400 sentences, paragraphs of 4 sentences drawn from the
seed article with words shuffled, a note every 50 paragraphs, an image, a poem per chapter) as
FB2 and as EPUB. Every measurement runs in a process of its own (a *worker*).

1. **Cold vs warm** on the 5,000-sentence FB2 book (500 with ``--quick``), with the bench's
   Transformer-base (``make_base_model.py``; the engine at its defaults, beam 4): the cold run
   (empty cache, no outputs: read, translate every sentence, render DOCX + EPUB, write JSON);
   the warm rerun as the pipeline does it now (read, every sentence from the cache, render and
   write everything again); and the warm rerun with edition stamps (:mod:`bilingual.stamps`:
   ``pipeline.write_outputs`` replaced by ``stamps.write_current`` in the worker unless the
   pipeline already uses it — read, every sentence from the cache, hash the document, keep
   the unchanged editions). Printed: seconds, cold ÷ warm (target ≥ 50×), and reading alone.
2. **By size**, with the tests' tiny test-double model (the engine is not measured): the warm
   rerun of 2k, 5k and 20k-sentence books as the pipeline does it now (render everything),
   seconds per 1,000 sentences (a flat column = linear) and peak RSS (target < 800 MB at 20k).
"""

from __future__ import annotations

import argparse
import inspect
import os
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


def _config(out: Path, packages_dir: Path | None, beam: int | None) -> object:
    from bilingual.pipeline import TranslateConfig
    from bilingual.translate.engine import EngineOptions

    engine = EngineOptions() if beam is None else EngineOptions(beam_size=beam)
    return TranslateConfig(out_dir=out, cache_dir=out / "cache", glossary=None, engine=engine,
                           packages_dir=packages_dir, auto_install=False)


def _use_stamps() -> str:
    """Route ``pipeline.write_outputs`` through :func:`bilingual.stamps.write_current` (the
    integration proposed for the pipeline), unless it already does; say which."""
    from bilingual import pipeline, stamps

    if "stamps" in inspect.getsource(pipeline.write_outputs):
        return "pipeline"
    pipeline.write_outputs = lambda doc, out_dir, stem, formats, render=None: stamps.write_current(  # type: ignore[assignment]
        doc, out_dir, stem, formats, render)
    return "patched"


def worker(book: Path, out: Path, mode: str, packages_dir: Path | None) -> dict[str, object]:
    """One run over ``book``: ``cold`` (fills the cache), ``warm`` (the pipeline as it is),
    ``stamped`` (with edition stamps). One JSON line on stdout."""
    from bilingual.pipeline import Translator, translate_file
    from bilingual.read import read_source

    from common import install_fixed_length

    if packages_dir is not None:
        install_fixed_length()
    t0 = time.perf_counter()
    doc = read_source(book).document
    t_read = time.perf_counter() - t0
    stamps = _use_stamps() if mode == "stamped" else ""
    # the tiny model decodes greedily (quicker; not measured); the bench model at the defaults
    config = _config(out, packages_dir, None if packages_dir is not None else 1)
    with Translator(config) as translator:
        t1 = time.perf_counter()
        result = translate_file(book, config, translator=translator)
        t_total = time.perf_counter() - t1
    return {"sentences": len(doc.sentences()), "blocks": len(doc.blocks), "read_s": t_read, "seconds": t_total,
            "cached": result.cached, "translated": result.translated, "peak_rss_mb": peak_rss_mb(), "stamps": stamps,
            "outputs": sorted(result.outputs)}


def _run(book: Path, out: Path, mode: str, env: dict[str, str], packages_dir: Path | None) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--worker", str(book), str(out), mode]
    if packages_dir is not None:
        cmd += ["--worker-packages", str(packages_dir)]
    t0 = time.perf_counter()
    run = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if run.returncode != 0:
        print(run.stderr[-2000:])
        raise SystemExit(f"worker {mode} failed for {book.name}")
    data = json.loads(run.stdout.strip().splitlines()[-1])
    data["process_s"] = time.perf_counter() - t0
    return data


def cold_warm(tmpdir: Path, n: int, packages_dir: Path) -> dict[str, object]:
    """Section 1: cold, warm as is, warm with stamps (its first run writes the stamps, the
    second is timed) on an ``n``-sentence FB2 book with the bench model."""
    book = make_fb2(n, tmpdir / f"cold-{n}.fb2")
    out = tmpdir / f"cold-out-{n}"
    env = _env(tmpdir, packages_dir)
    load_before = os.getloadavg()
    res: dict[str, object] = {"book_mb": book.stat().st_size / 1e6}
    for mode in ("cold", "warm", "stamped-first", "stamped"):
        res[mode] = _run(book, out, "stamped" if mode.startswith("stamped") else mode, env, packages_dir)
        print(f"  {mode}: {res[mode]['seconds']:.2f} s", flush=True)  # type: ignore[index]
    res["load_before"], res["load_after"] = load_before, os.getloadavg()
    return res


def by_size(tmpdir: Path, sizes: list[int]) -> list[tuple[str, int, int, dict[str, object]]]:
    """Section 2: cold (tiny model) then the timed warm rerun, FB2 and EPUB, each size."""
    _install_tiny(tmpdir)
    env = _env(tmpdir, tmpdir / "packages")
    rows = []
    for fmt, make in (("fb2", make_fb2), ("epub", make_epub)):
        for n in sizes:
            book = make(n, tmpdir / f"book-{n}.{fmt}")
            out = tmpdir / f"out-{fmt}-{n}"
            _run(book, out, "cold", env, None)
            rows.append((fmt, n, book.stat().st_size, _run(book, out, "warm", env, None)))
            print(f"  {fmt} {n} done", flush=True)
    return rows


def report(cw: dict[str, object] | None, rows: list) -> None:  # type: ignore[type-arg]
    if cw:
        cold, warm, st = cw["cold"], cw["warm"], cw["stamped"]  # type: ignore[index]
        print(f"\n== cold run vs warm rerun: {cold['sentences']:,}-sentence FB2 book ({cw['book_mb']:.1f} MB), "
              f"bench Transformer-base at the engine defaults; load average before {cw['load_before'][0]:.2f}, "  # type: ignore[index]
              f"after {cw['load_after'][0]:.2f} ==")  # type: ignore[index]
        print("| run | seconds | cold ÷ run | translated / cached | of which reading |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for label, d in (("cold (empty cache)", cold), ("warm, pipeline as is (renders everything)", warm),
                         (f"warm with edition stamps ({st['stamps']})", st)):
            print(f"| {label} | {d['seconds']:.2f} | {cold['seconds'] / d['seconds']:.1f}× | "
                  f"{d['translated']} / {d['cached']} | {d['read_s']:.2f} s |")
        ratio = cold["seconds"] / st["seconds"]
        print(f"cold ÷ warm with stamps = {ratio:.0f}× (target ≥ 50×: {'met' if ratio >= 50 else 'MISSED'}); "
              "seconds = translate_file in a fresh process (after imports); reading = read_source alone")
    if rows:
        print("\n| format | sentences | book size | warm rerun | per 1,000 sentences | of which reading | peak RSS |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for fmt, n, size, d in rows:
            k = d["sentences"] / 1000
            print(f"| {fmt} | {d['sentences']:,} | {size / 1e6:.1f} MB | {d['seconds']:.2f} s | {d['seconds'] / k:.3f} s | "
                  f"{d['read_s'] / k:.3f} s | {d['peak_rss_mb']:.0f} MB |")
        print("\nwarm rerun = read + translate from the cache + render DOCX and EPUB + write JSON (the pipeline as is), "
              f"in a fresh process after a cold run (tiny test-double model); translated: {', '.join(str(d['translated']) for *_, d in rows)}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--packages-dir", type=Path, default=None, help="the bench package (built if absent)")
    parser.add_argument("--only", default="coldwarm,sizes")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--worker", nargs=3, metavar=("BOOK", "OUT", "MODE"), help=argparse.SUPPRESS)
    parser.add_argument("--worker-packages", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(Path(args.worker[0]), Path(args.worker[1]), args.worker[2], args.worker_packages)))
        return
    from common import bench_packages, print_machine

    print_machine()
    wanted = args.only.split(",")
    sizes = [500, 1000] if args.quick else [2000, 5000, 20000]
    cw, rows = None, []
    with tempfile.TemporaryDirectory(prefix="bench-books-") as tmp:
        tmpdir = Path(tmp)
        if "coldwarm" in wanted:
            with bench_packages(args.packages_dir) as pdir:
                cw = cold_warm(tmpdir, 100 if args.quick else 5000, pdir)
        if "sizes" in wanted:
            rows = by_size(tmpdir, sizes)
    report(cw, rows)
    if args.json:
        args.json.write_text(json.dumps({"coldwarm": cw, "sizes": [
            {"format": f, "n": n, "bytes": b, **d} for f, n, b, d in rows]}, indent=2, default=str), encoding="utf-8")


def _env(tmpdir: Path, packages_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["ARGOS_PACKAGES_DIR"] = str(packages_dir)
    env["PYTHONPATH"] = f"{ROOT}:{ROOT / 'tests'}:{BENCH}"
    env["BILINGUAL_CACHE_DIR"] = str(tmpdir / "cache-unused")
    return env


def _install_tiny(tmpdir: Path) -> None:
    from tiny_argos import build_tiny_argosmodel

    from bilingual.translate import install_from_file

    if (tmpdir / "packages").is_dir():
        return
    archive = build_tiny_argosmodel(tmpdir / "tiny")
    install_from_file(archive, tmpdir / "packages")


if __name__ == "__main__":
    main()
