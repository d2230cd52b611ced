"""BENCHMARK DOUBLE: a random-weight Transformer-base ru→en Argos package, built offline.

Not a translator: the weights are random (numpy, fixed seed), so the output is gibberish.
What matters for the benchmarks is that the model has the size and shape of a real Argos
ru→en model — CTranslate2 Transformer-base: 6 encoder + 6 decoder layers, d_model 512,
8 heads, FFN 2048, 32,000-entry vocabulary, int8 weights — so the time spent per sentence is
the time a real model spends.

The package has the real Argos layout:

- ``metadata.json`` (ru → en, type ``translate``);
- ``model/`` — the CTranslate2 model;
- ``sentencepiece.model`` — a small unigram model trained here, offline, on Russian text
  (the seed article plus sentences remixed from its words); the CTranslate2 vocabulary is its
  pieces padded with synthetic pieces up to 32,000;
- ``minisbd/ru_rules.onnx`` — the rule-based MiniSBD splitter from ``tests/tiny_argos.py``,
  so the stock ``argostranslate.translate`` path runs offline too.

Output length is not the model's choice (a random model stops whenever it happens to pick
``</s>``): every benchmark decodes with ``min_decoding_length = max_decoding_length =
DECODE_LEN``, so each sentence costs the same number of decoder steps in every run.

Usage as a script: ``python bench/make_base_model.py OUT_DIR`` (prints the package path).
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_ARTICLE = ROOT / "seeds" / "2025-10-09-putin-aliyev-dushanbe.ru.txt"

PKG_NAME = "translate-ru_en-bench_base"
PACKAGE_VERSION = "0.1"
VOCAB_SIZE = 32_000
D_MODEL = 512
NUM_HEADS = 8
FFN_DIM = 2048
NUM_LAYERS = (6, 6)
#: Target pieces produced per sentence (min = max decoding length) in every benchmark.
DECODE_LEN = 32
#: Decoding options every benchmark passes to CTranslate2 (besides the beam size).
FIXED_LENGTH = {"min_decoding_length": DECODE_LEN, "max_decoding_length": DECODE_LEN}
SEED = 1234


# ------------------------------------------------------------------ text
def article_sentences() -> list[str]:
    """The sentences of the seed article (razdel), without the ``date …`` metadata prefix and
    the photo caption (its credit would count as a sentence of its own)."""
    from razdel import sentenize

    text = SEED_ARTICLE.read_text(encoding="utf-8")
    text = re.sub(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+", "", text)
    out: list[str] = []
    for para in text.split("\n"):
        out += [s.text for s in sentenize(para) if len(s.text.split()) >= 3 and "Фото:" not in s.text]
    return out


def _words(sentences: list[str]) -> list[str]:
    return sorted({w for s in sentences for w in s.split() if w.isalpha()})


def synthetic_sentences(n: int, seed: int = SEED) -> list[str]:
    """``n`` distinct Russian sentences: article sentences with ~30% of their words swapped
    for other words of the article (same lengths and vocabulary as real news text, no
    duplicates, so no engine can win by de-duplicating)."""
    from razdel import sentenize

    rng = random.Random(seed)
    base = article_sentences()
    words = _words(base)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        tokens = rng.choice(base).split()
        for i, tok in enumerate(tokens):
            if tok.isalpha() and rng.random() < 0.3:
                tokens[i] = rng.choice(words)
        sent = " ".join(tokens)
        sent = sent[:1].upper() + sent[1:]
        if sent not in seen and len(list(sentenize(sent))) == 1:
            seen.add(sent)
            out.append(sent)
    return out


def synthetic_document(n_sentences: int, seed: int = SEED) -> str:
    """A plain-text article of ``n_sentences`` sentences in paragraphs of up to 5 sentences,
    separated by blank lines (the format ``bilingual translate`` reads). Each sentence stays
    one sentence for razdel (the project's segmenter), so the count is exact."""
    from razdel import sentenize

    rng = random.Random(seed + 1)
    paras: list[list[str]] = []
    want = 0
    for sent in synthetic_sentences(n_sentences, seed):
        if paras and len(paras[-1]) < want and len(list(sentenize(" ".join([*paras[-1], sent])))) == len(paras[-1]) + 1:
            paras[-1].append(sent)  # only where a segmenter still sees a boundary
        else:
            paras.append([sent])
            want = rng.randint(2, 5)
    return "\n\n".join(" ".join(p) for p in paras) + "\n"


# ---------------------------------------------------------- sentencepiece
def dictionary_words() -> list[str]:
    """About 25,000 Russian word forms sampled (deterministically) from pymorphy3's dictionary."""
    import itertools

    import pymorphy3

    words = pymorphy3.MorphAnalyzer().dictionary.words
    out: dict[str, None] = {}
    for a in "абвгдежзиклмнопрстуфхцчшэюя":
        for b in "аеиоуяыклмнпрств":
            out.update(dict.fromkeys(itertools.islice(words.iterkeys(a + b), 0, 2000, 17)))
    return list(out)


def training_corpus(seed: int = SEED) -> list[str]:
    """Russian text for SentencePiece: the article, remixes of it, and dictionary words."""
    rng = random.Random(seed + 3)
    vocab = dictionary_words()
    rng.shuffle(vocab)
    lines = [" ".join(vocab[i : i + 12]).capitalize() + "." for i in range(0, len(vocab), 12)]
    return article_sentences() * 5 + synthetic_sentences(3000, seed + 7) + lines


def train_sentencepiece(seed: int = SEED) -> bytes:
    """A unigram SentencePiece model trained offline on Russian text (deterministic)."""
    import sentencepiece as spm

    corpus = training_corpus(seed)
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus), model_writer=buf,
        model_type="unigram", vocab_size=8000, hard_vocab_limit=False,
        character_coverage=1.0, split_digits=True, minloglevel=2, num_threads=1,
        seed_sentencepiece_size=200_000, shuffle_input_sentence=False,
    )
    return buf.getvalue()


