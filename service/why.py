"""The Why? button: a rule's rationale and its sources (authors, year, journal, DOI link)."""

from __future__ import annotations

from core.replies import Reply
from core.rules import RULE_IDS
from core.wording.rules import why


def why_reply(rule_id: str) -> Reply:
    if rule_id not in RULE_IDS:
        return Reply("That button is from an older version; log a set to get a fresh one.")
    return Reply(why(rule_id), new_message=True)
