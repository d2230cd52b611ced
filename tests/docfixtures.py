"""Hand-built translated documents for tests (no engine needed).

:func:`sample_document` follows the seed article (2025-10-09, Putin and Aliyev in Dushanbe):
a lead paragraph, three section headings, paragraphs, quotes, two captions (one with a photo
credit sentence, role "credit"), one untranslated sentence and one human-edited sentence, with
title, date, model and glossary metadata. :func:`nasty_document` holds markup and characters
XML forbids. :func:`make_block` builds a block with correct sentence offsets.
"""

from __future__ import annotations

from bilingual.model import Block, Document, GlossaryInfo, Metadata, ModelInfo, Sentence

__all__ = ["make_block", "sample_document", "nasty_document", "NASTY", "SAMPLE_HEADINGS"]

#: Markup, an ampersand, a NUL and a lone surrogate: must appear literally, minus NUL and surrogate.
NASTY = "AT&T <b>bold</b> \x00 \ud800"

Pair = tuple[str, str]


def make_block(kind: str, pairs: list[Pair], *, level: int = 0, credit: Pair | None = None,
               origins: list[str] | None = None) -> Block:
    """A block whose source is the sentences joined by spaces, offsets filled in.

    ``pairs`` are (Russian, English); an empty English text leaves the sentence untranslated.
    ``credit`` adds a final sentence with role "credit". ``origins`` overrides each origin.
    """
    sentences: list[Sentence] = []
    source = ""
    items = [(src, tgt, "text") for src, tgt in pairs]
    if credit is not None:
        items.append((credit[0], credit[1], "credit"))
    for i, (src, tgt, role) in enumerate(items):
        if source:
            source += " "
        start = len(source)
        source += src
        origin = origins[i] if origins and i < len(origins) else ("machine" if tgt else "")
        sentences.append(Sentence(start, len(source), src, tgt, origin=origin, role=role,
                                  machine_target=tgt if origin == "machine" else ""))
    return Block(kind, source, sentences, level=level if kind == "heading" else 0)


#: (Russian, English) of the sample's headings, in order.
SAMPLE_HEADINGS: list[Pair] = [
    ("Как прошли переговоры Путина и Алиева", "How the talks between Putin and Aliyev went"),
    ("Что еще Путин и Алиев обсуждали в Душанбе", "What else Putin and Aliyev discussed in Dushanbe"),
    ("Как будут развиваться отношения России и Азербайджана", "How relations between Russia and Azerbaijan will develop"),
]