def padded_vocabulary(sp_bytes: bytes, size: int = VOCAB_SIZE) -> list[str]:
    """The SentencePiece pieces, then synthetic pieces ``▁zzNNNNN`` up to ``size``."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    have = set(vocab)
    i = 0
    while len(vocab) < size:
        piece = f"\u2581zz{i:05d}"
        if piece not in have:
            vocab.append(piece)
        i += 1
    return vocab


# ---------------------------------------------------------------- model
def build_ct2_model(vocab: list[str], model_dir: Path, *, seed: int = SEED,
                    quantization: str = "int8") -> None:
    """Write a random-weight Transformer-base CTranslate2 model to ``model_dir``."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    f32 = np.float32
    V, d, ff = len(vocab), D_MODEL, FFN_DIM

    def w(rows: int, cols: int) -> np.ndarray:  # Xavier-like: activations stay O(1)
        return (rng.standard_normal((rows, cols), dtype=f32) * (1.0 / np.sqrt(cols))).astype(f32)

    def b(n: int) -> np.ndarray:
        return (rng.standard_normal(n, dtype=f32) * 0.02).astype(f32)

    def ln(s) -> None:  # type: ignore[no-untyped-def]
        s.gamma = np.ones(d, f32)
        s.beta = np.zeros(d, f32)

    def linear(s, rows: int, cols: int) -> None:  # type: ignore[no-untyped-def]
        s.weight = w(rows, cols)
        s.bias = b(rows)

    def ffn(s) -> None:  # type: ignore[no-untyped-def]
        ln(s.layer_norm)
        linear(s.linear_0, ff, d)
        linear(s.linear_1, d, ff)

    spec = transformer_spec.TransformerSpec.from_config(NUM_LAYERS, num_heads=NUM_HEADS, pre_norm=True)
    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = (rng.standard_normal((V, d), dtype=f32) * d**-0.5).astype(f32)
    ln(enc.layer_norm)
    for layer in enc.layer:
        ln(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        ffn(layer.ffn)
    dec.embeddings.weight = (rng.standard_normal((V, d), dtype=f32) * d**-0.5).astype(f32)
    ln(dec.layer_norm)
    for layer in dec.layer:
        ln(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        ln(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d, d)
        linear(layer.attention.linear[1], 2 * d, d)
        linear(layer.attention.linear[2], d, d)
        ffn(layer.ffn)
    linear(dec.projection, V, d)

    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization=quantization)
    model_dir.mkdir(parents=True)
    spec.save(str(model_dir))


def _build_sbd_onnx() -> bytes:
    """The rule-based MiniSBD splitter of the tiny test package (``tests/tiny_argos.py``)."""
    import importlib.util

    # loaded by path: a site-packages "tests" package may shadow the repository's tests/
    spec = importlib.util.spec_from_file_location("_bilingual_tiny_argos", ROOT / "tests" / "tiny_argos.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_sbd_onnx("ru")


# -------------------------------------------------------------- package
def build_base_package(packages_dir: Path, *, seed: int = SEED, name: str = PKG_NAME) -> Path:
    """Build the unpacked package ``packages_dir/name`` (replaced if present); return its path.

    ``packages_dir`` can be used directly as ``ARGOS_PACKAGES_DIR``. Deterministic for a seed.
    """
    pkg_dir = Path(packages_dir) / name
    shutil.rmtree(pkg_dir, ignore_errors=True)
    pkg_dir.mkdir(parents=True)
    sp_bytes = train_sentencepiece(seed)
    (pkg_dir / "sentencepiece.model").write_bytes(sp_bytes)
    build_ct2_model(padded_vocabulary(sp_bytes), pkg_dir / "model", seed=seed)
    (pkg_dir / "minisbd").mkdir()
    (pkg_dir / "minisbd" / "ru_rules.onnx").write_bytes(_build_sbd_onnx())
    metadata = {
        "package_version": PACKAGE_VERSION, "argos_version": "1.9",
        "from_code": "ru", "from_name": "Russian", "to_code": "en", "to_name": "English",
        "type": "translate", "links": [],
        "description": "BENCHMARK DOUBLE: random-weight Transformer-base, not a translator",
    }
    (pkg_dir / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (pkg_dir / "README.md").write_text(
        "BENCHMARK DOUBLE: random-weight Transformer-base ru->en model. Not a translator.\n",
        encoding="utf-8")
    return pkg_dir


def zip_package(pkg_dir: Path, archive: Path) -> Path:
    """Zip ``pkg_dir`` as an ``.argosmodel`` (one top folder, fixed order and timestamps)."""
    pkg_dir, archive = Path(pkg_dir), Path(archive)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        for full in sorted(p for p in pkg_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(full.relative_to(pkg_dir.parent).as_posix(), (1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            z.writestr(info, full.read_bytes())
    return archive


def main(argv: list[str]) -> int:
    import time

    out = Path(argv[0] if argv else "bench_out")
    t0 = time.perf_counter()
    pkg = build_base_package(out)
    size = sum(p.stat().st_size for p in pkg.rglob("*") if p.is_file())
    print(f"{pkg} ({size / 1e6:.1f} MB, built in {time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
