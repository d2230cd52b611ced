"""Saved Russian news pages for the HTML reader's tests and ``bench/bench_html_extract.py``.

Each page is an :class:`Article` (what a reader must find: headings, paragraphs, quotes,
captions, list items, table cells, emphasis, metadata) put into a typical news-site layout
with the usual boilerplate around it (menus, sidebars with «Читайте также», comments, footers,
cookie banners, scripts). Everything the layout adds is listed in :attr:`Page.boilerplate`, so a
test or the benchmark can tell what leaked. The article's own content element carries
``id="article-body"`` (the accounting check walks it).

Layouts: :func:`semantic_page` (``<article>``, ``<figure>``, JSON-LD), :func:`legacy_page`
(no ``<article>``, div soup, windows-1251), :func:`linkfarm_page` (hundreds of link texts that
read like sentences), :func:`longread_page` (sections, a table, long reader comments),
:func:`brief_page` (a three-paragraph item drowned in teasers), :func:`blocks_page` (every
paragraph its own ``div``, teasers and ads between them), :func:`reviews_page` (ASP.NET: all in
one ``<form>``; a short ``<article>`` before long reader reviews). :func:`write_page` saves one
as "Save page, complete" does: ``NAME.html`` plus ``NAME_files/`` with the pictures.
"""

from __future__ import annotations

import html
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Article", "Page", "PAGES", "all_pages", "write_page", "png_bytes", "strip_tags", "emphasis_of"]


def png_bytes(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small valid PNG (solid colour), for the pictures of a saved page."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def strip_tags(fragment: str) -> str:
    """The folded text of an inline HTML fragment (tags dropped, entities decoded)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def emphasis_of(fragment: str) -> list[tuple[str, str]]:
    """(mark kind, text) of each ``<em>``/``<i>``/``<strong>``/``<b>`` in an inline fragment."""
    kinds = {"em": "em", "i": "em", "strong": "strong", "b": "strong"}
    return [(kinds[t], strip_tags(body)) for t, body in re.findall(r"<(em|i|strong|b)>(.*?)</\1>", fragment)]


@dataclass
class Article:
    """What the article holds. ``body`` items: ``("p", html)``, ``("h2", text)``, ``("h3", text)``,
    ``("quote", [html, …], attribution)``, ``("figure", file, alt, caption)``, ``("ul", [html, …])``,
    ``("ol", [html, …])``, ``("table", [[cell, …], …])``."""

    title: str
    lead: str
    body: list[tuple]
    author: str
    date: str  #: ISO date-time as the page gives it
    url: str
    site: str

    # ------------------------------------------------------------ expectations
    def expected(self) -> list[tuple[str, str]]:
        """(block kind, text) in reading order, the title first (images as ``image``)."""
        out = [("heading", self.title), ("paragraph", strip_tags(self.lead))]
        for item in self.body:
            tag = item[0]
            if tag == "p":
                out.append(("paragraph", strip_tags(item[1])))
            elif tag in ("h2", "h3"):
                out.append(("heading", item[1]))
            elif tag == "quote":
                out += [("quote", strip_tags(p)) for p in item[1]]
                if item[2]:
                    out.append(("attribution", strip_tags(item[2])))
            elif tag == "figure":
                out.append(("image", strip_tags(item[3])))
            elif tag in ("ul", "ol"):
                out += [("list-item", strip_tags(li)) for li in item[1]]
            elif tag == "table":
                out += [("table-cell", strip_tags(c)) for row in item[1] for c in row]
        return out

    def texts(self, *kinds: str) -> list[str]:
        """The expected texts of blocks of ``kinds``."""
        return [t for k, t in self.expected() if k in kinds]

    def headings(self) -> list[tuple[int, str]]:
        """(level, text) of every heading, the title first."""
        return [(1, self.title)] + [(int(i[0][1]), i[1]) for i in self.body if i[0] in ("h2", "h3")]

    def emphasis(self) -> list[tuple[str, str]]:
        """(mark kind, text) of every emphasised run in the article."""
        frags = [self.lead]
        for item in self.body:
            if item[0] == "p":
                frags.append(item[1])
            elif item[0] in ("quote", "ul", "ol"):
                frags += list(item[1])
        return [e for f in frags for e in emphasis_of(f)]

    def images(self) -> list[str]:
        """File names of the article's pictures."""
        return [i[1] for i in self.body if i[0] == "figure"]

    # ------------------------------------------------------------ rendering
    def body_html(self, *, figures: bool = True, files: str = "page_files") -> str:
        """The article's content as HTML (``<figure>`` or an old-style ``div.photo`` per picture)."""
        parts = []
        for item in self.body:
            tag = item[0]
            if tag == "p":
                parts.append(f"<p>{item[1]}</p>")
            elif tag in ("h2", "h3"):
                parts.append(f"<{tag}>{item[1]}</{tag}>")
            elif tag == "quote":
                inner = "".join(f"<p>{p}</p>" for p in item[1])
                cite = f"<footer>{item[2]}</footer>" if item[2] else ""
                parts.append(f"<blockquote>{inner}{cite}</blockquote>")
            elif tag == "figure":
                _, file, alt, caption = item
                img = f'<img src="{files}/{file}" alt="{html.escape(alt)}" width="800" height="533">'
                if figures:
                    parts.append(f'<figure class="article__image">{img}<figcaption>{caption}</figcaption></figure>')
                else:
                    parts.append(f'<div class="photo">{img}<div class="photo__text">{caption}</div></div>')
            elif tag in ("ul", "ol"):
                parts.append(f"<{tag}>" + "".join(f"<li>{li}</li>" for li in item[1]) + f"</{tag}>")
            elif tag == "table":
                rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in item[1])
                parts.append(f'<table class="data"><tbody>{rows}</tbody></table>')
        return "\n".join(parts)


