"""The words of the review pages in Kazakh, Russian and English (the key is the English text)."""

from __future__ import annotations

WORDS = {
    "Review queue": ("Тексеру кезегі", "Очередь проверки"),
    "Facts read from the news": ("Жаңалықтардан алынған деректер", "Факты из новостей"),
    "Pending": ("Күтуде", "Ожидают"), "Accepted": ("Қабылданды", "Приняты"), "Rejected": ("Қабылданбады", "Отклонены"),
    "All": ("Барлығы", "Все"), "Measure": ("Көрсеткіш", "Показатель"), "Value": ("Мәні", "Значение"),
    "Sentence": ("Сөйлем", "Предложение"), "Linked to": ("Байланысы", "Связан с"),
    "Accepting writes": ("Қабылдау нені жазады", "Принятие запишет"), "Review": ("Тексеру", "Проверка"),
    "Show": ("Көрсету", "Показать"), "Nothing here.": ("Ештеңе жоқ.", "Ничего нет."),
    "Next page": ("Келесі бет", "Следующая страница"), "Fact": ("Дерек", "Факт"),
    "Document": ("Құжат", "Документ"), "Subject": ("Субъект", "Субъект"), "Location": ("Орны", "Место"),
    "Year": ("Жыл", "Год"), "Unit": ("Өлшем бірлігі", "Единица"), "Confidence": ("Сенімділік", "Уверенность"),
    "Now in the registry": ("Тізілімде қазір", "Сейчас в реестре"), "version": ("нұсқа", "версия"),
    "New project proposed": ("Жаңа жоба ұсынылады", "Предлагается новый проект"),
    "Candidates": ("Үміткерлер", "Кандидаты"), "score": ("ұпай", "оценка"),
    "Accept": ("Қабылдау", "Принять"), "Reject": ("Қабылдамау", "Отклонить"),
    "Reason": ("Себебі", "Причина"), "Re-link": ("Қайта байланыстыру", "Перепривязать"),
    "Project": ("Жоба", "Проект"), "Zone": ("Аймақ", "Зона"), "Organisation": ("Ұйым", "Организация"),
    "Region": ("Өңір", "Регион"), "Name of the new project": ("Жаңа жобаның атауы", "Название нового проекта"),
    "Date": ("Күні", "Дата"), "Status": ("Мәртебе", "Статус"), "Registry field": ("Тізілім өрісі", "Поле реестра"),
    "Correct the figure if needed, then accept.": ("Қажет болса, санды түзетіп, қабылдаңыз.",
                                                   "При необходимости исправьте цифру и примите."),
    "The change was not saved": ("Өзгеріс сақталмады", "Изменение не сохранено"),
    "Reviewed by": ("Тексерген", "Проверил"), "nothing": ("ештеңе", "ничего"),
    "Sign in to see this page.": ("Бұл бетті көру үшін кіріңіз.", "Войдите, чтобы увидеть эту страницу."),
    "Sign in": ("Кіру", "Войти"),
    "actual": ("нақты", "факт"), "planned": ("жоспар", "план"),
}
MEASURES = {
    "investment": ("Инвестиция", "Инвестиции", "Investment"), "jobs": ("Жұмыс орындары", "Рабочие места", "Jobs"),
    "jobs_temporary": ("Уақытша жұмыс орындары", "Временные рабочие места", "Temporary jobs"),
    "capacity": ("Қуат", "Мощность", "Capacity"), "status": ("Мәртебе", "Статус", "Status"),
    "output_value": ("Өнім құны", "Объём выпуска", "Output value"),
    "output_volume": ("Өнім көлемі", "Объём производства", "Output volume"), "area": ("Аудан", "Площадь", "Area"),
}


def translator(lang: str):
    column = {"kk": 0, "ru": 1}.get(lang)

    def t(text: str) -> str:
        if text in MEASURES:
            return MEASURES[text][{"kk": 0, "ru": 1}.get(lang, 2)]
        return WORDS[text][column] if column is not None and text in WORDS else text

    return t
