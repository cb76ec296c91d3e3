"""User-facing messages of import and export in Kazakh, Russian and English."""

from __future__ import annotations

LANGS = ("kk", "ru", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "required": {
        "kk": "міндетті мән жоқ",
        "ru": "не заполнено обязательное поле",
        "en": "a required value is missing",
    },
    "number": {
        "kk": "«{value}» сан емес",
        "ru": "«{value}» не является числом",
        "en": "{value!r} is not a number",
    },
    "negative": {
        "kk": "мән теріс болмауы керек",
        "ru": "значение не может быть отрицательным",
        "en": "the value cannot be negative",
    },
    "integer": {
        "kk": "«{value}» бүтін сан емес",
        "ru": "«{value}» не является целым числом",
        "en": "{value!r} is not a whole number",
    },
    "date": {
        "kk": "«{value}» күні танылмады (мысалы 31.12.2024 немесе 2024-12-31)",
        "ru": "не удалось распознать дату «{value}» (например 31.12.2024 или 2024-12-31)",
        "en": "{value!r} is not a date (e.g. 31.12.2024 or 2024-12-31)",
    },
    "region": {
        "kk": "«{value}» өңірі табылмады (атауы немесе ҚАТО коды)",
        "ru": "регион «{value}» не найден (укажите название или код КАТО)",
        "en": "there is no region {value!r} (give its name or KATO code)",
    },
    "district": {
        "kk": "«{value}» ауданы табылмады",
        "ru": "район «{value}» не найден",
        "en": "there is no district {value!r}",
    },
    "district_region": {
        "kk": "«{value}» ауданы көрсетілген өңірде емес",
        "ru": "район «{value}» не входит в указанный регион",
        "en": "district {value!r} is not in the given region",
    },
    "sector": {
        "kk": "«{value}» ЭҚЖЖ коды немесе салалары табылмады",
        "ru": "ОКЭД «{value}» не найден (укажите код или название раздела)",
        "en": "{value!r} is not an OKED code or sector name",
    },
    "status": {
        "kk": "«{value}» мәртебесі танылмады",
        "ru": "статус «{value}» не распознан",
        "en": "{value!r} is not a known status",
    },
    "choice": {
        "kk": "«{value}» мәні жарамсыз; мүмкін мәндер: {choices}",
        "ru": "недопустимое значение «{value}»; возможные: {choices}",
        "en": "{value!r} is not allowed; use one of {choices}",
    },
    "zone": {
        "kk": "«{value}» аймағы табылмады",
        "ru": "зона «{value}» не найдена",
        "en": "there is no zone {value!r}",
    },
    "programme": {
        "kk": "«{value}» бағдарламасы табылмады",
        "ru": "программа «{value}» не найдена",
        "en": "there is no programme {value!r}",
    },
    "currency": {
        "kk": "«{value}» валютасы қолданылмайды (KZT, USD, EUR, RUB, CNY)",
        "ru": "валюта «{value}» не поддерживается (KZT, USD, EUR, RUB, CNY)",
        "en": "currency {value!r} is not supported (KZT, USD, EUR, RUB, CNY)",
    },
    "duplicate": {
        "kk": "«{value}» сыртқы идентификаторы файлда {row}-жолда қайталанған",
        "ru": "внешний идентификатор «{value}» повторяется (уже в строке {row})",
        "en": "external id {value!r} repeats (already in row {row})",
    },
    "transition": {
        "kk": "мәртебені «{current}» күйінен «{value}» күйіне өзгертуге болмайды",
        "ru": "нельзя сменить статус с «{current}» на «{value}»",
        "en": "the status cannot go from {current!r} to {value!r}",
    },
    "invalid": {
        "kk": "жарамсыз мән: {detail}",
        "ru": "недопустимое значение: {detail}",
        "en": "invalid value: {detail}",
    },
    "no_name": {
        "kk": "атауы жоқ (қазақ, орыс немесе ағылшын тілінде)",
        "ru": "нет названия (на казахском, русском или английском)",
        "en": "there is no name (in Kazakh, Russian or English)",
    },
    "no_header": {
        "kk": "файлдың алғашқы жолдарынан бағандар тақырыбы табылмады",
        "ru": "в первых строках файла не найдена строка заголовков",
        "en": "no header row found in the first rows of the file",
    },
    "no_place": {
        "kk": "өңір, аудан немесе координаттар көрсетілмеген",
        "ru": "не указан регион, район или координаты",
        "en": "give a region, a district or coordinates",
    },
    # --- monitoring reports ---
    "period": {
        "kk": "«{value}» есепті тоқсан танылмады (мысалы 2024 Q3, 3-тоқсан 2024, III кв. 2024)",
        "ru": "не удалось распознать отчётный квартал «{value}» (например 2024 Q3, 3-тоқсан 2024, III кв. 2024)",
        "en": "{value!r} is not a reporting quarter (e.g. 2024 Q3, 3-тоқсан 2024, III кв. 2024)",
    },
    "no_period": {
        "kk": "есепті кезең (жыл мен тоқсан) көрсетілмеген",
        "ru": "не указан отчётный период (год и квартал)",
        "en": "the reporting period (year and quarter) is missing",
    },
    "no_project": {
        "kk": "жоба көрсетілмеген (сыртқы идентификаторы немесе атауы)",
        "ru": "не указан проект (внешний идентификатор или наименование)",
        "en": "the project is missing (its external id or name)",
    },
    "project_unknown": {
        "kk": "«{value}» жобасы тізілімде табылмады",
        "ru": "проект «{value}» не найден в реестре",
        "en": "there is no project {value!r} in the registry",
    },
    "project_ambiguous": {
        "kk": "«{value}» атауымен {count} жоба бар; сыртқы идентификаторын көрсетіңіз",
        "ru": "проектов с названием «{value}» несколько ({count}); укажите внешний идентификатор",
        "en": "{count} projects are named {value!r}; give the external id",
    },
    "duplicate_period": {
        "kk": "бұл жобаның {period} есебі файлда қайталанған ({row}-жолда бар)",
        "ru": "отчёт по этому проекту за {period} повторяется (уже в строке {row})",
        "en": "the report of this project for {period} repeats (already in row {row})",
    },
    "kzt_only": {
        "kk": "есептің сомалары теңгемен беріледі, ал бағанда {value} көрсетілген",
        "ru": "суммы отчёта указываются в тенге, а в столбце указана валюта {value}",
        "en": "report amounts are in tenge, but the column is in {value}",
    },
    "report_locked": {
        "kk": "{period} есебі «{state}» күйінде, оны импорт арқылы өзгертуге болмайды (бекітілгенін түзету қосымшада жасалады)",
        "ru": "отчёт за {period} в состоянии «{state}» и не может быть изменён импортом "
              "(исправление утверждённого отчёта — через приложение)",
        "en": "the {period} report is {state} and cannot be changed by an import "
              "(correct an approved report in the app)",
    },
    "percent": {
        "kk": "«{value}» пайыз емес (0–200)",
        "ru": "«{value}» не является процентом (0–200)",
        "en": "{value!r} is not a percentage (0–200)",
    },
    # the file as a whole (orken.io.readers.FileError, the upload checks, a full disk)
    "file_empty": {
        "kk": "«{name}» файлы бос",
        "ru": "файл «{name}» пуст",
        "en": "the file {name!r} is empty",
    },
    "file_unreadable": {
        "kk": "«{name}» файлын {kind} ретінде оқу мүмкін емес: ол бүлінген немесе кесте емес",
        "ru": "файл «{name}» не читается как {kind}: он повреждён или это не таблица",
        "en": "the file {name!r} cannot be read as {kind}: it is damaged or not a spreadsheet",
    },
    "file_damaged": {
        "kk": "«{name}» файлы {row}-жолдан кейін бүлінген; ештеңе импортталмады",
        "ru": "файл «{name}» повреждён после строки {row}; ничего не импортировано",
        "en": "the file {name!r} is damaged after row {row}; nothing was imported",
    },
    "file_bomb": {
        "kk": "«{name}» файлы ашылғанда {mb} МБ-тан асады (бүлінген немесе әдейі жасалған файл); "
              "оны бөліп немесе қайта сақтап көріңіз",
        "ru": "файл «{name}» при распаковке больше {mb} МБ (повреждён или составлен намеренно); "
              "разделите его или сохраните заново",
        "en": "the file {name!r} unpacks to more than {mb} MB (damaged, or built to exhaust the server); "
              "split it or save it again",
    },
    "import_role": {
        "kk": "{entity} импорттау үшін жазбаларды өзгерту рөлі қажет ({roles})",
        "ru": "для импорта ({entity}) нужна роль, которая может изменять такие записи ({roles})",
        "en": "importing {entity} needs a role that writes such records ({roles})",
    },
    "file_encoding": {
        "kk": "«{name}» файлы UTF-8, UTF-16 немесе Windows-1251 мәтіні емес",
        "ru": "файл «{name}» не является текстом в кодировке UTF-8, UTF-16 или Windows-1251",
        "en": "the file {name!r} is not text in UTF-8, UTF-16 or Windows-1251",
    },
    "file_type": {
        "kk": "«{suffix}» файл түрі қолдау көрсетілмейді: .xlsx, .xls, .ods немесе .csv жүктеңіз",
        "ru": "тип файла «{suffix}» не поддерживается: загрузите .xlsx, .xls, .ods или .csv",
        "en": "unsupported file type {suffix!r}: use .xlsx, .xls, .ods or .csv",
    },
    "no_sheet": {
        "kk": "«{sheet}» парағы жоқ; парақтар: {sheets}",
        "ru": "нет листа «{sheet}»; листы: {sheets}",
        "en": "there is no sheet {sheet!r}; sheets: {sheets}",
    },
    "file_too_large": {
        "kk": "файл {mb} МБ-тан үлкен; оны orken командасымен импорттаңыз",
        "ru": "файл больше {mb} МБ; импортируйте его командой orken",
        "en": "the file is larger than {mb} MB; import it with the orken command",
    },
    "the_database": {"kk": "дерекқор", "ru": "база данных", "en": "the database"},
    "disk_full": {
        "kk": "диск толы ({where}); ештеңе импортталмады, дерекқор өзгерген жоқ. Орын босатып, импортты қайталаңыз",
        "ru": "диск заполнен ({where}); ничего не импортировано, база данных не изменилась. "
              "Освободите место и повторите импорт",
        "en": "the disk is full ({where}); nothing was imported and the database is unchanged. "
              "Free some space and run the import again",
    },
    # --- places, vocabularies and matching of real regional sheets (issue 17) ---
    "place_outside": {
        "kk": "«{value}» {region} құрамында емес: ол {actual}",
        "ru": "«{value}» не входит в {region}: это {actual}",
        "en": "{value!r} is not in {region}: it is {actual}",
    },
    "place_ambiguous": {
        "kk": "«{value}» атауы бірнеше өңірде бар: {choices}; өңірді көрсетіңіз",
        "ru": "«{value}» есть в нескольких регионах: {choices}; укажите регион",
        "en": "{value!r} exists in several regions: {choices}; give the region",
    },
    "place_hint": {
        "kk": "«{value}» табылмады; мүмкін: {hint}",
        "ru": "«{value}» не найден; возможно: {hint}",
        "en": "{value!r} was not found; did you mean: {hint}",
    },
    "region_hint": {
        "kk": "«{value}» өңірі табылмады; мүмкін: {hint}",
        "ru": "регион «{value}» не найден; возможно: {hint}",
        "en": "there is no region {value!r}; did you mean: {hint}",
    },
    "reform_moved": {
        "kk": "«{value}» 2022 жылғы 8 маусымнан бастап {new} құрамында (бұрын {old}); {new} деп жазылды",
        "ru": "«{value}» с 8 июня 2022 года входит в {new} (ранее {old}); записано в {new}",
        "en": "{value!r} is in {new} since 8 June 2022 (was {old}); recorded in {new}",
    },
    "sector_matched": {
        "kk": "«{value}» ЭҚЖЖ {code} «{name}» деп танылды",
        "ru": "«{value}» понято как ОКЭД {code} «{name}»",
        "en": "{value!r} read as OKED {code} {name!r}",
    },
    "sector_hint": {
        "kk": "«{value}» ЭҚЖЖ коды немесе саласы табылмады; мүмкін: {hint}",
        "ru": "ОКЭД «{value}» не найден; возможно: {hint}",
        "en": "{value!r} is not an OKED code or sector name; did you mean: {hint}",
    },
    "match_ambiguous": {
        "kk": "жол бірнеше бар жобаға сәйкес келеді ({ids}); сыртқы ID көрсетіңіз",
        "ru": "строка подходит к нескольким существующим проектам ({ids}); укажите внешний ID",
        "en": "the row matches several existing projects ({ids}); give the external id",
    },
    "imported_file": {"kk": "импортталған файл", "ru": "импортированный файл", "en": "imported file"},
    "duplicate_row": {
        "kk": "бұл жоба файлда {row}-жолда қайталанады",
        "ru": "этот проект уже есть в файле в строке {row}",
        "en": "the same project is in row {row} of the file",
    },
}