@dataclass
class Page:
    """A saved page: its HTML bytes, the article inside it, the boilerplate around it."""

    name: str
    article: Article
    html: bytes
    boilerplate: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    files: dict[str, bytes] = field(default_factory=dict)  #: picture name → bytes, in NAME_files/
    clean_body: bool = True  #: ``#article-body`` holds only the article (no injected teasers or ads)

    def leaked(self, texts: list[str]) -> list[str]:
        """The boilerplate lines found in any of ``texts`` (lines the article itself holds excluded)."""
        article = " ".join(t for _, t in self.article.expected())
        return [b for b in self.boilerplate if b not in article and any(b in t for t in texts)]


def write_page(folder: Path, page: Page, *, with_files: bool = True) -> Path:
    """Save ``page`` as ``folder/NAME.html`` (and ``NAME_files/`` with its pictures); returns the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{page.name}.html"
    data = page.html.replace(b"page_files/", f"{page.name}_files/".encode())
    path.write_bytes(data)
    if with_files and page.files:
        files = folder / f"{page.name}_files"
        files.mkdir(exist_ok=True)
        for name, blob in page.files.items():
            (files / name).write_bytes(blob)
    return path


# ============================================================ the articles
BRIDGE = Article(
    title="В Казани открыли новый мост через Казанку",
    lead="Движение по мосту между Ново-Савиновским и Вахитовским районами запустили в субботу утром, "
    "на два месяца раньше срока.",
    body=[
        ("p", "Длина перехода составила 820 метров, по нему проходят шесть полос движения и выделенная линия "
         "для трамвая. Строители работали в три смены с весны прошлого года."),
        ("p", "По словам мэра, мост <strong>разгрузит центр города</strong> в часы пик и сократит путь "
         "жителей северных районов на двадцать минут."),
        ("h2", "Что изменится для водителей"),
        ("p", "Городские власти изменили схему движения на прилегающих улицах. Разворот у набережной "
         "закрыли, а на въезде поставили <em>умные светофоры</em>, которые подстраиваются под поток машин."),
        ("figure", "bridge.png", "Новый мост на рассвете",
         "Мост через Казанку в день открытия. Фото: Ильдар Сафин / «Вечерняя Казань»"),
        ("quote", ["Мы обещали горожанам этот мост к осени, а сдали его летом. Теперь очередь за развязкой "
                   "у кремля."], "Ринат Гилязов, мэр Казани"),
        ("p", "Городской транспорт пустят по мосту с понедельника. Изменения коснутся трёх маршрутов:"),
        ("ul", ["автобус № 10 пойдёт через Ново-Савиновский район;",
                "трамвай № 5 продлят до улицы Чистопольской;",
                "троллейбус № 2 будет ходить каждые <em>семь минут</em>."]),
        ("h2", "Сколько стоил переход"),
        ("p", "Строительство обошлось бюджету республики в 14,6 миллиарда рублей. Часть средств выделили "
         "из федеральной программы «Безопасные качественные дороги»."),
        ("p", "Следующим этапом станет реконструкция старого Кировской дамбы, работы начнутся весной."),
    ],
    author="Алсу Хабибуллина",
    date="2025-07-12T09:30:00+03:00",
    url="https://kazan-vecher.ru/news/2025/07/12/novyi-most",
    site="Вечерняя Казань",
)

RATE = Article(
    title="Центробанк сохранил ключевую ставку на уровне 18 процентов",
    lead="Совет директоров Банка России на заседании в пятницу оставил ставку без изменений, "
    "хотя часть аналитиков ждала снижения.",
    body=[
        ("p", "Регулятор объяснил решение тем, что инфляция замедляется медленнее, чем ожидалось весной. "
         "Годовой рост цен в сентябре составил 7,9 процента."),
        ("p", "Аналитики крупнейших банков разошлись в прогнозах. <b>Семь из двенадцати</b> опрошенных "
         "экспертов ждали сохранения ставки, остальные говорили о снижении на один пункт."),
        ("quote", ["Мы видим признаки охлаждения экономики, но их пока недостаточно, чтобы смягчать "
                   "политику.", "Решение о снижении будет приниматься на следующих заседаниях."],
         "Из заявления совета директоров"),
        ("p", "Рубль после публикации решения почти не изменился: курс доллара на бирже держался около "
         "<i>девяноста двух рублей</i>."),
        ("figure", "rate.png", "Здание Банка России",
         "Здание Банка России на Неглинной улице. Фото: Павел Громов / РИА «Деловой день»"),
        ("p", "Следующее заседание по ставке пройдёт в конце октября. К этому времени регулятор обновит "
         "макроэкономический прогноз."),
        ("p", "Эксперты советуют вкладчикам не торопиться с долгими депозитами, пока ставки остаются высокими."),
    ],
    author="Игорь Смолин",
    date="2025-09-12T13:45:00+03:00",
    url="https://delovoy-den.ru/economy/cb-rate-18",
    site="Деловой день",
)

FRESCO = Article(
    title="Как в Новгороде спасают фрески двенадцатого века",
    lead="Реставраторы закончили первый этап работ в церкви на Нередице: под слоем копоти нашли "
    "росписи, которые считались утраченными.",
    body=[
        ("h2", "Восемь лет под лесами"),
        ("p", "Работы начались в 2017 году. Сначала специалисты укрепили своды и стены, затем собрали "
         "из фрагментов <em>более трёх тысяч</em> кусочков штукатурки."),
        ("p", "Каждый фрагмент сфотографировали и описали. Базу данных использовали, чтобы найти место "
         "обломка на стене, — почти как в огромном пазле."),
        ("figure", "fresco1.png", "Фрагмент росписи", "Фрагмент росписи южной стены. Фото: Мария Ветрова"),
        ("h3", "Находка на северной стене"),
        ("p", "Весной под поздней побелкой открылась сцена Благовещения. Её считали погибшей в годы войны, "
         "когда храм был почти полностью разрушен."),
        ("quote", ["Мы сняли первый слой и увидели лицо ангела.", "Несколько минут никто не мог сказать ни слова."],
         "Ольга Лаврова, руководитель реставрационной группы"),
        ("h2", "Что дальше"),
        ("p", "Реставраторы составили план на ближайшие годы:"),
        ("ol", ["закончить укрепление штукатурки в алтаре;",
                "восстановить <strong>западную стену</strong> по архивным снимкам;",
                "открыть храм для посетителей."]),
        ("p", "Стоимость работ по годам приведена в таблице."),
        ("table", [["Год", "Работы", "Сумма, млн рублей"],
                   ["2023", "Укрепление сводов", "48"],
                   ["2024", "Сборка фрагментов", "31"]]),
        ("figure", "fresco2.png", "Реставраторы за работой",
         "Реставраторы собирают фрагменты росписи. Фото: пресс-служба музея-заповедника"),
        ("p", "Открыть церковь для посетителей планируют к лету 2027 года, если не помешает погода."),
    ],
    author="Вера Кудрявцева",
    date="2025-05-20T08:00:00+03:00",
    url="https://north-chronicle.ru/culture/neredica-frescoes",
    site="Северная хроника",
)

CRYSTAL = Article(
    title="Новосибирские физики вырастили кристалл для лазеров нового типа",
    lead="Учёные Академгородка получили кристалл, который позволит делать компактные лазеры "
    "среднего инфракрасного диапазона.",
    body=[
        ("p", "Кристалл выращивали почти четыре месяца в специальной печи, температуру в которой "
         "держали с точностью до <em>десятой доли градуса</em>."),
        ("p", "Такие лазеры нужны медикам и экологам: с их помощью можно находить следы газов в воздухе "
         "и проводить бескровные операции."),
        ("quote", ["Раньше подобные кристаллы закупали за рубежом, теперь у нас есть своя технология."], ""),
        ("p", "Результаты работы опубликованы в журнале «Квантовая электроника». Следующий шаг — "
         "<strong>опытная партия</strong> из десяти кристаллов."),
        ("figure", "crystal.png", "Кристалл под микроскопом",
         "Кристалл после огранки. Фото: Институт физики полупроводников"),
        ("p", "Исследование поддержано грантом Российского научного фонда."),
    ],
    author="Сергей Ткачёв",
    date="2025-03-03T11:10:00+07:00",
    url="https://sib-science.ru/news/laser-crystal",
    site="Наука Сибири",
)

STORM = Article(
    title="На Приморье надвигается тайфун «Мирай»",
    lead="Синоптики предупредили о ливнях и штормовом ветре до 30 метров в секунду.",
    body=[
        ("p", "Тайфун придёт в край в ночь на среду. В школах Владивостока отменили занятия, "
         "а паромы на остров Русский <strong>не выйдут в рейс</strong>."),
        ("p", "Жителей просят не парковать машины под деревьями и запастись питьевой водой "
         "на двое суток."),
        ("p", "Оперативный штаб будет заседать каждые шесть часов, пока угроза не минует."),
    ],
    author="Дмитрий Ли",
    date="2025-08-26T17:20:00+10:00",
    url="https://vostok-24.ru/news/typhoon-mirai",
    site="Восток 24",
)

BUS = Article(
    title="В Екатеринбурге вышли на линию первые электробусы",
    lead="Десять электробусов начали возить пассажиров по маршруту от вокзала до Академического района.",
    body=[
        ("p", "Машины собраны на уральском заводе и рассчитаны на 85 пассажиров. На одной зарядке "
         "электробус проходит <strong>до 250 километров</strong>."),
        ("p", "Зарядные станции поставили на конечных остановках: полный цикл занимает около сорока минут."),
        ("figure", "bus.png", "Электробус на остановке",
         "Электробус на улице Малышева. Фото: Анна Зуева / «Урал Сегодня»"),
        ("p", "Проезд стоит столько же, сколько в обычном автобусе, оплатить его можно картой "
         "или <em>транспортной картой «Екарта»</em>."),
        ("quote", ["Если пассажирам понравится, к концу года электробусов станет сорок."], "Олег Чернов, "
         "директор транспортного предприятия"),
        ("h2", "Где ещё появятся электробусы"),
        ("p", "Следующими на электротягу переведут маршруты на Уралмаш и в Верх-Исетский район."),
        ("p", "Городские власти рассчитывают, что за пять лет электробусы заменят половину дизельных машин."),
    ],
    author="Анна Зуева",
    date="2025-10-01T07:00:00+05:00",
    url="https://ural-today.ru/news/2025-10-01-electrobus",
    site="Урал Сегодня",
)

LIBRARY = Article(
    title="В Томске после ремонта открылась старейшая библиотека Сибири",
    lead="Научная библиотека университета снова принимает читателей после трёх лет реставрации.",
    body=[
        ("p", "В читальных залах восстановили лепнину и дубовые стеллажи, а в подвале оборудовали "
         "хранилище для <em>редких книг</em> с постоянной температурой и влажностью."),
        ("p", "Первыми посетителями стали студенты-историки: для них провели экскурсию по залам, "
         "закрытым для публики больше века."),
        ("p", "Записаться в библиотеку может любой житель города, читательский билет выдают бесплатно."),
    ],
    author="Ксения Орлова",
    date="2025-02-14T10:00:00+07:00",
    url="https://tomsk-news.ru/culture/library-reopened",
    site="Томские новости",
)

# ============================================================ boilerplate pieces
MENU = ["Главная", "Новости", "Политика", "Экономика", "Общество", "Происшествия", "Спорт", "Культура",
        "Наука", "Авто", "Недвижимость", "Афиша", "Спецпроекты", "Подкасты"]
COOKIE = "Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая пользоваться сайтом, вы соглашаетесь с этим."
SUBSCRIBE = "Подпишитесь на наш канал в мессенджере, чтобы первыми узнавать главные новости региона"
RELATED = [
    "В Набережных Челнах открыли новую поликлинику на двести посещений в смену",
    "Цены на бензин в Татарстане выросли за неделю на полтора процента",
    "Синоптики пообещали жителям республики тёплую и сухую осень без заморозков",
    "Власти города объявили конкурс на лучший проект благоустройства набережной",
    "Мэрия назвала сроки ремонта главного проспекта после жалоб жителей",
]
HEADLINES = [
    "Путешественник из Омска прошёл пешком тысячу километров по Алтаю за месяц",
    "В Подмосковье нашли клад монет времён Петра Первого при ремонте дачи",
    "Школьники из Перми победили на международной олимпиаде по программированию",
    "Врачи рассказали, как правильно пить воду в сильную жару, чтобы не навредить себе",
    "Новые правила техосмотра вступят в силу с первого марта следующего года",
    "Аэропорт Сочи обновил рекорд пассажиропотока за летний сезон",
    "Учёные назвали продукты, которые помогают лучше спать после тяжёлого дня",
    "Известный режиссёр начал съёмки фильма о покорителях Арктики в Мурманске",
    "В Калининграде построят новый терминал для круизных лайнеров к две тысячи тридцатому году",
    "Эксперты объяснили, почему подорожали авиабилеты на популярные направления",
    "Жители Самары смогут оплачивать проезд в трамваях по лицу уже этой осенью",
    "Волонтёры очистили берег Байкала от двух тонн мусора за одни выходные",
]
COMMENTS = [
    "Давно пора было это сделать, а то в пробках стояли по часу каждый день. Спасибо строителям!",
    "Интересно, сколько на самом деле потратили денег и почему никто не публикует смету полностью?",
    "У нас во дворе уже третий год не могут сделать нормальный тротуар, а тут миллиарды на мосты.",
]
FOOTER = [
    "© 2025 Вечерняя Казань. Все права защищены.",
    "Сетевое издание зарегистрировано Роскомнадзором, свидетельство Эл № ФС 77-12345.",
    "При полном или частичном использовании материалов ссылка на сайт обязательна.",
    "Редакция: +7 (843) 000-00-00, info@example.ru",
    "Реклама на сайте",
    "Политика конфиденциальности",
]
SCRIPT_TEXT = "Включите JavaScript, чтобы видеть комментарии читателей"
#: Boilerplate that sites inject inside the article's own content element.
INJECT_RELATED = ('<div class="inject-related"><b>Читайте также:</b> <a href="/n/99">Сибирские учёные '
                  'создали датчик для поиска утечек газа на трубопроводах</a></div>')
INJECT_AD = '<div class="banner-inline"><span>Реклама</span><div id="adfox_123"></div></div>'
INJECT_TEXTS = ["Читайте также:", "Сибирские учёные создали датчик для поиска утечек газа на трубопроводах"]


def _inject(body: str, after: int, snippet: str) -> str:
    """``snippet`` put after the ``after``-th line of an article body (as sites inject teasers)."""
    lines = body.split("\n")
    return "\n".join(lines[:after] + [snippet] + lines[after:])


def _head(a: Article, charset: str = "utf-8", *, og: bool = True, jsonld: bool = False) -> str:
    meta = f'<meta charset="{charset}">' if charset == "utf-8" else (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    tags = [meta, f"<title>{a.title} — {a.site}</title>", f'<link rel="canonical" href="{a.url}">',
            '<style>.menu{display:flex} body::before{content:"Реклама"}</style>',
            '<script>window.dataLayer=[];var msg="Подпишитесь на рассылку новостей";</script>']
    if og:
        tags += [f'<meta property="og:title" content="{html.escape(a.title)}">',
                 f'<meta property="og:site_name" content="{html.escape(a.site)}">',
                 f'<meta property="og:url" content="{a.url}">',
                 f'<meta property="article:published_time" content="{a.date}">',
                 f'<meta name="author" content="{html.escape(a.author)}">',
                 f'<meta name="description" content="{html.escape(strip_tags(a.lead))}">']
    if jsonld:
        tags.append('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
                    f'"headline":"{a.title}","datePublished":"{a.date}",'
                    f'"author":{{"@type":"Person","name":"{a.author}"}},'
                    f'"publisher":{{"@type":"Organization","name":"{a.site}"}}}}</script>')
    return "<head>" + "\n".join(tags) + "</head>"


def _menu(cls: str = "menu", items: list[str] = MENU) -> str:
    return f'<ul class="{cls}">' + "".join(f'<li><a href="/{i}">{i}</a></li>' for i in items) + "</ul>"


def _links(items: list[str], cls: str = "news-list") -> str:
    return f'<ul class="{cls}">' + "".join(f'<li><a href="/n/{k}">{t}</a></li>' for k, t in enumerate(items)) + "</ul>"


def _comments(items: list[str]) -> str:
    return ('<section class="comments" id="comments"><h3>Комментарии (3)</h3>' + "".join(
        f'<div class="comment"><span class="comment__author">Читатель {k}</span><p>{c}</p></div>'
        for k, c in enumerate(items)) + f"<noscript>{SCRIPT_TEXT}</noscript></section>")


def _footer(site: str) -> str:
    lines = [f.replace("Вечерняя Казань", site) for f in FOOTER]
    return "<footer class=\"footer\">" + _menu("footer-menu", MENU[1:8]) + "".join(f"<p>{f}</p>" for f in lines) + "</footer>"


def _boiler(site: str, *extra: list[str]) -> list[str]:
    out = MENU + [COOKIE, SUBSCRIBE, "Комментарии (3)", SCRIPT_TEXT, "Подпишитесь на рассылку новостей", "Реклама"]
    out += [f.replace("Вечерняя Казань", site) for f in FOOTER]
    for more in extra:
        out += more
    return out


def _files(a: Article) -> dict[str, bytes]:
    colours = [(200, 30, 30), (30, 160, 60), (40, 60, 200), (220, 180, 20)]
    return {name: png_bytes(4 + k, 3, colours[k % 4]) for k, name in enumerate(a.images())}


# ============================================================ the layouts
def semantic_page() -> Page:
    """A modern page: header nav, ``<main><article>`` with a byline, ``<figure>``s, an ``<aside>``
    «Читайте также», comments, a footer, a cookie banner; JSON-LD metadata; UTF-8."""
    a = BRIDGE
    doc = f"""<!DOCTYPE html><html lang="ru">{_head(a, jsonld=True)}<body>