def sample_document() -> Document:
    """A realistic translated article: 13 blocks, 22 sentences, one untranslated."""
    h1, h2, h3 = SAMPLE_HEADINGS
    blocks = [
        make_block("paragraph", [
            ("Президент России Владимир Путин и лидер Азербайджана Ильхам Алиев встретились 9 октября в Душанбе.",
             "Russian President Vladimir Putin and Azerbaijani leader Ilham Aliyev met in Dushanbe on October 9."),
            ("Переговоры в столице Таджикистана продлились более полутора часов и стали первой полноценной встречей глав двух государств за прошедший год.",
             "The talks in the capital of Tajikistan lasted more than an hour and a half and were the first full-fledged meeting of the two heads of state in the past year."),
            ("По мнению опрошенных NEWS.ru экспертов, этот диалог доказал стремление Москвы и Баку к дальнейшему развитию отношений.",
             "According to experts interviewed by NEWS.ru, this dialogue proved the desire of Moscow and Baku to develop relations further."),
        ]),
        make_block("heading", [h1], level=2),
        make_block("paragraph", [
            ("Встреча Путина и Алиева в правительственной резиденции Кохи Сомон началась с неформальной беседы и обмена рукопожатиями на фоне государственных флагов России и Азербайджана.",
             "The meeting between Putin and Aliyev at the Kohi Somon government residence began with an informal conversation and a handshake against the backdrop of the state flags of Russia and Azerbaijan."),
            ("После этого лидеры приступили к официальной части переговоров.",
             "After that, the leaders began the official part of the talks."),
        ]),
        make_block("paragraph", [
            ("Алиев поблагодарил коллегу за объективное расследование причин крушения.",
             "Aliyev thanked his colleague for the objective investigation into the causes of the crash."),
            ("Азербайджанский лидер также выразил признательность Путину за то, что он лично контролирует ход следствия.",
             ""),  # untranslated: the right side stays empty
        ]),
        make_block("quote", [
            ("«Надо сказать, что отношения наших стран осложнились именно после [катастрофы].",
             "“It must be said that relations between our countries became complicated precisely after [the disaster]."),
            ("Я верю, что Азербайджан также хочет развивать добрососедские отношения с Россией», — подчеркнул парламентарий.",
             "I believe that Azerbaijan also wants to develop good-neighbourly relations with Russia,” the parliamentarian stressed."),
        ]),
        make_block("caption", [
            ("Президент России Владимир Путин и лидер Азербайджана Ильхам Алиев",
             "Russian President Vladimir Putin and Azerbaijani leader Ilham Aliyev"),
        ], credit=("Фото: president.az", "Photo: president.az")),
        make_block("heading", [h2], level=2),
        make_block("paragraph", [
            ("Встреча Путина и Алиева продолжилась обсуждением широкой повестки двусторонних отношений.",
             "The meeting between Putin and Aliyev continued with a discussion of the broad agenda of bilateral relations."),
            ("Глава РФ заявил о развитии торгово-экономических связей Москвы и Баку, «несмотря на нюансы».",
             "The Russian leader spoke of the development of trade and economic ties between Moscow and Baku “despite the nuances”."),
        ], origins=["machine", "human"]),
        make_block("quote", [
            ("«Те дорожные карты, которые мы с вами утвердили, успешно реализуются», — подчеркнул он.",
             "“The road maps that you and I approved are being successfully implemented,” he stressed."),
        ]),
        make_block("heading", [h3], level=2),
        make_block("paragraph", [
            ("Депутат Госдумы Николай Будуев в разговоре с NEWS.ru назвал переговоры лидеров России и Азербайджана в Таджикистане конструктивными.",
             "State Duma deputy Nikolai Buduev, speaking to NEWS.ru, called the talks between the leaders of Russia and Azerbaijan in Tajikistan constructive."),
            ("По мнению парламентария, главы государств продемонстрировали, что они заинтересованы в урегулировании накопившихся вопросов.",
             "In the parliamentarian's view, the heads of state showed that they are interested in settling the accumulated issues."),
        ]),
        make_block("caption", [
            ("Президент России Владимир Путин и лидер Азербайджана Ильхам Алиев перед неформальным ужином глав государств СНГ в Душанбе",
             "Russian President Vladimir Putin and Azerbaijani leader Ilham Aliyev before an informal dinner of CIS heads of state in Dushanbe"),
        ]),
        make_block("paragraph", [
            ("Схожего мнения придерживается заместитель председателя комитета Госдумы по международным делам Светлана Журова.",
             "Svetlana Zhurova, deputy chair of the State Duma Committee on International Affairs, holds a similar view."),
            ("Надеюсь и верю, что Азербайджан останется нашим стратегическим партнером.",
             "I hope and believe that Azerbaijan will remain our strategic partner."),
        ]),
    ]
    meta = Metadata(
        title="Путин и Алиев провели переговоры в Душанбе",
        title_target="Putin and Aliyev held talks in Dushanbe",
        date="2025-10-09",
        source_file="seeds/2025-10-09-putin-aliyev-dushanbe.ru.txt",
        source_encoding="utf-8",
        model=ModelInfo(name="translate-ru_en", version="1.9", description="Argos Translate ru→en 1.9"),
        glossary=GlossaryInfo(path="glossary/ru-en.tsv", entries=42, sha256="0" * 64),
        created="2025-10-10T08:30:00Z",
        generator="bilingual 0.1.0",
    )
    return Document(meta=meta, blocks=blocks)


def nasty_document() -> Document:
    """Texts with markup, ``&``, XML-forbidden characters and quotes in every place a text goes."""
    blocks = [
        make_block("heading", [(f"Заголовок {NASTY}", f"Heading {NASTY}")], level=2),
        make_block("paragraph", [(f"Текст {NASTY}.", f"Text {NASTY}."), ("Ещё \x0b\x1f\ufffe\uffff «кавычки» 'single' \"double\".", "")]),
        make_block("quote", [(f"«Цитата]]> {NASTY}»", f"“Quote ]]> {NASTY}”")]),
        make_block("caption", [(f"Подпись {NASTY}", f"Caption {NASTY}")], credit=(f"Фото: {NASTY}", f"Photo: {NASTY}")),
    ]
    meta = Metadata(
        title=f"Заглавие {NASTY}",
        title_target=f"Title {NASTY}",
        date="2025-10-09",
        source_file="nasty&<odd>.txt",
        model=ModelInfo(name="model<&>", version="1.0\x01", description=""),
        glossary=GlossaryInfo(path="glossary/<&>.tsv", entries=1),
        created="2025-10-10T08:30:00+03:00",
        generator="bilingual 0.1.0",
    )
    return Document(meta=meta, blocks=blocks)
