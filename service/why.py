"""The Why? button: a rule's rationale and its sources (authors, year, journal, DOI link)."""

from __future__ import annotations

from core.replies import Reply
from core.rules import RULE_IDS
from core.wording.chat import OLD_BUTTON
from core.wording.rules import why


def why_reply(rule_id: str) -> Reply:
    if rule_id not in RULE_IDS:
        return Reply(OLD_BUTTON, alert=True)  # a pop-up: the logged set above stays as it is
    return Reply(why(rule_id), new_message=True)