<div class="cookie-banner" role="dialog"><p>{COOKIE}</p><button>Принять</button></div>
<header class="site-header"><a class="logo" href="/">{a.site}</a><nav>{_menu()}</nav>
<form class="search"><input placeholder="Поиск по сайту"></form></header>
<main class="layout">
<article class="article">
<h1 class="article__title">{a.title}</h1>
<div class="article__meta"><a class="author" href="/authors/1">{a.author}</a>
<time datetime="{a.date}">12 июля 2025, 09:30</time></div>
<div class="article__body" id="article-body">
<p class="lead">{a.lead}</p>
{a.body_html()}
</div>
<div class="share"><span>Поделиться:</span><a href="#">ВКонтакте</a><a href="#">Телеграм</a></div>
</article>
<aside class="sidebar"><h3>Читайте также</h3>{_links(RELATED)}
<div class="subscribe"><p>{SUBSCRIBE}</p></div></aside>
{_comments(COMMENTS)}
</main>
{_footer(a.site)}
<script>document.querySelector('.cookie-banner').hidden = false;</script>
</body></html>"""
    boiler = _boiler(a.site, RELATED, COMMENTS, ["Читайте также", "Поделиться:", "ВКонтакте", "Телеграм", "Принять",
                                                  "12 июля 2025, 09:30"])
    return Page("semantic", a, doc.encode("utf-8"), boiler, files=_files(a))


def legacy_page() -> Page:
    """An old CMS page: no ``<article>``/``<main>``/``<figure>``, nested divs and a layout table,
    windows-1251 declared by http-equiv, the byline in a ``<div>``, the date only in the text."""
    a = RATE
    doc = f"""<html>{_head(a, "windows-1251", og=False)}<body>
