"""Extraction: article text -> mentions of regulatory actions.

`extract_article` is the one entry point the pipeline uses; the modules below it
(sentences, amounts, dates, gazetteer, actions) can be replaced one at a time.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from builder.corpus import Article
    from builder.extract.stats import ExtractionStats
    from builder.model import Mention


def extract_article(article: "Article", stats: "ExtractionStats | None" = None) -> "list[Mention]":
    """All mentions of regulatory actions in one article (before in-article merging)."""
    from builder.extract.actions import extract_article as _extract

    return _extract(article, stats)
