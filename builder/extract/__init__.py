"""Extraction: article text -> mentions of regulatory actions.

`extract_article` is the one entry point the pipeline uses; the modules below it
(sentences, amounts, triggers, parties, linking) can be replaced one at a time.
"""
from __future__ import annotations


def extract_article(article):  # noqa: ANN001 - Article -> list[Mention]
    from builder.extract.actions import extract_article as _extract

    return _extract(article)
