"""The Kazakh Latin alphabet of 2021: every Cyrillic letter, both cases, loans, and what passes through."""

from __future__ import annotations

import re

import pytest

from orken.i18n.latin import ALPHABET, to_latin

#: every letter of the Kazakh Cyrillic alphabet (42) with its 2021 Latin spelling (lower case)
TABLE = [
    ("а", "a"), ("ә", "ä"), ("б", "b"), ("в", "v"), ("г", "g"), ("ғ", "ğ"), ("д", "d"), ("е", "e"), ("ё", "io"),
    ("ж", "j"), ("з", "z"), ("и", "i"), ("й", "i"), ("к", "k"), ("қ", "q"), ("л", "l"), ("м", "m"), ("н", "n"),
    ("ң", "ñ"), ("о", "o"), ("ө", "ö"), ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"), ("ұ", "ū"),
    ("ү", "ü"), ("ф", "f"), ("х", "h"), ("һ", "h"), ("ц", "s"), ("ч", "ş"), ("ш", "ş"), ("щ", "şş"), ("ъ", ""),
    ("ы", "y"), ("і", "ı"), ("ь", ""), ("э", "e"), ("ю", "iu"), ("я", "ia"),
]
CAPITALS = {"ё": "İo", "и": "İ", "й": "İ", "і": "I", "щ": "Şş", "ю": "İu", "я": "İa"}


def test_the_table_has_every_letter_of_the_kazakh_cyrillic_alphabet():
    assert len(TABLE) == 42 and len({c for c, _ in TABLE}) == 42


@pytest.mark.parametrize(("cyr", "lat"), TABLE)
def test_every_letter_lower_and_upper(cyr, lat):
    assert to_latin(cyr) == lat
    cap = CAPITALS.get(cyr, lat[:1].upper() + lat[1:])
    assert to_latin(cyr.upper() + "а") == cap + "a"  # a capital before a small letter
    assert to_latin("А" + cyr.upper() + "А") == "A" + CAPITALS.get(cyr, lat).upper() + "A"  # in a word in capitals


def test_words_and_sentences():
    assert to_latin("Қазақстан Республикасы") == "Qazaqstan Respublikasy"
    assert to_latin("Шығыс Қазақстан облысы") == "Şyğys Qazaqstan oblysy"
    assert to_latin("Өскемен, Түркістан, Ұлытау") == "Öskemen, Türkıstan, Ūlytau"
    assert to_latin("Жобалар картасы") == "Jobalar kartasy"
    assert to_latin("ИНДУСТРИЯЛАНДЫРУ КАРТАСЫ") == "İNDUSTRİİALANDYRU KARTASY"
    assert to_latin("Ақмола облысы әкімдігі") == "Aqmola oblysy äkımdıgı"
    assert to_latin("Іске қосылды") == "Iske qosyldy"
    assert to_latin("ЖШС «Теңіз»") == "JŞS «Teñız»"


def test_russian_loans_follow_the_2021_rules():
    assert to_latin("цемент") == "sement"
    assert to_latin("Щучинск") == "Şşuşinsk"
    assert to_latin("ёлка") == "iolka"
    assert to_latin("Юрий") == "İurii"
    assert to_latin("ЯНВАРЬ") == "İANVAR"
    assert to_latin("объект") == "obekt"
    assert to_latin("пьеса") == "pesa"
    assert to_latin("экономика") == "ekonomika"
    assert to_latin("Выставка") == "Vystavka"
    assert to_latin("Электр станциясы") == "Elektr stansiiasy"


def test_the_output_has_only_letters_of_the_2021_alphabet_and_no_digraphs():
    sample = "".join(c for c, _ in TABLE) + " " + "".join(c.upper() for c, _ in TABLE) + " шаш жұмыс цех чай ңғ"
    out = to_latin(sample)
    letters = {ch for ch in out if ch.isalpha()}
    assert letters <= set(ALPHABET), letters - set(ALPHABET)
    assert not re.search(r"sh|ch|zh|ng|gh|ts|'", to_latin("шаш жұмыс шұғыла цех чай аңғар ңғ"))


@pytest.mark.parametrize("text", [
    "Orken 2.1", "1 234 567,5 ₸", "12.05.2026", "%(name)s", "{x}", "https://example.kz/a?b=1", "user@example.kz",
    "KATO 751110000", "", "—", "Q3 2025",
])
def test_latin_ascii_numbers_urls_and_placeholders_pass_through(text):
    assert to_latin(text) == text


def test_placeholders_and_urls_inside_kazakh_text_are_kept():
    assert to_latin("%(name)s жобасы {count} рет") == "%(name)s jobasy {count} ret"
    assert to_latin("Қараңыз: https://мысал.kz/жаңалық/1 — жаңа") == "Qarañyz: https://мысал.kz/жаңалық/1 — jaña"
    assert to_latin("%(атауы)s мен {жоба}") == "%(атауы)s men {жоба}"
    assert to_latin("Зауыт (%(percent)s%%)") == "Zauyt (%(percent)s%%)"


def test_a_page_is_written_in_latin_but_what_forms_send_is_kept():
    from orken.i18n.latin import to_latin_html

    page = ('<html><head><title>Жобалар</title><style>.x{content:"Ә"}</style></head><body>'
            '<!-- Жоба --><p title="Жоба туралы" data-x="Жоба">Жоба <b>Қарағанды</b></p>'
            '<input name="name" value="Әлия" placeholder="Аты"><textarea name="t">Жоба\n<b>Ә</b></textarea>'
            '<select><option value="Қ">Қарағанды</option></select><a href="/жоба?q=Ә">Сілтеме</a>'
            '<ul class="langs" translate="no"><li><a>Қаз</a></li><li><ul><li>Рус</li></ul></li></ul><p>Соңы</p>'
            '<script>var a = "Жоба";</script><script type="application/json">{"name": "Жоба"}</script></body></html>')
    assert to_latin_html(page) == (
        '<html><head><title>Jobalar</title><style>.x{content:"Ә"}</style></head><body>'
        '<!-- Жоба --><p title="Joba turaly" data-x="Жоба">Joba <b>Qarağandy</b></p>'
        '<input name="name" value="Әлия" placeholder="Aty"><textarea name="t">Жоба\n<b>Ә</b></textarea>'
        '<select><option value="Қ">Qarağandy</option></select><a href="/жоба?q=Ә">Sılteme</a>'
        '<ul class="langs" translate="no"><li><a>Қаз</a></li><li><ul><li>Рус</li></ul></li></ul><p>Soñy</p>'
        '<script>var a = "Жоба";</script><script type="application/json">{"name": "Joba"}</script></body></html>')
    assert to_latin_html("plain <br> text") == "plain <br> text"