<div id="top"><div class="logo"><a href="/">{a.site}</a></div>{_menu("topmenu")}</div>
<table width="100%" class="layout"><tr>
<td class="left-col" valign="top"><div class="block-title">Рубрики</div>{_menu("rubrics", MENU[2:10])}
<div class="block-title">Главное</div>{_links(HEADLINES[:6])}</td>
<td class="center-col" valign="top">
<div class="news-item">
<div class="path"><a href="/">Главная</a> / <a href="/economy">Экономика</a></div>
<h1>{a.title}</h1>
<div class="news-date">12.09.2025 13:45</div>
<div class="news-author">Автор: {a.author}</div>
<div class="news-text" id="article-body">
<p><b>{a.lead}</b></p>
{_inject(a.body_html(figures=False), 3, INJECT_AD)}
</div>
<div class="tags">Теги: <a href="/t/1">ставка</a>, <a href="/t/2">банки</a></div>
</div>
<div class="related"><div class="block-title">Читайте также</div>{_links(RELATED[:3])}</div>
</td>
<td class="right-col" valign="top"><div class="banner">Реклама</div><div class="block-title">Популярное</div>
{_links(HEADLINES[6:])}</td></tr></table>
<div id="bottom">{_footer(a.site)}</div>
<div id="cookie-note">{COOKIE}</div>
</body></html>"""
    boiler = _boiler(a.site, HEADLINES, RELATED[:3], ["Рубрики", "Главное", "Популярное", "Читайте также",
                                                      "Теги:", "ставка", "банки", "Автор:", "12.09.2025 13:45"])
    a_bold = Article(**a.__dict__)  # the lead is bold here
    a_bold.lead = f"<b>{a.lead}</b>"
    return Page("legacy", a_bold, doc.encode("cp1251"), boiler, encoding="cp1251", files=_files(a), clean_body=False)


def linkfarm_page() -> Page:
    """A portal page: a mega-menu, breadcrumbs, three teaser lists whose link texts read like
    sentences, a tag cloud, partner news with descriptions; the article in ``<div class=content>``."""
    a = CRYSTAL
    partners = [("Как выбрать ноутбук для учёбы и не переплатить", "Рассказываем, на что обратить внимание "
                 "перед покупкой, чтобы техника прослужила долго."),
                ("Пять ошибок при ремонте ванной комнаты", "Эксперты назвали решения, о которых жалеют "
                 "почти все владельцы квартир.")]
    tags = ["физика", "лазеры", "Академгородок", "наука", "технологии", "РНФ", "изобретения"]
    mega = "".join(f'<div class="mega__col"><b>{m}</b>{_links(HEADLINES[k:k + 3], "mega__list")}</div>'
                   for k, m in enumerate(MENU[:4]))
    teasers = "".join(f'<div class="teaser"><a href="/p/{k}">{t}</a><p>{d}</p></div>' for k, (t, d) in enumerate(partners))
    doc = f"""<!DOCTYPE html><html lang="ru">{_head(a)}<body>
