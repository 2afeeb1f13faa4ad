"""The lifter docs (docs/*.md) stay true to the code: catalogue, rules, sources, commands, links."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.catalogue import parse_catalogue
from core.replies import Reply
from core.rules.registry import RULE_IDS, RULES
from core.rules.settings import THRESHOLDS
from core.rules.sources import CITATION_BY_TAG, CITATIONS, Citation
from core.wording import chat as chat_words
from core.wording import settings as settings_words
from core.wording import summaries as summary_words
from docs import gen_exercises
from service.commands import COMMANDS, Command, run
from service.services import Services
from storage.db import make_session_factory
from storage.uow import UnitOfWorkFactory
from tests.dbs import migrated_engine

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
RULES_MD = DOCS / "rules.md"
LIFTER_DOCS = sorted(DOCS.glob("*.md"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- docs/exercises.md -------------------------------------------------------------------------


def test_exercise_list_is_generated_from_the_current_catalogue() -> None:
    fresh = gen_exercises.current()
    assert _text(DOCS / "exercises.md") == fresh, (
        "docs/exercises.md is stale: run `.venv/bin/python -m docs.gen_exercises`"
    )


def test_exercise_list_has_every_exercise_once_with_its_names() -> None:
    catalogue = parse_catalogue(_text(gen_exercises.CSV_PATH))
    page = gen_exercises.render(catalogue)
    rows = [line for line in page.splitlines() if line.startswith("| **")]
    assert len(rows) == len(catalogue.exercises)
    for exercise in catalogue.exercises:
        (row,) = [r for r in rows if r.startswith(f"| **{exercise.name}** |")]
        typed, apps = gen_exercises.shown_names(exercise)
        for alias in (*typed, *apps):
            assert f"`{alias}`" in row


def test_exercise_list_leaves_out_only_spellings_that_resolve_anyway() -> None:
    """Plurals and ae/oe/ue spellings are dropped from the page, never a different name."""
    catalogue = parse_catalogue(_text(gen_exercises.CSV_PATH))
    by_id = {e.id: e for e in catalogue.exercises}
    squat = gen_exercises.shown_names(by_id["back_squat"])[0]
    assert "squat" in squat and "squats" not in squat and "sentadillas" not in squat
    bench = gen_exercises.shown_names(by_id["dumbbell_bench_press"])[0]
    assert "kurzhantel bankdrücken" in bench and "kurzhantel bankdruecken" not in bench
    pull_up = gen_exercises.shown_names(by_id["pull_up"])
    assert "pullups" not in pull_up[0] and pull_up[1] == ["pull up (weighted)"]


# --- docs/rules.md -----------------------------------------------------------------------------


def _citation_line(c: Citation) -> str:
    """A citation exactly as the Why? button writes it (core/wording/rules.py)."""
    return f"{c.authors} ({c.year}). {c.title}. {c.journal} {c.volume}. {c.url}"


def _rule_sections() -> dict[str, str]:
    """`### N. RULE_ID` heading -> the text up to the next heading of level 2 or 3."""
    text = _text(RULES_MD)
    parts = re.split(r"^(#{2,3} .*)$", text, flags=re.MULTILINE)
    sections: dict[str, str] = {}
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        found = re.fullmatch(r"### (\d+)\. ([A-Z0-9_]+)", heading.strip())
        if found:
            sections[found.group(2)] = body
    return sections


def test_rules_doc_has_every_doi_and_full_citation() -> None:
    text = _text(RULES_MD)
    for c in CITATIONS:
        assert c.doi in text, f"{c.tag}: DOI {c.doi} missing from docs/rules.md"
        assert _citation_line(c) in text, f"{c.tag}: citation differs from core/rules/sources.py"


def test_rules_doc_has_a_section_per_rule_citing_exactly_its_sources() -> None:
    sections = _rule_sections()
    assert set(sections) == RULE_IDS
    for rule in RULES:
        body = sections[rule.id]
        assert f"/rules off {rule.id}" in body, f"{rule.id}: how to switch it off"
        cited = {tag for tag, c in CITATION_BY_TAG.items() if c.doi in body}
        assert cited == set(rule.tags), f"{rule.id} cites {sorted(cited)}, the code {rule.tags}"
    numbers = [int(m) for m in re.findall(r"^### (\d+)\. ", _text(RULES_MD), re.MULTILINE)]
    assert numbers == [r.number for r in RULES]


def test_rules_doc_states_every_threshold_with_its_default_and_range() -> None:
    text = _text(RULES_MD)
    for t in THRESHOLDS:
        default = f"{t.default:.2f}" if not t.integer else f"{t.default:g}"
        low, high = (f"{x:.2f}" if not t.integer else f"{x:g}" for x in (t.low, t.high))
        row = f"| `{t.key}` | {default} | {low}–{high} |"
        assert row in text, f"threshold row missing or wrong: {row}"


# --- commands named in the docs ----------------------------------------------------------------

PLACEHOLDERS = {"ID", "KEY", "VALUE", "N"}
USAGE_REPLIES = {
    settings_words.RULES_USAGE,
    settings_words.DELOAD_USAGE,
    summary_words.WEEK_USAGE,
    chat_words.UNIT_USAGE,
}
ERROR_MARKS = ("I don't know", "for example", "Example:", "must be")


def _documented_commands() -> list[str]:
    found: list[str] = []
    for path in LIFTER_DOCS:
        for span in re.findall(r"`(/[a-z]+(?: [^`]*)?)`", _text(path)):
            if PLACEHOLDERS.isdisjoint(span.split()) and span not in found:
                found.append(span)
    return found


async def _send(svc: Services, user_id: int, command: str, message_id: int) -> Reply:
    word, _, args = command[1:].partition(" ")
    assert word in COMMANDS, f"the docs name {command}, which the bot does not know"
    return await run(svc, word, Command(user_id, user_id, message_id, args))


def test_docs_name_commands() -> None:
    commands = _documented_commands()
    for needed in ("/rules", "/rules set heavy_max_reps 5", "/deload next", "/undo", "/week last"):
        assert needed in commands


async def test_every_command_example_in_the_docs_works_today(tmp_path: Path) -> None:
    async with migrated_engine("sqlite", tmp_path) as engine:
        svc = Services(
            uow=UnitOfWorkFactory(make_session_factory(engine)),
            clock=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        )
        for message_id, command in enumerate(_documented_commands(), 1):
            reply = await _send(svc, 7, command, message_id)
            assert reply.text not in USAGE_REPLIES, f"{command} -> {reply.text}"
            for mark in ERROR_MARKS:
                assert mark not in reply.text, f"{command} -> {reply.text}"


# --- links -------------------------------------------------------------------------------------


def _slug(heading: str) -> str:
    """GitHub's heading anchor: lowercase, punctuation dropped, each space a hyphen."""
    kept = "".join(
        c for c in heading.strip().lower() if c in " -_" or unicodedata.category(c)[0] in "LN"
    )
    return kept.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors: set[str] = set()
    for heading in re.findall(r"^#{1,6} (.+)$", _text(path), re.MULTILINE):
        slug = _slug(heading)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        anchors.add(slug if n == 0 else f"{slug}-{n}")
    return anchors


@pytest.mark.parametrize("path", LIFTER_DOCS, ids=lambda p: p.name)
def test_links_stay_inside_the_repository_and_hit_their_headings(path: Path) -> None:
    links = re.findall(r"\]\(([^)\s]+)\)", _text(path))
    assert links, f"{path.name} links nowhere"
    for link in links:
        if link.startswith(("https://", "http://")):
            continue
        file_part, _, anchor = link.partition("#")
        target = (path.parent / file_part).resolve() if file_part else path
        assert target.is_relative_to(ROOT), f"{path.name}: {link} leaves the repository"
        assert target.exists(), f"{path.name}: {link} does not exist"
        if anchor:
            assert anchor in _anchors(target), f"{path.name}: no heading for {link}"
