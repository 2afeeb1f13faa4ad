"""`evaluate`: every rule at every new set, against the prefix history + new sets (§2)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from core.catalogue import Catalogue
from core.model import SetRecord
from core.rules import registry as r
from core.rules import trends, weekly, workout
from core.rules.finding import Finding
from core.rules.scope import Hit
from core.rules.settings import RuleSettings
from core.rules.timeline import Timeline

Check = Callable[[Timeline, int], Hit | None]

CHECKS: Mapping[str, Check] = {
    r.FAIL_IN_DELOAD: workout.fail_in_deload,
    r.FAIL_HEAVY_COMPOUND: workout.fail_heavy_compound,
    r.TOO_MANY_FAILURE_SETS: workout.too_many_failure_sets,
    r.FAIL_NON_FINAL_SET: workout.fail_non_final_set,
    r.DELOAD_SUGGESTED: weekly.deload_suggested,
    r.FAILURE_SHARE_STREAK: weekly.failure_share_streak,
    r.FAILURE_SHARE_HIGH: weekly.failure_share_high,
    r.REPS_DECLINE: trends.reps_decline,
    r.E1RM_DECLINE: trends.e1rm_decline,
    r.DELOAD_DUE: weekly.deload_due,
}


def evaluate(
    settings: RuleSettings,
    catalogue: Catalogue,
    history: Sequence[SetRecord],
    new_sets: Sequence[SetRecord],
) -> list[Finding]:
    """Findings for the new sets, by new set and then in §3 order.

    Pure: time comes from the sets. Each new set is judged against history plus the new
    sets up to it; a rule fires only where its condition holds and held at no earlier set
    of its scope. History may come in any order and may reach further back than
    `history_since` (the excess is ignored); new sets must not be earlier than history and
    come in time order. Times carry a UTC offset (storage's UTC, or ISO offsets); a log
    timed in an IANA zone is converted to UTC first. Raises ValueError on naive times.
    """
    if not new_sets:
        return []
    tl = Timeline(settings, catalogue, history, new_sets)
    active = [rule for rule in r.RULES if rule.id not in settings.rules_off]
    found: list[Finding] = []
    for k in range(len(new_sets)):
        p = tl.n_hist + k
        if tl.sets[p].warmup:
            continue  # a warm-up never raises a finding
        deload = tl.in_deload(p)
        for rule in active:
            if deload and rule.id != r.FAIL_IN_DELOAD:
                continue  # in a deload week only the deload rule speaks
            hit = CHECKS[rule.id](tl, p)
            if hit is not None:
                found.append(Finding(rule.id, rule.severity, hit.message, k, hit.params))
    return found