<div class="header"><div class="logo">{a.site}</div>{_menu("nav")}<div class="mega">{mega}</div></div>
<div class="breadcrumbs"><a href="/">Главная</a> → <a href="/science">Наука</a> → Новости</div>
<div class="wrapper"><div class="col-main">
<div class="content">
<h1 itemprop="headline">{a.title}</h1>
<div class="info"><span class="author">{a.author}</span>, <time datetime="{a.date}">3 марта 2025</time></div>
<div class="text" id="article-body" itemprop="articleBody">
<p><strong>{a.lead}</strong></p>
{_inject(a.body_html(), 2, INJECT_RELATED)}
</div>
</div>
<div class="tags">{"".join(f'<a href="/tag/{t}">{t}</a> ' for t in tags)}</div>
<div class="more"><h2>Другие новости рубрики</h2>{_links(HEADLINES[:8])}</div>
<div class="partners"><h2>Новости партнёров</h2>{teasers}</div>
</div>
<div class="col-side"><h3>Самое читаемое</h3>{_links(HEADLINES[4:])}<h3>Читайте также</h3>{_links(RELATED)}</div>
</div>
{_footer(a.site)}
<div class="cookies">{COOKIE}<a href="#">Понятно</a></div>
</body></html>"""
    boiler = _boiler(a.site, HEADLINES, RELATED, [t for p in partners for t in p], tags, INJECT_TEXTS,
                     ["Другие новости рубрики", "Новости партнёров", "Самое читаемое", "Читайте также", "Понятно", "3 марта 2025"])
    a_bold = Article(**a.__dict__)
    a_bold.lead = f"<strong>{a.lead}</strong>"
    return Page("linkfarm", a_bold, doc.encode("utf-8"), boiler, files=_files(a), clean_body=False)


def longread_page() -> Page:
    """A longread: ``<main>`` with ``<section>``s but no ``<article>``, h2/h3, an ordered list, a
    table, two figures; long reader comments that read like article text; a subscription form."""
    a = FRESCO
    long_comments = [
        "Была в этой церкви прошлым летом, когда леса ещё стояли. Очень надеюсь, что к открытию успеют "
        "восстановить и западную стену, потому что там были самые красивые росписи.",
        "Спасибо реставраторам за их труд. Мой дед рассказывал, что после войны от храма остались только "
        "стены, и никто не верил, что фрески можно вернуть.",
        "А почему об этом так мало пишут? Такие новости важнее, чем очередные скандалы, о которых говорят "
        "все каналы.",
    ]
    doc = f"""<!DOCTYPE html><html lang="ru">{_head(a)}<body>
