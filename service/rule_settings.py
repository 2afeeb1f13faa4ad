"""/rules: list the rules and thresholds, switch rules, change thresholds (validated)."""

from __future__ import annotations

import difflib

from core.replies import Reply
from core.rules import RULE_IDS, THRESHOLD_BY_KEY, ThresholdError, validate_threshold
from core.wording import settings as words
from core.wording import thresholds as threshold_words
from core.wording.summaries import RULE_LABELS
from service import users
from service.services import Services


def _rules_named(text: str) -> list[str]:
    """The rule an id names (any case, `-` or spaces for `_`), else the rules whose words in
    /rules hold what was typed (`/rules off heavy`: one; `failure`: several, to choose from)."""
    candidate = text.strip().upper().replace("-", "_").replace(" ", "_")
    if candidate in RULE_IDS:
        return [candidate]
    typed = " ".join(text.lower().split())
    if len(typed) < 3:
        return []
    return [rule for rule, label in RULE_LABELS.items() if typed in label.lower()]


async def rules_command(svc: Services, user_id: int, args: str) -> Reply:
    now = svc.clock()
    parts = args.split()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        values = dict(user.thresholds)
        if not parts:
            await uow.commit()
            return Reply(words.rules_overview(user.rules_off, values))
        verb = parts[0].lower()
        if verb in ("on", "off") and len(parts) >= 2:
            named = " ".join(parts[1:])
            found = _rules_named(named)
            if len(found) > 1:
                return Reply(words.rules_fit(named, found))
            if not found:
                close = difflib.get_close_matches(named.upper(), sorted(RULE_IDS), n=2)
                return Reply(words.unknown_rule(named, close))
            rule = found[0]
            off = set(user.rules_off)
            if verb == "on":
                off.discard(rule)
            else:
                off.add(rule)
            await uow.users.update(user_id, now, rules_off=sorted(off))
            await uow.commit()
            return Reply(words.rule_switched(rule, verb == "on"))
        if verb == "set" and len(parts) >= 3:  # `30 %` as /rules writes a share
            key = parts[1].lower()
            if key not in THRESHOLD_BY_KEY:  # the name first: its value means nothing without it
                close = difflib.get_close_matches(key, list(THRESHOLD_BY_KEY), n=1)
                known = threshold_words.unknown(key, THRESHOLD_BY_KEY)
                return Reply(words.threshold_error(known, close[0] if close else None))
            typed = "".join(parts[2:]).replace(",", ".")
            if typed.endswith("%") and THRESHOLD_BY_KEY[key].integer:
                return Reply(words.threshold_error(words.not_a_share(key), key))
            try:
                # `30%` is a share as the overview shows it: 0.3.
                number = float(typed.removesuffix("%")) / (100 if typed.endswith("%") else 1)
            except ValueError:
                return Reply(words.threshold_error(f"{parts[2]!r} is not a number.", key))
            try:
                value = validate_threshold(key, number)
            except ThresholdError as exc:
                return Reply(words.threshold_error(str(exc), key))
            values[key] = value
            await uow.users.update(user_id, now, thresholds=values)
            await uow.commit()
            return Reply(words.threshold_set(key, value))
        return Reply(words.RULES_USAGE)
