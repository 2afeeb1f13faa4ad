"""/rules: list the rules and thresholds, switch rules, change thresholds (validated)."""

from __future__ import annotations

import difflib

from core.replies import Reply
from core.rules import RULE_IDS, ThresholdError, validate_threshold
from core.wording import settings as words
from service import users
from service.services import Services


def _rule_id(text: str) -> str | None:
    candidate = text.strip().upper().replace("-", "_").replace(" ", "_")
    return candidate if candidate in RULE_IDS else None


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
        if verb in ("on", "off") and len(parts) == 2:
            rule = _rule_id(parts[1])
            if rule is None:
                close = difflib.get_close_matches(parts[1].upper(), sorted(RULE_IDS), n=2)
                return Reply(words.unknown_rule(parts[1], close))
            off = set(user.rules_off)
            if verb == "on":
                off.discard(rule)
            else:
                off.add(rule)
            await uow.users.update(user_id, now, rules_off=sorted(off))
            await uow.commit()
            return Reply(words.rule_switched(rule, verb == "on"))
        if verb == "set" and len(parts) == 3:
            key = parts[1].lower()
            typed = parts[2].replace(",", ".")
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