<header><nav class="top">{_menu()}</nav></header>
<main>
<section class="hero"><h1>{a.title}</h1>
<p class="byline">Текст: <span class="author">{a.author}</span> · <time datetime="{a.date}">20 мая 2025</time></p></section>
<section class="story" id="article-body">
<p class="lead">{a.lead}</p>
{a.body_html()}
</section>
<section class="subscribe"><h2>Рассылка «Северной хроники»</h2><p>{SUBSCRIBE}</p>
<form><input type="email" placeholder="Ваш e-mail"><button>Подписаться</button></form></section>
{_comments(long_comments)}
<section class="more"><h2>Читайте также</h2>{_links(RELATED[:4])}</section>
</main>
{_footer(a.site)}
<div class="cookie">{COOKIE}</div>
</body></html>"""
    boiler = _boiler(a.site, long_comments, RELATED[:4], ["Рассылка «Северной хроники»", "Подписаться",
                                                          "Читайте также", "Текст:", "20 мая 2025"])
    return Page("longread", a, doc.encode("utf-8"), boiler, files=_files(a))


def brief_page() -> Page:
    """A short news item (three paragraphs, no pictures) in a page with far more teaser text."""
    a = STORM
    doc = f"""<!DOCTYPE html><html lang="ru">{_head(a)}<body>
