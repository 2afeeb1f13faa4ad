"""`tofailure export` and `tofailure import`: a user's log out of and into the database, for
operators, through the same use cases as /export and a document sent in the chat."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.app import running_services
from bot.config import Settings
from core.wording import transfer as words
from service import exports, imports
from service.commands import press
from service.files import LocalFiles


async def export_user(settings: Settings, user_id: int, out: str) -> int:
    async with running_services(settings) as svc:
        if not await exports.known_user(svc, user_id):
            print(words.no_such_user(user_id), file=sys.stderr)
            return 1
        if out == "-":
            done = await exports.write_log(svc, user_id, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            with Path(out).expanduser().open("wb") as f:
                done = await exports.write_log(svc, user_id, f)
    print(words.exported_to(done.sets, out), file=sys.stderr)
    return 0


async def import_user(settings: Settings, user_id: int, path: str, yes: bool, custom: bool) -> int:
    """Print the preview; with `yes`, import (unknown names as own exercises with `custom`)."""
    upload = LocalFiles.upload(path)
    if upload is None:
        print(words.PATH_USAGE, file=sys.stderr)
        return 2
    async with running_services(settings) as svc:
        preview = await imports.preview(svc, user_id, upload)
        print(preview.text)
        actions = {b.data.split(":")[1]: b.data for row in preview.buttons for b in row}
        wanted = imports.CUSTOM if custom and imports.CUSTOM in actions else imports.OK
        if wanted not in actions:
            # Refused, a bad file, or nothing new: the preview said which.
            return 0 if "in your log already" in preview.text else 1
        if not yes:
            print(words.CONFIRM_HINT)
            return 0
        done = await press(svc, user_id, actions[wanted])
        assert done is not None
        print(done.text)
        return 0 if done.text.startswith("Imported") else 1
