"""The registry of pipeline components: each has a name and says what it requires and assigns.

A component is a function ``Doc -> Doc`` registered with :func:`component`::

    @component("gazetteer", requires=("doc.tokens",), assigns=("spans.places",))
    def tag_locations(doc): ...

What a component requires or assigns is named as ``doc.<field>`` (sentences, tokens),
``token.<attribute>`` (lemma, ner), ``spans.<name>`` (``Doc.spans[name]``) or ``data.<name>``
(``Doc.data[name]``). ``Pipeline`` checks, when it is built, that every requirement is assigned by
a component before it (a missing one is a :class:`PipelineError`), and calls each component's
``check`` then (the NER component checks that its model file is there). A component may also give
a ``batch`` function over a list of documents (``Pipeline.pipe``); it must give each document what
``func`` gives it alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .doc import Doc

ComponentFn = Callable[[Doc], Doc]


class PipelineError(ValueError):
    """A pipeline that cannot run: an unknown component, or one whose requirement nobody assigns."""


@dataclass(frozen=True)
class ComponentInfo:
    name: str
    func: ComponentFn
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    check: Callable[[], None] | None = None  # run when a pipeline with this component is built
    batch: Callable[[list[Doc]], list[Doc]] | None = None  # the same over many documents at once (Pipeline.pipe)


REGISTRY: dict[str, ComponentInfo] = {}


def component(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = (),
              check: Callable[[], None] | None = None,
              batch: Callable[[list[Doc]], list[Doc]] | None = None) -> Callable[[ComponentFn], ComponentFn]:
    """Register ``func`` under ``name`` (the function itself is returned unchanged). ``batch``, when
    given, does what ``func`` does to each of a list of documents, in one go (``Pipeline.pipe`` uses
    it; the NER component runs its tagger once over all the documents' sentences)."""
    def register(func: ComponentFn) -> ComponentFn:
        REGISTRY[name] = ComponentInfo(name, func, tuple(requires), tuple(assigns), check, batch)
        return func
    return register


def get(name: str) -> ComponentInfo:
    try:
        return REGISTRY[name]
    except KeyError:
        raise PipelineError(f"no pipeline component named {name!r} (known: {', '.join(sorted(REGISTRY))})") from None


def resolve(names: list[str]) -> list[ComponentInfo]:
    """The components of ``names`` in order; an unknown name or an unmet requirement is an error."""
    out: list[ComponentInfo] = []
    have: dict[str, str] = {}
    for name in names:
        info = get(name)
        missing = [r for r in info.requires if r not in have]
        if missing:
            raise PipelineError(f"component {name!r} requires {', '.join(missing)}, which no component before it "
                                f"assigns (pipeline: {', '.join(names)})")
        for a in info.assigns:
            have[a] = name
        out.append(info)
    return out
