"""Text extraction: figures about investment projects from Kazakh and Russian news.

Entry points: :func:`extract_facts` and :class:`Pipeline`; the CLI is in ``cli.py``.
"""
from .pipeline import Pipeline, extract_facts

__all__ = ["Pipeline", "extract_facts"]
