"""Who said a sentence: the speaker or organisation a news sentence attributes itself to.

General reporting-clause grammar, not a list of people: in Russian a verb of saying
(сообщил, заявил, отметил, рассказал, пояснил, подчеркнул, уточнил, добавил, сказал, передаёт,
сообщает …) followed or preceded by its subject, "по словам X", "по данным X", "как сообщает X";
in Kazakh a converb of saying "X хабарлауынша / мәліметінше / сөзінше / айтуынша / мәлімдеуінше",
"деді X", "деп хабарлады X", "X хабарлады / мәлімдеді" at the end of the clause. The speaker is the
noun phrase of the clause — up to a comma, a dash or the sentence's end (a quoted name inside it
kept whole, "директор ТОО «Кокше Цемент» Иван Петров"), at most
``MAX_WORDS`` words; pronouns and bare function words are no speaker.
"""

from __future__ import annotations

import re

MAX_WORDS = 8

_SAY_RU = (r"(?:сообщил[аи]?|заявил[аи]?|отметил[аи]?|рассказал[аи]?|пояснил[аи]?|подчеркнул[аи]?|уточнил[аи]?|"
           r"добавил[аи]?|сказал[аи]?|объявил[аи]?|проинформировал[аи]?|анонсировал[аи]?|пообещал[аи]?|"
           r"сообща(?:ет|ют)|переда(?:ёт|ет|ют)|информиру(?:ет|ют)|заявля(?:ет|ют))")
_SAY_KK = r"(?:хабарлады|мәлімдеді|атап өтті|айтты|деді|түсіндірді|жеткізді|мәлім етті|хабарлайды|жазады)"
_KK_CONVERB = r"(?:хабарлауынша|мәліметінше|мәліметтеріне сәйкес|сөзінше|айтуынша|мәлімдеуінше|деректері бойынша)"
_PHRASE = r"((?:[^,;:.!?«»\"—–\n()]|«[^«»\n]{1,80}»){2,160})"  # a clause's words, quoted names kept whole

_RULES_RU = (
    re.compile(r"\bпо\s+(?:словам|данным|информации|сообщению)\s+" + _PHRASE, re.IGNORECASE),
    re.compile(r"\bоб\s+этом\s+" + _SAY_RU + r"\s+" + _PHRASE, re.IGNORECASE),  # "Об этом сообщил X"
    re.compile(r"\bкак\s+" + _SAY_RU + r"\s+(?:в\s+)?" + _PHRASE, re.IGNORECASE),
    re.compile(r"[,—–]\s*" + _SAY_RU + r"\s+" + _PHRASE, re.IGNORECASE),  # "…, сообщил аким области X."
    re.compile(r"^\s*" + _PHRASE + r"\s+" + _SAY_RU + r"\b", re.IGNORECASE),  # "Аким области X сообщил, что …"
)
_RULES_KK = (
    re.compile(_PHRASE + r"\s+" + _KK_CONVERB, re.IGNORECASE),  # "Облыс әкімдігінің хабарлауынша, …"
    re.compile(r"\b(?:деді|деп\s+" + _SAY_KK + r")\s+" + _PHRASE, re.IGNORECASE),  # "…, — деді облыс әкімі X."
    re.compile(r"[,—–]\s*" + _PHRASE + r"\s+" + _SAY_KK + r"\s*[.!]?\s*$", re.IGNORECASE),
)
_NOT_SPEAKER = {"он", "она", "они", "мы", "я", "это", "там", "здесь", "что", "ол", "олар", "біз", "мен", "бұл",
                "также", "сондай-ақ", "сегодня", "вчера", "бүгін", "кеше", "журналистам", "нам", "тілшісіне",
                "в", "на", "и", "об", "о", "этом", "ранее", "далее", "агентству"}
_LEAD = re.compile(r"^(?:(?:также|ранее|сегодня|вчера|сондай-ақ|бүгін|кеше|в|об этом)(?:\s+|$))+", re.IGNORECASE)
_OBJECT_RU = re.compile(r"^(?:журналистам|агентству|корреспонденту|нам|изданию)\s+", re.IGNORECASE)


def _clean(phrase: str) -> str | None:
    words = phrase.strip(" \t-–—").split()
    text = _OBJECT_RU.sub("", _LEAD.sub("", " ".join(words))).strip()
    words = text.split()
    if not words or len(words) > MAX_WORDS:
        return None
    if all(w.lower().strip(".,") in _NOT_SPEAKER for w in words):
        return None
    if re.fullmatch(r"[\d\s.,%]+", text):
        return None
    return text[:300]


def speaker(sentence: str, lang: str | None) -> str | None:
    """The speaker or organisation ``sentence`` attributes its statement to, if it says so."""
    if not sentence:
        return None
    rules = _RULES_KK + _RULES_RU if lang == "kk" else _RULES_RU + _RULES_KK
    for rule in rules:
        for m in rule.finditer(sentence):
            found = _clean(m.group(m.lastindex))
            if found:
                return found
    return None
