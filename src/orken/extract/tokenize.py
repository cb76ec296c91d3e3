"""Tokeniser: words (with line-end hyphenation joined), numbers with thousands
separators and decimal commas, number case suffixes ("-ға"), and punctuation.
Every token keeps its character offsets in the original text."""
from __future__ import annotations

import re

from .components import component
from .doc import Doc, Token

_NUM = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)*"
_WORD = r"[^\W\d_]+(?:(?:-[ \t]*\r?\n[ \t]*|[-'’`])[^\W\d_]+)*"
_TOKEN_RE = re.compile(
    rf"(?P<num>{_NUM})|(?P<suffix>(?<=[\d%])-[^\W\d_]{{1,6}}\b)|(?P<word>{_WORD})|(?P<punct>\S)"
)


def tokenize_text(text: str, offset: int = 0) -> list[Token]:
    out: list[Token] = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup or "punct"
        out.append(Token(m.group(), m.start() + offset, m.end() + offset, kind))
    return out


@component("tokenizer", requires=("doc.sentences",), assigns=("doc.tokens",))
def tokenize(doc: Doc) -> Doc:
    """Tokenise each sentence; sentences must be set (see sentences.split_sentences)."""
    doc.tokens = []
    for s in doc.sentences:
        s.tok_start = len(doc.tokens)
        doc.tokens.extend(tokenize_text(doc.text[s.start:s.end], s.start))
        s.tok_end = len(doc.tokens)
    return doc


_HYPHEN_NL = re.compile(r"-[ \t]*\r?\n[ \t]*")


def clean_word(text: str) -> str:
    """Token text with line-end hyphenation and soft hyphens removed."""
    if "\n" not in text and "\u00ad" not in text:
        return text  # nearly every token: nothing to remove
    return _HYPHEN_NL.sub("", text).replace("\u00ad", "")
