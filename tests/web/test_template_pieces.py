"""The zone pages (catalogue, matcher, one zone) share their layout and their filter pieces instead of
repeating them: no two of them hold the same run of lines (the layout is ``zones_layout.html``, the
filter panel, checkbox facets and region/sector choices are macros of ``zones_macros.html``)."""

from __future__ import annotations

from pathlib import Path

import orken.web

TEMPLATES = Path(orken.web.__file__).parent / "templates"
PAGES = ("zones.html", "zones_match.html", "zone.html")
TRIVIAL = {"", "{% endblock %}", "{% endif %}", "{% endfor %}", "{% endcall %}", "</div>", "</section>", "</form>",
           "</ul>", "</ol>", "</li>", "</article>", "</select>", "</fieldset>", "</details>", "</aside>"}

#: a template's statements of what it extends, imports and fills: not repetition
HEADERS = ("{% extends ", "{% import ", "{% block ")


def _runs(name: str, width: int = 2) -> set[tuple[str, ...]]:
    lines = [line.strip() for line in (TEMPLATES / name).read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line not in TRIVIAL and not line.startswith(HEADERS)]
    return {tuple(lines[i:i + width]) for i in range(len(lines) - width + 1)}


def test_the_zone_pages_repeat_no_block():
    shared = []
    for i, a in enumerate(PAGES):
        for b in PAGES[i + 1:]:
            shared += [f"{a} & {b}: {' / '.join(run)[:120]}" for run in _runs(a) & _runs(b)]
    assert not shared, "\n".join(shared)


def test_the_filter_pieces_are_macros():
    for page in ("zones.html", "zones_match.html"):
        text = (TEMPLATES / page).read_text(encoding="utf-8")
        assert "zm.filter_panel(" in text and "zm.checks(" in text and '<fieldset class="facet">' not in text, page
