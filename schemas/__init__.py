"""Pandera models: the contract of every table regtimeline writes.

One model per table; every column carries a description, from which the
codebook (CODEBOOK.md) is generated.
"""
from schemas.tables import (
    DATE_BASES,
    EVENT_TYPES,
    PRECISIONS,
    ArticleSchema,
    EventSchema,
    MentionSchema,
    TABLES,
)

__all__ = [
    "DATE_BASES",
    "EVENT_TYPES",
    "PRECISIONS",
    "ArticleSchema",
    "EventSchema",
    "MentionSchema",
    "TABLES",
]
