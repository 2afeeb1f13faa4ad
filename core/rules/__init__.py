"""The rules engine of rules.md: settings, rule descriptions, `evaluate` and `history_since`."""

from __future__ import annotations

from core.rules.engine import evaluate
from core.rules.finding import Finding
from core.rules.registry import RULE_BY_ID, RULE_IDS, RULES, Rule
from core.rules.settings import (
    THRESHOLD_BY_KEY,
    THRESHOLDS,
    RuleSettings,
    SettingsError,
    Threshold,
    ThresholdError,
    validate_threshold,
)
from core.rules.window import history_since

__all__ = [
    "RULES",
    "RULE_BY_ID",
    "RULE_IDS",
    "THRESHOLDS",
    "THRESHOLD_BY_KEY",
    "Finding",
    "Rule",
    "RuleSettings",
    "SettingsError",
    "Threshold",
    "ThresholdError",
    "evaluate",
    "history_since",
    "validate_threshold",
]