<div class="top-bar">{_menu()}</div>
<div class="page"><div class="news-feed"><h2>Лента новостей</h2>{_links(HEADLINES)}</div>
<div class="article-wrap"><h1>{a.title}</h1>
<div class="meta">{a.author} · <time datetime="{a.date}">26 августа</time></div>
<div class="article-text" id="article-body"><p>{a.lead}</p>{a.body_html()}</div></div>
<div class="recommend"><h2>Рекомендуем</h2>{_links(RELATED)}</div></div>
{_comments(COMMENTS[:2])}
{_footer(a.site)}
<div class="gdpr">{COOKIE}</div>
</body></html>"""
    boiler = _boiler(a.site, HEADLINES, RELATED, COMMENTS[:2], ["Лента новостей", "Рекомендуем", "26 августа"])
    return Page("brief", a, doc.encode("utf-8"), boiler, files=_files(a))


def blocks_page() -> Page:
    """A portal where every paragraph is its own ``div.article__block`` (as large Russian news
    sites lay articles out), with teaser and ad blocks of the same class between them, the
    picture's caption in a ``<div>``, and no ``<article>``."""
    a = BUS
    blocks = []
    for item in a.body:
        tag = item[0]
        if tag == "figure":
            _, file, alt, caption = item
            blocks.append(('picture', f'<div class="article__picture"><img src="page_files/{file}" alt="{alt}">'
                           f'<div class="article__picture-caption">{caption}</div></div>'))
        else:
            blocks.append(("text" if tag == "p" else tag, Article(a.title, "", [item], "", "", "", "").body_html()))
    blocks.insert(2, ("incut", f'<div class="incut"><span class="incut__title">Читайте также</span>'
                               f'<a href="/r/1">{RELATED[1]}</a></div>'))
    blocks.insert(5, ("ad", '<div class="ad-slot"><span>Реклама</span></div>'))
    body = "\n".join(f'<div class="article__block" data-type="{t}">{h}</div>' for t, h in blocks)
    doc = f"""<!DOCTYPE html><html lang="ru">{_head(a, jsonld=True)}<body>
<div class="layout"><div class="header">{_menu("nav")}</div>
<div class="main-column"><div class="article" itemscope itemtype="http://schema.org/NewsArticle">
<div class="article__header"><h1 class="article__title">{a.title}</h1>
<div class="article__info"><a class="article__author" rel="author" href="/a/7">{a.author}</a>
<time class="article__date" datetime="{a.date}">1 октября 2025</time></div></div>
<div class="article__lead"><p>{a.lead}</p></div>
<div class="article__body">
{body}
</div>
<div class="article__footer"><div class="share">Поделиться</div><div class="article__tags"><a>транспорт</a><a>Екатеринбург</a></div></div>
</div>
<div class="feed"><h2>Главное</h2>{_links(HEADLINES[:7])}</div></div>
<div class="right-column"><h3>Читайте также</h3>{_links(RELATED)}</div></div>
{_comments(COMMENTS)}
{_footer(a.site)}
<div class="cookie-consent">{COOKIE}</div>
</body></html>"""
    boiler = _boiler(a.site, HEADLINES[:7], RELATED, COMMENTS, ["Главное", "Читайте также", "Поделиться",
                                                                "транспорт", "1 октября 2025"])
    return Page("blocks", a, doc.encode("utf-8"), boiler, files=_files(a), clean_body=False)


