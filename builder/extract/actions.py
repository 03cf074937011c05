"""Placeholder extractor (being replaced): no mentions."""
from __future__ import annotations


def extract_article(article):
    return []
