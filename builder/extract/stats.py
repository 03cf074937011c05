"""What the extractor did: how often each vocabulary and gazetteer entry fired,
why proposals were dropped, and names that matched no gazetteer entry.

Collected per article and summed; rendered as the build report
(`build_report.json` in each release) so rules that never fire and names the
gazetteer lacks are visible (zavod-style "every value handled or reported").
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ExtractionStats:
    triggers_fired: Counter = field(default_factory=Counter)  # trigger id -> matches
    triggers_kept: Counter = field(default_factory=Counter)  # trigger id -> mentions produced
    dropped: Counter = field(default_factory=Counter)  # reason -> proposals dropped
    gazetteer_fired: Counter = field(default_factory=Counter)  # entry id -> matches in text
    unknown_targets: Counter = field(default_factory=Counter)  # target names not in the gazetteer
    unresolved_authorities: Counter = field(default_factory=Counter)  # authority text kept as written

    def add(self, other: "ExtractionStats") -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).update(getattr(other, name))


def render_report(stats: ExtractionStats, trigger_ids: list[str], gazetteer_ids: list[str]) -> dict:
    """Deterministic JSON-able report (everything sorted)."""

    def ordered(c: Counter) -> dict:
        return {k: c[k] for k in sorted(c, key=lambda k: (-c[k], k))}

    return {
        "triggers": {
            "fired": ordered(stats.triggers_fired),
            "produced_mentions": ordered(stats.triggers_kept),
            "never_fired": sorted(set(trigger_ids) - set(stats.triggers_fired)),
        },
        "proposals_dropped": ordered(stats.dropped),
        "gazetteer": {
            "fired": ordered(stats.gazetteer_fired),
            "never_fired_count": len(set(gazetteer_ids) - set(stats.gazetteer_fired)),
            "never_fired": sorted(set(gazetteer_ids) - set(stats.gazetteer_fired)),
        },
        "targets_not_in_gazetteer": ordered(stats.unknown_targets),
        "authorities_kept_as_written": ordered(stats.unresolved_authorities),
    }
