"""The words people write for the registry's coded values (kk, ru, en), and how a cell is matched.

The code lists themselves (code, label, synonyms) are defined once in ``orken.domain.codes``; the
``*_WORDS`` tables here are read from it.

Statuses, project types, map levels, zone kinds, sector words and month names as they appear in
regional spreadsheets, forms and reports. The importer reads cells with these; other code (the
extractor, exports, pages) may read them too. A value is matched on its normalised text (see
``key``) exactly first, then by the stems a status phrase contains ("на стадии разработки ПСД",
"ведутся СМР", "іске асырылуда").

The extractor's sentence cues (``orken.extract.context.STATUS_CUES``) and the news highlighter's
patterns (``orken.news.statuses.MARKERS``) are for running text, where a status is said inside a
sentence; the cell vocabulary here is for a cell that holds just the status.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from orken.domain import codes
from orken.domain.lifecycle import Status


def key(text: object) -> str:
    """Casefolded, look-alike letters fixed, punctuation and spaces collapsed."""
    return _key(str(text))


@lru_cache(maxsize=16384)
def _key(text: str) -> str:
    from orken.domain.script import fix_script

    s = unicodedata.normalize("NFKC", fix_script(text)).casefold().replace("ё", "е")
    s = re.sub(r"[\"'«»“”„()\[\]*:;,.!?/\\_\-–—]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


# --- statuses --------------------------------------------------------------------------------------

#: status -> the words of a cell that says it (exact, after ``key``); defined in ``orken.domain.codes``
STATUS_WORDS: dict[str, list[str]] = {Status(code): words for code, words in codes.PROJECT_STATUSES.synonyms().items()}

#: stems that say a status inside a longer phrase, checked in this order (the first that occurs wins;
#: "строительство приостановлено" is suspended, not under construction)
STATUS_STEMS: list[tuple[str, str]] = [
    (r"отмен|исключ|аннулир|жойыл|алынып таста|бас тарт|cancel|withdraw", Status.CANCELLED),
    (r"приостанов|заморож|простаив|простой|тоқтат|тоқтап|мұздат|suspend|on hold|stall", Status.SUSPENDED),
    (r"возобнов|восстановл|қалпына|restor|restart", Status.RESTORING),
    (r"проектн\w* мощност|жобалық қуат|design capacity", Status.AT_DESIGN_CAPACITY),
    (r"\bпсд\b|\bжсқ\b|проектир|жобалау|поиск инвест|поиске инвест|инвестор\w* ізде|согласован|предынвест"
     r"|подготовит|жоспарл|планир|perspect|перспектив|болжам|plann|seeking invest|investor search", Status.PLANNED),
    (r"\bсмр\b|\bпнр\b|строит|монтаж|пусконаладоч|реализуе|реализаци|салын|құрылыс|іске асыру|іске асырылу|жүзеге асыру|жүзеге асырылу"
     r"|construct|implement|progress", Status.UNDER_CONSTRUCTION),
    (r"запущ|введен|ввод в эксплуат|эксплуатац|функционир|работает|действующ|реализован|заверш|іске қосыл"
     r"|пайдалануға бер|жұмыс іст|аяқталд|іске асырыл|жүзеге асырыл|launch|commission|operat|complet", Status.LAUNCHED),
]

STATUSES: dict[str, str] = {key(w): str(code) for code, words in STATUS_WORDS.items() for w in [code, *words]}
_STATUS_STEMS = [(re.compile(p), str(s)) for p, s in STATUS_STEMS]


def status(text: object) -> str | None:
    """The status a cell says, or None: by its words, else by the stems of a longer phrase."""
    k = key(text)
    if not k:
        return None
    found = STATUSES.get(k)
    if found:
        return found
    for pattern, code in _STATUS_STEMS:
        if pattern.search(k):
            return code
    return None


# --- other coded values ------------------------------------------------------------------------------

#: the words of each map level, project type and zone kind (defined in ``orken.domain.codes``)
MAP_LEVEL_WORDS = codes.MAP_LEVELS.synonyms()
PROJECT_TYPE_WORDS = codes.PROJECT_TYPES.synonyms()
ZONE_KIND_WORDS = codes.ZONE_KINDS.synonyms()


def table(words: dict[str, list[str]]) -> dict[str, str]:
    """A look-up from each word (normalised) to its code."""
    return {key(w): str(code) for code, ws in words.items() for w in [code, *ws]}


#: the sector words people write instead of an OKED code -> the OKED division they mean
SECTOR_WORDS: dict[str, list[str]] = {
    "01": ["сельское хозяйство", "растениеводство", "животноводство", "ауыл шаруашылығы", "agriculture",
           "тепличный комплекс", "теплицы", "өсімдік шаруашылығы", "мал шаруашылығы", "егін шаруашылығы",
           "жылыжай", "жылыжай кешені", "greenhouses"],
    "03": ["рыбное хозяйство", "рыбоводство", "аквакультура", "балық шаруашылығы", "fishing"],
    "06": ["нефтегазовая отрасль", "нефтедобыча", "добыча нефти", "мұнай газ", "oil and gas"],
    "07": ["горнодобывающая промышленность", "горнодобывающая", "горная промышленность", "тау кен", "mining",
           "горнорудная"],
    "10": ["апк", "агропромышленный комплекс", "пищевая промышленность", "пищевая", "переработка сельхозпродукции",
           "пищевое производство", "агроөнеркәсіптік кешен", "аөк", "тамақ өнеркәсібі", "food", "food industry",
           "agro processing", "мясопереработка", "молочная промышленность", "молочная продукция",
           "мясная продукция", "переработка молока", "переработка мяса", "сүт өнімдері", "ет өнімдері",
           "сүт өңдеу", "ет өңдеу", "тамақ өнімдері", "азық түлік"],
    "11": ["производство напитков", "сусындар өндірісі", "beverages"],
    "13": ["текстильная промышленность", "текстиль", "тоқыма", "textiles"],
    "14": ["легкая промышленность", "легпром", "швейная промышленность", "жеңіл өнеркәсіп", "light industry"],
    "16": ["деревообработка", "деревообрабатывающая промышленность", "ағаш өңдеу", "woodworking"],
    "17": ["целлюлозно бумажная промышленность", "бумажная промышленность", "қағаз өнеркәсібі", "paper"],
    "18": ["полиграфия", "полиграфиялық", "printing"],
    "19": ["нефтепереработка", "нефтеперерабатывающая", "мұнай өңдеу", "oil refining"],
    "20": ["химия", "химическая промышленность", "нефтехимия", "газохимия", "химия өнеркәсібі", "мұнай химиясы",
           "chemicals", "petrochemicals", "chemical industry"],
    "21": ["фармацевтика", "фармацевтическая промышленность", "фармация", "pharmaceuticals"],
    "22": ["резиновые и пластмассовые изделия", "пластмассы", "производство пластмасс", "полимеры", "пластик",
           "plastics"],
    "23": ["стройматериалы", "строительные материалы", "стройиндустрия", "производство стройматериалов",
           "құрылыс материалдары", "құрылыс индустриясы", "building materials", "construction materials",
           "цемент", "кирпич", "стекло", "металл емес минералдық өнімдер", "неметаллическая минеральная продукция",
           "кірпіш", "шыны"],
    "24": ["металлургия", "металлургическая промышленность", "черная металлургия", "цветная металлургия",
           "горно металлургический комплекс", "гмк", "металлургия өнеркәсібі", "metallurgy", "metals"],
    "25": ["металлообработка", "металл өңдеу", "metalworking"],
    "26": ["электроника", "электроника өнеркәсібі", "electronics"],
    "27": ["электротехника", "электротехническая промышленность", "электротехника өнеркәсібі",
           "electrical equipment"],
    "28": ["машиностроение", "машина жасау", "mechanical engineering", "machinery"],
    "29": ["автомобилестроение", "автопром", "автокөлік жасау", "automotive"],
    "31": ["мебельная промышленность", "мебель", "жиһаз", "furniture"],
    "35": ["энергетика", "электроэнергетика", "возобновляемые источники энергии", "виэ", "жаңартылатын энергия",
           "энергетика саласы", "energy", "power", "renewables", "электроэнергия", "электр энергиясы",
           "электр энергетикасы", "жылу энергиясы", "электрмен жабдықтау", "жаңартылатын энергия көздері", "жэк"],
    "52": ["логистика", "транспортно логистический", "логистика орталығы", "logistics"],
    "55": ["туризм", "гостиничный бизнес", "туризм саласы", "tourism"],
    "62": ["it", "ит", "информационные технологии", "ақпараттық технологиялар", "software"],
}
SECTORS: dict[str, str] = table(SECTOR_WORDS)


# --- months ---------------------------------------------------------------------------------------------

MONTH_WORDS: list[tuple[str, ...]] = [
    # ru (nominative, genitive, prepositional), kk, en
    ("январь", "января", "январе", "янв", "қаңтар", "january", "jan"),
    ("февраль", "февраля", "феврале", "фев", "ақпан", "february", "feb"),
    ("март", "марта", "марте", "мар", "наурыз", "march"),
    ("апрель", "апреля", "апреле", "апр", "сәуір", "april", "apr"),
    ("май", "мая", "мае", "мамыр", "may"),
    ("июнь", "июня", "июне", "маусым", "june", "jun"),
    ("июль", "июля", "июле", "шілде", "july", "jul"),
    ("август", "августа", "августе", "авг", "тамыз", "august", "aug"),
    ("сентябрь", "сентября", "сентябре", "сен", "сент", "қыркүйек", "september", "sep", "sept"),
    ("октябрь", "октября", "октябре", "окт", "қазан", "october", "oct"),
    ("ноябрь", "ноября", "ноябре", "ноя", "қараша", "november", "nov"),
    ("декабрь", "декабря", "декабре", "дек", "желтоқсан", "december", "dec"),
]
MONTHS: dict[str, int] = {w: i for i, ws in enumerate(MONTH_WORDS, start=1) for w in ws}
#: Kazakh endings a month name takes in a sheet ("желтоқсаны", "наурызда", "қазанның"), longest first
MONTH_ENDINGS = ("ында", "інде", "ында", "нда", "нде", "ның", "нің", "дың", "дің", "тың", "тің", "да", "де", "та",
                 "те", "ы", "і")


def month(word: str) -> int | None:
    """The month a word names (casefolded): Russian in its cases, Kazakh with a possessive or case ending,
    English; None if it names none."""
    found = MONTHS.get(word)
    if found is None:
        for ending in MONTH_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                found = MONTHS.get(word[:-len(ending)])
                if found is not None:
                    break
    return found

#: the precision a launch date is known to: the date means its whole year, quarter, month or the day
PRECISIONS = codes.DATE_PRECISIONS.codes
