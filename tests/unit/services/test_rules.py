"""The rule tables seeded by the migrations load into the same rules as default_rules()."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from licensure_app.db import make_engine, read_only
from licensure_app.domain.rules import Rules, default_rules
from licensure_app.models import RenewalOption, RuleSetting
from licensure_app.services.rules import load_rules

PROJECT = Path(__file__).resolve().parents[3]


def _migrate() -> None:
    cfg = Config(str(PROJECT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT / "alembic"))
    command.upgrade(cfg, "head")


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 't.db'}"
    # alembic/env.py reads the URL through licensure_app.settings.database_url().
    monkeypatch.setenv("REFLEX_DB_URL", url)
    _migrate()
    eng = make_engine(url)
    yield eng
    eng.dispose()


def _without_ids(rules: Rules) -> tuple[dict, dict[str, float]]:
    """Categories, positions and parts (ids left out), and the settings."""
    options = {
        category: [(o.category, o.position, o.parts) for o in options]
        for category, options in rules.options.items()
    }
    return options, rules.settings


def test_migrated_rules_equal_defaults(engine: Engine) -> None:
    with Session(engine) as session:
        loaded = load_rules(session)
    assert _without_ids(loaded) == _without_ids(default_rules())
    # Spot checks, in case both sides drifted together.
    assert [len(loaded.options_for(c)) for c in ("A", "AA", "AAA", "AAAA")] == [4, 3, 3, 3]
    assert len(loaded.options_for("career_administrator")) == 4
    assert loaded.setting("min_activity_ceu") == 0.5
    assert loaded.setting("renewal_window_days") == 365


def test_load_rules_uses_three_small_queries(engine: Engine) -> None:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with Session(engine) as session:
            load_rules(session)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # Options with parts, settings, and the recorded changes of other dates (usually none,
    # through the index on status).
    assert len(statements) == 3
    assert "rule_change" in statements[2]


def test_load_rules_reflects_edits(engine: Engine) -> None:
    with Session(engine) as session:
        first_aa = session.exec(
            select(RenewalOption).where(RenewalOption.category == "AA", RenewalOption.position == 1)
        ).one()
        first_aa.is_active = False
        window = session.exec(
            select(RuleSetting).where(RuleSetting.key == "renewal_window_days")
        ).one()
        window.value = 200
        session.commit()
    with Session(engine) as session:
        loaded = load_rules(session)
    assert [o.position for o in loaded.options_for("AA")] == [2, 3]
    assert [o.position for o in loaded.options_for("AAA")] == [1, 2, 3]
    assert loaded.setting("renewal_window_days") == 200
    assert loaded != default_rules()


def _selects(engine: Engine) -> tuple[list[str], object]:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    return statements, count


def test_read_only_sessions_share_one_copy_until_any_write_to_the_rule_tables(
    engine: Engine,
) -> None:
    reader = read_only(engine)
    statements, listener = _selects(engine)
    try:
        with Session(reader) as session:
            first = load_rules(session)
        with Session(reader) as session:
            statements.clear()
            assert load_rules(session) is not None
        # Once cached: only the version is read.
        assert len(statements) == 1 and "rule_version" in statements[0]
    finally:
        event.remove(engine, "before_cursor_execute", listener)

    # A write by any path, even plain SQL that no service wrote, is seen by the next read.
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE rule_setting SET value = 200 WHERE key = 'renewal_window_days'")
        )
    with Session(reader) as session:
        assert load_rules(session).setting("renewal_window_days") == 200
    assert first.setting("renewal_window_days") == 365


def test_a_write_rolled_back_never_reaches_the_cache(engine: Engine) -> None:
    reader = read_only(engine)
    with Session(engine) as writer:
        part = writer.exec(select(RuleSetting).where(RuleSetting.key == "renewal_window_days"))
        setting = part.one()
        setting.value = 10
        writer.flush()
        # The writing session sees its own change, read fresh, not cached ...
        assert load_rules(writer).setting("renewal_window_days") == 10
        writer.rollback()
    # ... and readers never see it.
    with Session(reader) as session:
        assert load_rules(session).setting("renewal_window_days") == 365


def test_each_database_has_its_own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engines = []
    for name in ("a", "b"):
        monkeypatch.setenv("REFLEX_DB_URL", f"sqlite:///{tmp_path / name}.db")
        _migrate()
        engines.append(make_engine(f"sqlite:///{tmp_path / name}.db"))
    # The same version number in both (one write each): only the database and its stamp
    # tell their rules apart.
    for eng, days in zip(engines, (365, 100), strict=True):
        with eng.begin() as connection:
            connection.execute(
                text("UPDATE rule_setting SET value = :days WHERE key = 'renewal_window_days'"),
                {"days": days},
            )
    windows = []
    for eng in (*engines, *engines):
        with Session(read_only(eng)) as session:
            windows.append(load_rules(session).setting("renewal_window_days"))
    assert windows == [365, 100, 365, 100]
    for eng in engines:
        eng.dispose()
