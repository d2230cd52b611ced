"""TEST DOUBLE: a tiny, deterministic, real-format ru→en Argos Translate package.

This is **not a real translator**. It builds, fully offline and in a few seconds, an
``.argosmodel`` archive with exactly the layout of a real Argos package (``metadata.json``,
a CTranslate2 ``model/`` directory, ``sentencepiece.model``, a ``minisbd/`` sentence
splitter, ``README.md``), so every code path that loads and runs Argos models can be tested
without downloading anything.

How it "translates": the CTranslate2 transformer is hand-wired, not trained. The encoder
layer is zeroed (identity); the decoder's cross-attention attends to source position ==
target position, and its output projection maps every source piece to a target piece
through the small ru→en word dictionary :data:`DICT` (identity for every other piece).
So the output is a monotone word-by-word gloss: dictionary words are replaced, everything
else — Latin words, numbers, punctuation, unknown Russian words — is copied through.
«Я люблю тебя.» → "I love you.".

For the glossary-enforcement tests some names come out "its own way", with real CTranslate2
decoding: :data:`OWN_WAY` names («Зеленский») at best beam score as "Zelenskiy", with the
glossary's "Zelensky" as a lower-ranked hypothesis of the same beam; :data:`REWRITES`
(«Лукашенко», and the Latin "Lukashenko" too) always as "Lukashenka". Words outside the
dictionary (a Cyrillic «Рахмон») are copied, so only giving the engine the English helps.

Positions go up to :data:`MAX_POS` (512 pieces, over 3x the longest sentence of the sample
article, whose Russian words outside the dictionary become many pieces) so long sentences fit
in one pass; a larger table would make every matrix, and so every test, slower.

The package also carries ``minisbd/ru_rules.onnx``, a rule-based sentence splitter in
MiniSBD's ONNX format, so stock ``argostranslate.translate`` also works offline with it
(its default splitter would otherwise try to download a model).

Needs only numpy, sentencepiece and ctranslate2. Output bytes are deterministic.

Usage as a script: ``python tests/tiny_argos.py [OUT_DIR]``.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import sys
import zipfile
from pathlib import Path

PKG_NAME = "translate-ru_en-tiny"
ARCHIVE_NAME = "tiny-ru_en.argosmodel"
PACKAGE_VERSION = "0.1"
#: Max positions (source pieces + </s>, and decoding steps). Also the longest sentence, in
#: SentencePiece pieces, that the model can take in one pass.
MAX_POS = 512
#: Logit bias of </s> (see :func:`_build_model`).
EOS_BIAS = -10.0

# ---------------------------------------------------------------- dictionary
_DICT_TEXT = """я=I ты=you он=he она=she мы=we они=they это=this
    люблю=love любит=loves любим=love вижу=see видит=sees видим=see тебя=you
    его=him её=her нас=us их=them мир=world мира=world миру=world
    привет=hello здравствуй=hello спасибо=thanks да=yes нет=no и=and или=or
    но=but не=not в=in на=on с=with из=from к=to о=about по=by для=for
    дом=house дома=house город=city города=city книга=book книгу=book
    книги=books читаю=read читает=reads пишу=write пишет=writes
    президент=president президента=president россии=Russia россия=Russia
    россию=Russia азербайджана=Azerbaijan азербайджан=Azerbaijan
    лидер=leader лидера=leader встретились=met встретился=met
    встреча=meeting встречи=meeting октября=October сентября=September
    ноября=November года=year год=year сегодня=today вчера=yesterday
    завтра=tomorrow утром=morning вечером=evening новый=new новая=new
    новое=new старый=old большой=big большая=big маленький=small
    хороший=good хорошая=good плохой=bad день=day ночь=night время=time
    человек=person люди=people страна=country страны=country народ=people
    правительство=government министр=minister министра=minister
    заявил=said сказал=said сказала=said говорит=says работа=work
    работает=works работаю=work школа=school школу=school учитель=teacher
    студент=student друг=friend друга=friend мама=mother папа=father
    брат=brother сестра=sister вода=water хлеб=bread чай=tea кофе=coffee
    кошка=cat собака=dog улица=street машина=car поезд=train
    самолёт=plane море=sea река=river лес=forest гора=mountain
    солнце=sun луна=moon небо=sky зима=winter лето=summer весна=spring
    осень=autumn язык=language русский=Russian английский=English
    перевод=translation переводчик=translator слово=word слова=words
    текст=text статья=article газета=newspaper новости=news
    что=that как=how путин=Putin путина=Putin алиев=Aliyev алиева=Aliyev
    владимир=Vladimir ильхам=Ilham душанбе=Dushanbe баку=Baku москвы=Moscow
    двух=two переговоры=talks переговоров=talks государств=states
    отношений=relations отношения=relations которые=which глава=head
    выразил=expressed депутат=deputy стран=countries подчеркнул=stressed
    диалог=dialogue за=for также=also очень=very после=after фото=photo
    этот=this этом=this"""
DICT: dict[str, str] = dict(pair.split("=") for pair in _DICT_TEXT.split())

# ------------------------------------------------- names rendered "its own way"
# For the glossary-enforcement tests: a real engine often writes a name its own way. These words
# are not in :data:`DICT` (so the training corpus, and every other word's pieces, stay as they
# were); each becomes one piece, wired as below.

#: Russian word → (best rendering, runner-up): the runner-up is a lower-ranked hypothesis of the
#: beam (logit :data:`RUNNER_UP_WEIGHT` of the best), so it shows up in the n-best list.
OWN_WAY: dict[str, tuple[str, str]] = {
    form: ("Zelenskiy", "Zelensky")
    for form in ("Зеленский", "Зеленского", "Зеленскому", "Зеленским", "Зеленском")
}
#: Words the engine always rewrites, Latin ones included: giving it the glossary's English in
#: the source does not help (the term is never met by decoding alone).
REWRITES: dict[str, str] = {"Лукашенко": "Lukashenka", "Lukashenko": "Lukashenka"}
#: Runner-up logit relative to the best (1.0): well above every other piece (0.0).
RUNNER_UP_WEIGHT = 0.8

# ------------------------------------------------------------------- corpus
_EN_LINES = """Hello world. I love you. We see the city. The president met the leader.
This is a small test. The news is good today. I read a book in the evening.
They work in the city. The teacher says hello. My friend writes a text.
The river is big and the sea is blue. The sun and the moon are in the sky.""".split("\n")


def _corpus(seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    ru_words = list(DICT)
    lines: list[str] = []
    # every dictionary word (both cases) many times, so each becomes one piece
    for _ in range(12):
        rng.shuffle(ru_words)
        for i in range(0, len(ru_words), 7):
            chunk = ru_words[i : i + 7]
            lines.append(" ".join(chunk).capitalize() + ".")
            lines.append(" ".join(DICT[w] for w in chunk).capitalize() + ".")
            lines.append(" ".join(w.capitalize() for w in chunk))
            lines.append(" ".join(DICT[w][:1].upper() + DICT[w][1:] for w in chunk))
    lines += [
        "Привет, мир! Я люблю тебя. Мы видим город.",
        "Президент России встретился с лидером Азербайджана 9 октября.",
        "«Это новый день», — сказал министр. Т.е. встреча была вчера.",
        "Сегодня утром я читаю книгу, а вечером пишу текст.",
    ] * 10
    lines += _EN_LINES * 10
    # every common character, so it gets its own piece instead of <unk>
    abc = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    lines += [
        " ".join(abc),
        " ".join(abc.upper()),
        " ".join("abcdefghijklmnopqrstuvwxyz"),
        " ".join("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        " ".join("0123456789"),
        " ".join("!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~№…–“”„’"),
    ] * 3
    return lines


# ------------------------------------------------ sentence splitter (ONNX)
# A minimal protobuf writer, so no 'onnx' package is needed.
def _v(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _ld(f: int, b: bytes) -> bytes:
    return _v(f << 3 | 2) + _v(len(b)) + b


def _i(f: int, n: int) -> bytes:
    return _v(f << 3) + _v(n)


def _s(f: int, s: str) -> bytes:
    return _ld(f, s.encode())


def _tensor(name, arr) -> bytes:
    import numpy as np

    arr = np.ascontiguousarray(arr)
    dt = {np.dtype(np.float32): 1, np.dtype(np.int64): 7}[arr.dtype]
    return b"".join(_i(1, d) for d in arr.shape) + _i(2, dt) + _s(8, name) + _ld(9, arr.tobytes())


def _node(op: str, ins: list[str], outs: list[str], **ints: int) -> bytes:
    attrs = b"".join(_ld(5, _s(1, k) + _i(3, v) + _i(20, 2)) for k, v in ints.items())
    return b"".join(_s(1, x) for x in ins) + b"".join(_s(2, x) for x in outs) + _s(4, op) + attrs


def _value_info(name: str, elem: int, dims: list) -> bytes:
    shape = b"".join(_ld(1, _s(2, d) if isinstance(d, str) else _i(1, d)) for d in dims)
    return _s(1, name) + _ld(2, _ld(1, _i(1, elem) + _ld(2, shape)))


def build_sbd_onnx(lang: str = "ru") -> bytes:
    """Rule-based sentence splitter in MiniSBD's ONNX format.

    Splits after . ! ? … (plus a closing quote) when followed by a space and an upper-case
    letter or an opening quote/dash. Inputs: 'units' [B,T] char ids, 'features' [B,T,2]
    (space_before, capitalized); output 'logits' [B,T,5] (class 1 = token end, 2 = sentence end).
    """
    import numpy as np

    TERM, CLOSE, OPEN = ".!?…", "»\")", "«\"—–(“„"
    units = ["<PAD>", "<UNK>"] + sorted(set(TERM + CLOSE + OPEN))
    V = len(units)
    f32 = np.float32
    base = np.zeros((V, 5), f32)
    base[1:, 1] = 1.0  # every char is a token end (class 1)
    term = np.array([[u in TERM] for u in units], f32)  # [V,1] -> Gather gives [B,T,1]
    close = np.array([[u in CLOSE] for u in units], f32)
    opn = np.array([[u in OPEN] for u in units], f32)
    init = {
        "base": base, "term": term, "close": close, "open": opn,
        "i0": np.array([0], np.int64), "i1": np.array([1], np.int64),
        "s1": np.array([1], np.int64), "s2": np.array([2], np.int64),
        "big": np.array([1 << 30], np.int64), "ax1": np.array([1], np.int64),
        "p1": np.array([0, 0, 0, 0, 1, 0], np.int64), "p2": np.array([0, 0, 0, 0, 2, 0], np.int64),
        "pr1": np.array([0, 1, 0, 0, 0, 0], np.int64),
        "one": np.array(1.0, f32), "zero": np.array(0.0, f32),
        "cls2": np.array([0, 0, 3, 0, 0], f32), "z1": np.array([0], np.int64),
    }

    def shift_left(x: str, k: int, out: str) -> list[bytes]:  # y[t] = x[t+k], 1.0 past the end
        return [
            _node("Slice", [x, "s%d" % k, "big", "ax1"], [out + "_s"]),
            _node("Pad", [out + "_s", "p%d" % k, "one"], [out]),
        ]

    nodes = [
        _node("Gather", ["base", "units"], ["b"], axis=0),
        _node("Gather", ["term", "units"], ["tm"], axis=0),
        _node("Gather", ["close", "units"], ["cl"], axis=0),
        _node("Gather", ["open", "units"], ["op"], axis=0),
        _node("Gather", ["features", "i0"], ["sp"], axis=2),  # feat 0: space_before
        _node("Gather", ["features", "i1"], ["up"], axis=2),  # feat 1: capitalized
    ]
    # a closing quote right after a terminator also ends the sentence: «Нет!» Затем
    nodes += [
        _node("Pad", ["tm", "pr1", "zero"], ["tmr_p"]),  # x[t-1] (len T+1)
        _node("Shape", ["tm"], ["T"]),
        _node("Gather", ["T", "i1"], ["Tv"], axis=0),
        _node("Slice", ["tmr_p", "z1", "Tv", "ax1"], ["tmr"]),
        _node("Mul", ["cl", "tmr"], ["cl_after"]),
        _node("Max", ["tm", "cl_after"], ["ender"]),
    ]
    nodes += shift_left("sp", 1, "sp1") + shift_left("up", 2, "up2") + shift_left("op", 2, "op2")
    nodes += [
        _node("Max", ["up2", "op2"], ["nxt"]),
        _node("Mul", ["ender", "sp1"], ["e1"]),
        _node("Mul", ["e1", "nxt"], ["se"]),
        _node("Mul", ["se", "cls2"], ["bonus"]),
        _node("Add", ["b", "bonus"], ["logits"]),
    ]
    graph = (
        b"".join(_ld(1, n) for n in nodes)
        + _s(2, "rule_sbd")
        + b"".join(_ld(5, _tensor(k, v)) for k, v in init.items())
        + _ld(11, _value_info("units", 7, ["B", "T"]))
        + _ld(11, _value_info("features", 1, ["B", "T", 2]))
        + _ld(12, _value_info("logits", 1, ["B", "T", 5]))
    )
    meta = {
        "lang_code": lang,
        "config": json.dumps({"feat_funcs": ["space_before", "capitalized"], "max_seqlen": 1000,
                              "batch_size": 32, "use_dictionary": False, "num_dict_feat": 0}),
        "vocab": json.dumps({"lang": lang, "idx": 0, "cutoff": 0, "lower": False,
                             "_unit2id": {u: i for i, u in enumerate(units)}, "_id2unit": units}),
    }
    return (
        _i(1, 8) + _s(2, "make_tiny_argos") + _ld(7, graph) + _ld(8, _s(1, "") + _i(2, 13))
        + b"".join(_ld(14, _s(1, k) + _s(2, v)) for k, v in meta.items())
    )


# ------------------------------------------------------------ model wiring
def _train_sentencepiece() -> bytes:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(_corpus()), model_writer=buf,
        model_type="unigram", vocab_size=1000, hard_vocab_limit=False,
        character_coverage=1.0, split_digits=True, minloglevel=2, num_threads=1,
        user_defined_symbols=["«", "»", "—"],
    )
    return _add_word_pieces(buf.getvalue())


def _add_word_pieces(proto: bytes) -> bytes:
    """Make every dictionary word (and its translation) a single piece.

    Unigram training on this tiny corpus leaves some words split (``▁`` + ``лю`` + ``б`` …);
    adding ``▁word`` pieces with the best normal score makes Viterbi segmentation prefer
    the whole word over any split into two or more pieces.
    """
    from sentencepiece import sentencepiece_model_pb2 as pb

    model = pb.ModelProto()
    model.ParseFromString(proto)
    normal = [p for p in model.pieces if p.type == pb.ModelProto.SentencePiece.NORMAL]
    best = max(p.score for p in normal)
    have = {p.piece for p in model.pieces}
    words: list[str] = []
    for ru, en in DICT.items():
        words += [ru, ru.capitalize(), en, en[:1].upper() + en[1:]]
    for ru, (first, runner_up) in OWN_WAY.items():
        words += [ru, first, runner_up]
    for ru, en in REWRITES.items():
        words += [ru, en]
    for word in words:
        piece = "\u2581" + word
        if piece not in have:
            have.add(piece)
            model.pieces.add(piece=piece, score=best, type=pb.ModelProto.SentencePiece.NORMAL)
    return model.SerializeToString(deterministic=True)


def _mapped_words() -> dict[str, str]:
    """The dictionary entries the model applies.

    The model works piece by piece, so a short word's piece also starts longer words
    (``▁с`` + ``толице``); one- and two-letter words other than я/мы/он/и are left out
    to keep such glitches rare.
    """
    return {ru: en for ru, en in DICT.items() if len(ru) >= 3 or ru in {"я", "мы", "он", "и"}}


def _build_model(vocab: list[str], model_dir: Path, quantization: str = "int8",
                 target_prefix: str = "") -> int:
    """Write the hand-wired CTranslate2 model; return how many pieces the dictionary maps.

    With ``target_prefix``, that token is added to the target vocabulary and the decoder's
    positions are shifted by one: the prefix takes target position 0 and source piece ``s``
    comes out at target position ``s + 1``. Such a model only translates correctly when the
    prefix is forced (as Argos does for packages with ``target_prefix`` in their metadata);
    without it the first piece comes out twice ("I I love you.").
    """
    import numpy as np
    from ctranslate2.specs import transformer_spec

    V, P = len(vocab), MAX_POS
    B = V + P  # the "fallback" dim: every decoder query has it; only the </s> key matches it
    d = V + P + 1  # dims [0,V): token one-hot, [V,V+P): position one-hot, B
    idx = {p: i for i, p in enumerate(vocab)}

    # source piece -> target piece (identity unless in the dictionary)
    mapping = list(range(V))
    mapped = 0
    for ru, en in _mapped_words().items():
        pairs = [(ru, en)]
        if len(ru) > 1 or ru == "я":  # not 'В'/'И'/...: they start names (▁В+ладимир)
            pairs.append((ru.capitalize(), en[:1].upper() + en[1:]))
        for r, e in pairs:
            rp, ep = "\u2581" + r, "\u2581" + e
            if rp in idx and ep in idx:
                mapping[idx[rp]] = idx[ep]
                mapped += 1

    runner_ups: list[tuple[int, int]] = []  # (source piece, second target piece)
    for ru, (best, runner_up) in OWN_WAY.items():
        rp, bp, up = ("\u2581" + w for w in (ru, best, runner_up))
        if rp in idx and bp in idx and up in idx:
            mapping[idx[rp]] = idx[bp]
            runner_ups.append((idx[rp], idx[up]))
    for ru, en in REWRITES.items():
        rp, ep = "\u2581" + ru, "\u2581" + en
        if rp in idx and ep in idx:
            mapping[idx[rp]] = idx[ep]

    spec = transformer_spec.TransformerSpec.from_config((1, 1), num_heads=1, pre_norm=True)
    spec.config.add_source_eos = True  # source </s> at position n => emit </s>
    f32 = np.float32
    eye_tok = np.zeros((d, d), f32)
    eye_tok[np.arange(V), np.arange(V)] = 1.0
    eye_pos = np.zeros((d, d), f32)
    eye_pos[V + np.arange(P), V + np.arange(P)] = 1.0
    pe = np.zeros((P, d), f32)
    pe[np.arange(P), V + np.arange(P)] = 1.0
    dec_pe = pe.copy()
    if target_prefix:  # target position t attends to source position max(t - 1, 0)
        dec_pe = np.zeros((P, d), f32)
        dec_pe[np.arange(1, P), V + np.arange(P - 1)] = 1.0
        dec_pe[0, V] = 1.0  # without the forced prefix, the first piece comes out twice
    dec_pe[:, B] = 1.0
    T = V + 1 if target_prefix else V  # target vocabulary size

    def ln(s) -> None:
        s.gamma = np.ones(d, f32)
        s.beta = np.zeros(d, f32)

    def zero_layer(layer) -> None:
        ln(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = np.zeros((3 * d, d), f32)
        layer.self_attention.linear[1].weight = np.zeros((d, d), f32)
        ln(layer.ffn.layer_norm)
        layer.ffn.linear_0.weight = np.zeros((8, d), f32)
        layer.ffn.linear_1.weight = np.zeros((d, 8), f32)

    enc, dec = spec.encoder, spec.decoder
    enc.scale_embeddings = False
    enc.embeddings[0].weight = np.eye(V, d, dtype=f32)
    enc.position_encodings.encodings = pe
    ln(enc.layer_norm)
    zero_layer(enc.layer[0])  # identity: attention and FFN add nothing

    dec.scale_embeddings = False
    dec.embeddings.weight = np.zeros((T, d), f32)  # ignore previous target token
    dec.position_encodings.encodings = dec_pe
    ln(dec.layer_norm)
    layer = dec.layer[0]
    zero_layer(layer)  # self-attention and FFN contribute nothing
    # Cross-attention: query pos t -> key pos t (score ~4x); every query also matches the
    # source </s> key at half that strength, so past the end of the source (where no
    # position matches) the decoder attends to </s> and emits </s>: beam search then ends
    # at the source length instead of running on to max_decoding_length.
    ln(layer.attention.layer_norm)
    query = 4.0 * eye_pos
    query[B, B] = 1.0
    key = eye_pos.copy()
    key[B, idx["</s>"]] = 2.0
    layer.attention.linear[0].weight = query
    layer.attention.linear[1].weight = np.concatenate([key, eye_tok])
    layer.attention.linear[2].weight = eye_tok
    proj = np.zeros((T, d), f32)
    proj[mapping, np.arange(V)] = 1.0
    for src, second in runner_ups:
        proj[second, src] = RUNNER_UP_WEIGHT
    dec.projection.weight = proj
    # </s> ranks last among the (equal) wrong pieces, so no beam ends early mid-sentence;
    # where </s> is copied it still wins by a wide margin.
    eos_bias = np.zeros(T, f32)
    eos_bias[idx["</s>"]] = EOS_BIAS
    dec.projection.bias = eos_bias

    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab + [target_prefix] if target_prefix else vocab)
    spec.validate()
    spec.optimize(quantization=quantization)
    model_dir.mkdir(parents=True)
    spec.save(str(model_dir))
    return mapped


def build_tiny_package_dir(pkg_dir: Path, *, target_prefix: str = "", sbd: bool = True,
                           package_version: str = PACKAGE_VERSION) -> Path:
    """Write the unpacked package directory ``pkg_dir`` (removed first if present).

    ``target_prefix`` is written to ``metadata.json`` when given, and the model expects it
    (see :func:`_build_model`): the translation is right only if the prefix is forced and
    then stripped from the output.
    """
    import sentencepiece as spm

    pkg_dir = Path(pkg_dir)
    shutil.rmtree(pkg_dir, ignore_errors=True)
    pkg_dir.mkdir(parents=True)
    sp_bytes = _train_sentencepiece()
    (pkg_dir / "sentencepiece.model").write_bytes(sp_bytes)
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    _build_model(vocab, pkg_dir / "model", target_prefix=target_prefix)
    if sbd:
        (pkg_dir / "minisbd").mkdir()
        (pkg_dir / "minisbd" / "ru_rules.onnx").write_bytes(build_sbd_onnx("ru"))
    metadata = {
        "package_version": package_version, "argos_version": "1.9",
        "from_code": "ru", "from_name": "Russian",
        "to_code": "en", "to_name": "English",
        "type": "translate", "links": [],
        "description": "TEST DOUBLE: word-by-word dictionary model of the bilingual tests, not a translator",
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    (pkg_dir / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (pkg_dir / "README.md").write_text(
        "TEST DOUBLE: tiny hand-wired ru->en model (word-by-word dictionary). "
        "Not a real translator.\n", encoding="utf-8")
    return pkg_dir


def zip_package_dir(pkg_dir: Path, archive: Path) -> Path:
    """Zip ``pkg_dir`` as ``archive`` (one top folder, fixed order and timestamps)."""
    pkg_dir, archive = Path(pkg_dir), Path(archive)
    base = pkg_dir.parent
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for full in sorted(p for p in pkg_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(full.relative_to(base).as_posix(), (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, full.read_bytes())
    return archive


def build_tiny_argosmodel(out_dir: Path, *, target_prefix: str = "", name: str = PKG_NAME,
                          archive_name: str = ARCHIVE_NAME,
                          package_version: str = PACKAGE_VERSION) -> Path:
    """Build the tiny test package into ``out_dir``; return the ``.argosmodel`` path.

    The archive holds one folder ``name/`` (default ``translate-ru_en-tiny``). Bytes are
    deterministic for the same arguments.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pkg_dir = build_tiny_package_dir(out_dir / name, target_prefix=target_prefix,
                                     package_version=package_version)
    archive = zip_package_dir(pkg_dir, out_dir / archive_name)
    shutil.rmtree(pkg_dir)
    return archive


if __name__ == "__main__":  # pragma: no cover - manual use
    path = build_tiny_argosmodel(Path(sys.argv[1] if len(sys.argv) > 1 else "tiny_out"))
    print(f"{path} ({path.stat().st_size} bytes)")