def reviews_page() -> Page:
    """An ASP.NET page: the whole body inside one ``<form>``; a short ``<article>`` followed by
    long reader reviews in a plain ``div.reviews`` (no «comment» class for the extractor to see)."""
    a = LIBRARY
    reviews = [
        "Была в этой библиотеке ещё студенткой, помню огромные окна и запах старых книг. Очень рада, что "
        "здание наконец отремонтировали и оно снова открыто для всех, кто любит читать.",
        "Хорошая новость для города, но хотелось бы, чтобы библиотека работала и по выходным, иначе "
        "работающим людям попасть туда почти невозможно, особенно зимой, когда рано темнеет.",
        "Интересно, вернули ли на место коллекцию старинных карт, которую показывали на выставке "
        "несколько лет назад? Это была одна из самых интересных экспозиций в городе за последнее время.",
    ]
    doc = f"""<!DOCTYPE html><html lang="ru">{_head(a)}<body>
<form id="aspnetForm" method="post" action="./library-reopened.aspx">
<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4MzE0MjEwNTs7Pg==">
<div class="header">{_menu()}</div>
<div class="news-head"><h1>{a.title}</h1><span class="date"><time datetime="{a.date}">14 февраля 2025</time></span>
<span class="author">{a.author}</span></div>
<article class="news" id="article-body"><p>{a.lead}</p>{a.body_html()}</article>
<div class="reviews"><h3>Отзывы читателей</h3>{"".join(f'<div class="review"><p>{r}</p></div>' for r in reviews)}</div>
{_footer(a.site)}
</form>
</body></html>"""
    boiler = _boiler(a.site, reviews, ["Отзывы читателей", "14 февраля 2025"])
    return Page("reviews", a, doc.encode("utf-8"), boiler, files=_files(a))


PAGES = {"semantic": semantic_page, "legacy": legacy_page, "linkfarm": linkfarm_page,
         "longread": longread_page, "brief": brief_page,
         "blocks": blocks_page, "reviews": reviews_page}


def all_pages() -> list[Page]:
    """Every fixture page, freshly built."""
    return [make() for make in PAGES.values()]