def t(key: str, lang: str = "ru", **params) -> str:
    """The message ``key`` in ``lang`` (falling back to Russian), with its parameters filled in."""
    texts = MESSAGES[key]
    return texts.get(lang, texts["ru"]).format(**params)


#: the report workflow's states in the user's language
STATES = {
    "draft": {"kk": "жоба", "ru": "черновик", "en": "draft"},
    "submitted": {"kk": "жіберілген", "ru": "отправлен", "en": "submitted"},
    "approved": {"kk": "бекітілген", "ru": "утверждён", "en": "approved"},
    "returned": {"kk": "қайтарылған", "ru": "возвращён", "en": "returned"},
}


def state_name(state: str, lang: str = "ru") -> str:
    return STATES.get(state, {}).get(lang, state)


#: the words of the import page (/import); the key is the English text, then Kazakh and Russian
WORDS: dict[str, tuple[str, str]] = {
    "Import data": ("Деректерді импорттау", "Импорт данных"),
    "Upload a spreadsheet (.xlsx, .xls, .ods or .csv). It is checked first: nothing is written until you "
    "confirm.": (("Кестені жүктеңіз (.xlsx, .xls, .ods немесе .csv). Алдымен тексеріледі: растамайынша ештеңе "
                  "жазылмайды."), ("Загрузите таблицу (.xlsx, .xls, .ods или .csv). Сначала она проверяется: до "
                                  "подтверждения ничего не записывается.")),
    "What the file holds": ("Файлдағы деректер", "Что в файле"),
    "Projects": ("Жобалар", "Проекты"), "Zones": ("Аймақтар", "Зоны"),
    "Monitoring reports": ("Мониторинг есептері", "Отчёты мониторинга"),
    "File": ("Файл", "Файл"), "Sheet (optional)": ("Парақ (міндетті емес)", "Лист (необязательно)"),
    "Check the file": ("Файлды тексеру", "Проверить файл"),
    "Preview": ("Алдын ала қарау", "Предпросмотр"),
    "Rows read": ("Оқылған жолдар", "Прочитано строк"), "Valid rows": ("Дұрыс жолдар", "Верных строк"),
    "Rows with problems": ("Қатесі бар жолдар", "Строк с ошибками"),
    "Skipped": ("Өткізілді", "Пропущено"),
    "Columns recognised": ("Танылған бағандар", "Распознанные столбцы"),
    "Columns not recognised (ignored)": ("Танылмаған бағандар (ескерілмейді)",
                                         "Нераспознанные столбцы (не учитываются)"),
    "Row": ("Жол", "Строка"), "Column": ("Баған", "Столбец"), "Problem": ("Мәселе", "Ошибка"),
    "No problems found.": ("Қате табылмады.", "Ошибок не найдено."),
    "Write nothing if any row has a problem": ("Қатесі бар жол болса, ештеңе жазбау",
                                               "Ничего не записывать, если есть строки с ошибками"),
    "Submit the reports for the curator's review (otherwise they stay drafts)": (
        "Есептерді куратордың қарауына жіберу (әйтпесе жоба күйінде қалады)",
        "Отправить отчёты на рассмотрение куратору (иначе они останутся черновиками)"),
    "Imported reports are never approved here: the curator approves them.": (
        "Импортталған есептер мұнда бекітілмейді: оларды куратор бекітеді.",
        "Импортированные отчёты здесь не утверждаются: их утверждает куратор."),
    "Import the valid rows": ("Дұрыс жолдарды импорттау", "Импортировать верные строки"),
    "Start again": ("Қайта бастау", "Начать заново"),
    "Import done": ("Импорт аяқталды", "Импорт выполнен"),
    "Nothing was written": ("Ештеңе жазылмады", "Ничего не записано"),
    "Created": ("Құрылды", "Создано"), "Updated": ("Жаңартылды", "Обновлено"),
    "Unchanged": ("Өзгеріссіз", "Без изменений"), "Submitted for review": ("Қарауға жіберілді",
                                                                         "Отправлено на рассмотрение"),
    "Rejected": ("Қабылданбады", "Отклонено"),
    "The file could not be read": ("Файлды оқу мүмкін болмады", "Не удалось прочитать файл"),
    "more problems are not shown": ("қате көрсетілмеген", "ошибок не показано"),
}


def words(lang: str):
    """The translator of the import page: English text in, the user's language out."""
    column = {"kk": 0, "ru": 1}.get(lang)

    def tr(text: str) -> str:
        return WORDS[text][column] if column is not None and text in WORDS else text

    return tr
