"""Hostile input to the services, property-based (SPEC §6 Integrity; issue 7, item 6).

Every service gets very long and unicode text (combining marks, right-to-left, emoji, NUL
and control characters, whitespace only), impossible amounts (negative, zero, NaN, inf,
huge), far and unparsable dates, malformed CSV files, mistyped and oversized uploads and
SQL metacharacters. Each must answer with a clear message or a correct result, never an
exception, and must write nothing when it refuses.

The tests run on SQLite, which stores what PostgreSQL refuses (over-long strings, NUL), so
every row a service writes is checked against its column: the scale-out path must not fail
where the default one passes.

Examples share one migrated database per test (the `session` fixture) and each example is
rolled back, so they never see each other's writes.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import event as note_outcome
from hypothesis import strategies as st
from sqlalchemy import event
from sqlmodel import Session, SQLModel, func, select
from strategies import (
    VALID_NAMES,
    amount_strings,
    csv_files,
    date_strings,
    filenames,
    hostile_text,
    lookup_queries,
    mostly,
    uploads,
)

from licensure_app.domain import renewal
from licensure_app.domain.application_types import TYPES, validate_answers
from licensure_app.domain.formatting import format_amount
from licensure_app.domain.names import clean_name, name_key
from licensure_app.domain.rules import default_rules
from licensure_app.models import (
    ROLE_EDUCATOR,
    ROLE_STATE_STAFF,
    Account,
    Application,
    AuditEvent,
    EducatorProfile,
    EvidenceFile,
    License,
    LicenseClaimAttempt,
    PDActivity,
    SignInAttempt,
)
from licensure_app.models.license import LICENSE_CLASSES, LICENSE_STATUSES, LICENSE_TYPES
from licensure_app.services import (
    accounts,
    applications,
    audit,
    licensing,
    lookup,
    pd,
)
from licensure_app.services.accounts import profiles
from licensure_app.services.accounts.passwords import (
    hash_password,
    password_problem,
    verify_password,
)
from licensure_app.services.pd import bulk_load, evidence

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
GOOD_PASSWORD = "a long and quiet harbour at dawn"
PASSWORD_HASH = hash_password(GOOD_PASSWORD)
CLAIM_NUMBER = "1000001"
CLAIM_DOB = date(1988, 4, 12)
EDUCATOR = audit.Actor(None, ROLE_EDUCATOR, "192.0.2.1")
STAFF = audit.Actor(None, ROLE_STATE_STAFF, "192.0.2.2")

# No example database: nothing is written into the working tree (a failure prints the
# example to reproduce it with @example).
PURE = settings(max_examples=150, deadline=None, database=None)
# Many examples share one database; hypothesis must not mind the function-scoped fixture.
DB = settings(
    PURE,
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# ------------------------------------------------------------------ helpers


def counts(session: Session, *models: type[SQLModel]) -> dict[str, int]:
    return {
        m.__name__: session.exec(select(func.count()).select_from(m)).one()  # type: ignore[arg-type]
        for m in models
    }


WRITTEN = (
    Account,
    EducatorProfile,
    License,
    PDActivity,
    EvidenceFile,
    Application,
    AuditEvent,
    SignInAttempt,
    LicenseClaimAttempt,
)


def _refuse_what_postgresql_refuses(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
    """Every statement's parameters, checked as PostgreSQL would: no NUL in any string (a
    query with one fails there, even a SELECT), and valid UTF-8."""
    rows = parameters if executemany else [parameters]
    if rows and not isinstance(rows[0], dict | tuple | list):
        rows = [rows]  # one row of an executemany batch, as SQLAlchemy may pass it
    for row in rows:
        for value in row.values() if isinstance(row, dict) else row:
            if isinstance(value, str):
                assert "\x00" not in value, f"NUL sent to the database: {statement[:80]!r}"
                value.encode("utf-8")


@contextmanager
def example_transaction(session: Session) -> Iterator[None]:
    """One hypothesis example: whatever it writes is rolled back at the end."""
    try:
        yield
    finally:
        session.rollback()


def assert_storable(session: Session, *models: type[SQLModel]) -> None:
    """Every string in these tables fits its column and holds no NUL (PostgreSQL refuses
    both; SQLite stores them silently) and is valid UTF-8."""
    for model in models:
        table = model.__table__  # type: ignore[attr-defined]
        for row in session.execute(select(table)):
            for column, value in zip(table.columns, row, strict=True):
                if not isinstance(value, str):
                    continue
                where = f"{table.name}.{column.name} = {value[:60]!r}"
                assert "\x00" not in value, f"NUL in {where}"
                value.encode("utf-8")
                length = getattr(column.type, "length", None)
                assert length is None or len(value) <= length, (
                    f"{len(value)} characters in {where}, the column holds {length}"
                )


def is_message(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def visible(text: str) -> bool:
    """Has something to see: not only spaces, controls, zero-width or direction characters
    (code points this Python's Unicode does not know yet may be letters, so they count)."""
    return any(
        not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Cs") for ch in text
    )


def _profile(session: Session, number: str, first: str, last: str, **extra: Any) -> int:
    profile = EducatorProfile(
        educator_number=number,
        first_name=first,
        last_name=last,
        first_name_key=name_key(first),
        last_name_key=name_key(last),
        **extra,
    )
    session.add(profile)
    session.flush()
    return profile.id or 0


def _license(session: Session, holder_id: int, number: str) -> None:
    session.add(
        License(
            license_number=number,
            holder_id=holder_id,
            license_type="Standard",
            license_class="AA",
            first_issued=date(2012, 7, 1),
            valid_from=date(2022, 4, 24),
            expires_on=TODAY + timedelta(days=150),
            status="active",
        )
    )
    session.flush()


# Holders of the look-up's world: metacharacters in real names, with decoys that a
# wildcard would match ("Per%Cent" / "PerXCent").
SEEDED_NAMES = [
    ("Avery", "Thompson"),
    ("Sean", "O'Brien"),
    ("Siobhan", "O’Brien"),
    ("José", "Núñez"),
    ("Li", "Van der Berg"),
    ("Pat", "Under_Score"),
    ("Pat", "UnderXScore"),
    ("Cent", "Per%Cent"),
    ("Cent", "PerXCent"),
    ("Back", "Slash\\Name"),
    ("Quote", 'Say "Hi"'),
    ("Zoë", "Ǆukić"),
    ("محمد", "العربي"),
    ("Ⅻ", "ﬁsher"),
]
# Their identifiers, known before the fixture runs (the CSV strategy needs them).
_EDUCATOR_IDS = [f"E{2000001 + i}" for i in range(len(SEEDED_NAMES))]
_LICENSE_NUMBERS = [str(2000001 + i) for i in range(len(SEEDED_NAMES))]


class World(dict):
    """The seeded ids; a short repr keeps hypothesis' failure reports readable."""

    def __repr__(self) -> str:
        return "World(...)"


@pytest.fixture
def world(session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """Committed once per test; every example runs on top of it and is rolled back."""
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(tmp_path / "uploads"))
    event.listen(session.get_bind(), "before_cursor_execute", _refuse_what_postgresql_refuses)
    for (first, last), number, license_number in zip(
        SEEDED_NAMES, _EDUCATOR_IDS, _LICENSE_NUMBERS, strict=True
    ):
        _license(session, _profile(session, number, first, last), license_number)
    _profile(session, "E3000001", "Nolicense", "Thompson")  # registered, not licensed
    state_record = _profile(
        session, "E1000001", "Avery", "Rivera", date_of_birth=CLAIM_DOB, phone="662-555-0187"
    )
    _license(session, state_record, CLAIM_NUMBER)
    account = accounts.register_educator(
        session, "Avery", "Rivera", "avery@example.org", PASSWORD_HASH
    )
    own_profile = session.exec(
        select(EducatorProfile).where(EducatorProfile.account_id == account.id)
    ).one()
    draft = applications.start_or_resume(session, EDUCATOR, own_profile.id or 0, "initial")
    session.commit()
    return World(
        account_id=account.id,
        profile_id=own_profile.id,
        state_record_id=state_record,
        application_id=draft.application_id,
        uploads=tmp_path / "uploads",
    )


# ------------------------------------------------------------------ names


@PURE
@given(hostile_text(surrogates=True))
def test_name_normalisation_is_total(value: str) -> None:
    cleaned = clean_name(value)
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert clean_name(cleaned) == cleaned
    assert not any(ch in cleaned for ch in "\x00\x07\x1b\x7f")
    assert cleaned == "" or (visible(cleaned[0]) and visible(cleaned[-1]))
    key = name_key(value)
    assert key == name_key(cleaned)
    assert len(key) <= 100  # the *_key columns are VARCHAR(100)
    key.encode("utf-8")


# ------------------------------------------------------------------ accounts


@PURE
@given(
    first=hostile_text(surrogates=True),
    last=hostile_text(surrogates=True),
    email=st.one_of(hostile_text(surrogates=True), st.emails().map(str)),
    password=hostile_text(surrogates=True),
)
def test_registration_errors_are_messages(first: str, last: str, email: str, password: str) -> None:
    errors = accounts.registration_errors(first, last, email, password, password)
    assert all(is_message(m) for m in errors.values())
    assert set(errors) <= {"first_name", "last_name", "email", "password", "confirm_password"}
    if "first_name" not in errors:
        assert visible(clean_name(first)) and len(clean_name(first)) <= 100
    if "last_name" not in errors:
        assert visible(clean_name(last)) and len(clean_name(last)) <= 100


@PURE
@given(hostile_text(surrogates=True), st.emails().map(str))
@example("\ud800" * 20, "a@example.org")
@example("\x00" * 20, "a@example.org")
def test_an_accepted_password_can_be_hashed_and_verified(password: str, email: str) -> None:
    problem = password_problem(password, email)
    if problem is not None:
        assert is_message(problem)
        return
    assert 15 <= len(password) <= 256
    hashed = hash_password(password)
    assert verify_password(password, hashed)


names = mostly(st.sampled_from(VALID_NAMES), hostile_text(surrogates=True))


@DB
@given(
    first=names,
    last=names,
    email=st.one_of(
        st.emails().map(str),
        st.emails().map(str),
        hostile_text(surrogates=True).map(lambda s: f"{s}@example.org"),
        st.sampled_from(["a\x00b@example.org", "x@exam\x00ple.org", "a\u202eb@example.org"]),
    ),
)
@example(first="a" * 100, last="b" * 100, email="long@example.org")
@example(first="\ufdfa" * 6, last="Lee", email="ligature@example.org")
@example(first="Da\x00na", last="Lee\x07", email="nul@example.org")
@example(first="\u200b", last="\u200eLee\u2060", email="zwsp@example.org")
def test_registration_stores_a_clean_account_or_nothing(
    session: Session, world: World, first: str, last: str, email: str
) -> None:
    assume(accounts.normalise_email(email) != "avery@example.org")  # registered by `world`
    with example_transaction(session):
        before = counts(session, *WRITTEN)
        errors = accounts.registration_errors(first, last, email, GOOD_PASSWORD, GOOD_PASSWORD)
        note_outcome("refused" if errors else "registered")
        if errors:  # the page stops here
            assert counts(session, *WRITTEN) == before
            return
        account = accounts.register_educator(session, first, last, email, PASSWORD_HASH)
        session.flush()
        assert_storable(session, Account, EducatorProfile, AuditEvent)
        profile = session.exec(
            select(EducatorProfile).where(EducatorProfile.account_id == account.id)
        ).one()
        assert (profile.first_name, profile.last_name) == (clean_name(first), clean_name(last))
        assert visible(profile.first_name) and visible(profile.last_name)
        assert profile.last_name_key == name_key(last)
        # Registering the same address again, however it is spelt, is refused and adds nothing.
        after = counts(session, *WRITTEN)
        variant = f"  {email.upper()} "
        if accounts.normalise_email(variant) == account.email:
            with pytest.raises(accounts.EmailTaken):
                accounts.register_educator(session, first, last, variant, PASSWORD_HASH)
            assert counts(session, *WRITTEN) == after


@DB
@given(
    email=st.one_of(
        hostile_text(surrogates=True), st.sampled_from(["avery@example.org", "AVERY@example.org "])
    ),
    password=st.one_of(hostile_text(surrogates=True), st.just(GOOD_PASSWORD)),
    address=st.sampled_from(["192.0.2.9", "", "2001:db8::1"]),
)
def test_sign_in_with_hostile_input_fails_clearly_and_only_logs_the_attempt(
    session: Session, world: World, email: str, password: str, address: str
) -> None:
    with example_transaction(session):
        before = counts(session, *WRITTEN)
        result = accounts.check_credentials(session, email, password, address, NOW)
        right = accounts.normalise_email(email) == "avery@example.org" and password == GOOD_PASSWORD
        if right:
            assert result.account_id == world["account_id"] and result.error is None
        else:
            assert result.account_id is None and result.error == accounts.GENERIC_SIGN_IN_ERROR
        after = counts(session, *WRITTEN)
        assert after.pop("SignInAttempt") == before.pop("SignInAttempt") + 1
        assert after == before
        assert_storable(session, SignInAttempt, Account)


# ------------------------------------------------------------------ profiles


profile_forms = st.builds(
    profiles.ProfileForm,
    first_name=names,
    middle_name=mostly(st.sampled_from(["", *VALID_NAMES]), hostile_text(surrogates=True)),
    last_name=names,
    phone=mostly(
        st.sampled_from(["", "601-555-0134", "(601) 555 0134", "+1 601 555 0134", "6015550134"]),
        st.one_of(
            st.sampled_from(["555-0134", "601\x00555\x000134", "٦٠١٥٥٥٠١٣٤", "𝟔𝟎𝟏𝟓𝟓𝟓𝟎𝟏𝟑𝟒"]),
            hostile_text(),
        ),
    ),
    street=mostly(
        st.sampled_from(["", "27 Pine Ridge Road", "Calle Ñ 5", "a" * 200]),
        hostile_text(surrogates=True),
    ),
    city=mostly(st.sampled_from(["", "Tupelo", "a" * 100, "Öxford"]), hostile_text()),
    state=mostly(
        st.sampled_from(["MS", "ms", " ms ", ""]),
        st.one_of(st.sampled_from(["XX", "ＭＳ", "M\x00S"]), hostile_text()),
    ),
    zip_code=mostly(
        st.sampled_from(["", "39205", "39205-0771", " 39205 "]),
        st.one_of(st.sampled_from(["3920", "٣٩٢٠٥", "39205\x00"]), hostile_text()),
    ),
)


@DB
@given(profile_forms)
@example(profiles.ProfileForm("Dana", "", "Lee", phone="٦٠١٥٥٥٠١٣٤", zip_code="39205"))
@example(profiles.ProfileForm("Dana", "", "Lee", zip_code="٣٩٢٠٥"))
@example(profiles.ProfileForm("ﷺ" * 6, "", "ß" * 60, street="\x00", state="M\x00S"))
def test_profile_saves_clean_values_or_nothing(
    session: Session, world: World, form: profiles.ProfileForm
) -> None:
    profile_id = world["profile_id"]
    with example_transaction(session):
        before = counts(session, *WRITTEN)
        stored_before = session.get(EducatorProfile, profile_id).model_dump()
        errors = profiles.save_profile(session, EDUCATOR, profile_id, form)
        session.flush()
        assert all(is_message(m) for m in errors.values())
        stored = session.get(EducatorProfile, profile_id)
        note_outcome("refused" if errors else "saved")
        if errors:
            assert counts(session, *WRITTEN) == before
            assert stored.model_dump() == stored_before
            return
        assert_storable(session, EducatorProfile, AuditEvent)
        assert stored.first_name == clean_name(form.first_name)
        assert visible(stored.first_name) and visible(stored.last_name)
        assert stored.last_name_key == name_key(stored.last_name)
        assert stored.state in profiles.US_STATES | {""}
        assert re.fullmatch(r"([0-9]{3}-[0-9]{3}-[0-9]{4})?", stored.phone), stored.phone
        assert re.fullmatch(r"([0-9]{5}(-[0-9]{4})?)?", stored.zip_code), stored.zip_code


# ------------------------------------------------------------------ professional development


activity_text = st.sampled_from(
    ["Literacy workshop", "  Math   methods ", "ﷺ Núñez", "a" * 200, "T\x00itle", "עברית 👩‍🏫"]
)
activity_forms = st.builds(
    pd.ActivityForm,
    title=mostly(activity_text, hostile_text(surrogates=True)),
    provider=mostly(st.sampled_from(["MDE", "USM", "\u202eMDE"]), hostile_text(surrogates=True)),
    kind=mostly(st.sampled_from(list(pd.KIND_LABELS)), hostile_text()),
    amount=mostly(st.sampled_from(["1", "1.5", "1,5", " 2 ", "0.5", "1000", ""]), amount_strings()),
    completed_on=mostly(
        st.dates(min_value=date(1940, 1, 1), max_value=TODAY + timedelta(days=5)).map(
            date.isoformat
        ),
        date_strings(),
    ),
)


@DB
@given(activity_forms)
@example(pd.ActivityForm("T\x00itle", "MDE", "ceu", "1", "2026-01-01"))
@example(pd.ActivityForm("\u200b\u200f", "\ufeff", "ceu", "1", "2026-01-01"))
@example(pd.ActivityForm("Title", "MDE", "ceu", "nan", "2026-01-01"))
@example(pd.ActivityForm("Title", "MDE", "semester_hours", "0.004", "2026-01-01"))
@example(pd.ActivityForm("Title", "MDE", "semester_hours", "1e309", "0001-01-01"))
def test_activity_is_saved_within_bounds_or_nothing_is_written(
    session: Session, world: World, form: pd.ActivityForm
) -> None:
    with example_transaction(session):
        before = counts(session, *WRITTEN)
        result = pd.add_activity(session, EDUCATOR, world["profile_id"], form, TODAY)
        assert all(is_message(m) for m in result.errors.values())
        note_outcome("refused" if result.errors else "saved")
        if result.errors:
            assert result.activity_id is None
            assert counts(session, *WRITTEN) == before
            return
        row = session.get(PDActivity, result.activity_id)
        assert math.isfinite(row.amount) and 0 < row.amount <= 70  # the largest per-kind limit
        assert date(1950, 1, 1) <= row.completed_on <= TODAY
        assert row.kind in pd.KIND_LABELS and visible(row.title) and visible(row.provider)
        assert_storable(session, PDActivity, AuditEvent)


# ------------------------------------------------------------------ evidence uploads


def _stored_files(directory: Path) -> list[Path]:
    return sorted(directory.iterdir()) if directory.exists() else []


@DB
@given(filename=filenames(), data=uploads())
@example(filename="\u200b", data=b"\xff\xd8\xff")
@example(filename="\x00\x01", data=b"")
def test_upload_is_stored_exactly_or_refused_with_a_reason(
    session: Session, world: World, filename: str, data: bytes
) -> None:
    directory: Path = world["uploads"]
    with example_transaction(session):
        before = counts(session, *WRITTEN)
        try:
            row, problem = evidence.store_evidence(
                session, EDUCATOR, world["profile_id"], filename, data
            )
            note_outcome("refused" if problem else "stored")
            if problem is not None:
                assert row is None and is_message(problem)
                # The message starts with the file's name, so it must not be empty.
                assert not problem.startswith(" ")
                assert counts(session, *WRITTEN) == before
                assert _stored_files(directory) == []
                return
            assert row is not None
            assert evidence.sniff_type(data) == row.content_type
            assert len(data) <= evidence.MAX_BYTES and row.size_bytes == len(data)
            assert (directory / row.stored_name).read_bytes() == data
            assert row.original_name and "/" not in row.original_name
            assert_storable(session, EvidenceFile, AuditEvent)
        finally:
            shutil.rmtree(directory, ignore_errors=True)


@pytest.mark.parametrize(
    ("data", "accepted"),
    [
        (b"%PDF-" + b"\x00" * (evidence.MAX_BYTES - 5), True),  # exactly 10 MB
        (b"%PDF-" + b"\x00" * (evidence.MAX_BYTES - 4), False),  # one byte over
        (b"\xff\xd8\xff" + b"\x00" * (evidence.MAX_BYTES * 2), False),
        (b"%PDF-" + bytes(range(256)) * 64, True),  # a PDF magic number, then garbage
        (b"%PDF", False),
        (b"\x89PNG\r\n\x1a", False),
        (b"\xff\xd8", False),
        (b"", False),
    ],
    ids=["10MB", "10MB+1", "20MB", "pdf-then-garbage", "pdf-4", "png-7", "jpeg-2", "empty"],
)
def test_upload_size_and_magic_boundaries(
    session: Session, world: World, data: bytes, accepted: bool
) -> None:
    before = counts(session, *WRITTEN)
    row, problem = evidence.store_evidence(
        session, EDUCATOR, world["profile_id"], "certificate.pdf", data
    )
    session.flush()
    if accepted:
        assert problem is None and row is not None and row.size_bytes == len(data)
        assert (world["uploads"] / row.stored_name).stat().st_size == len(data)
        return
    assert row is None and is_message(problem) and problem.startswith("certificate.pdf ")
    if len(data) > evidence.MAX_BYTES:
        assert "larger than 10 MB, the limit for one file" in problem
    assert counts(session, *WRITTEN) == before
    assert _stored_files(world["uploads"]) == []


# ------------------------------------------------------------------ public look-up


def _sort_keys(session: Session) -> dict[str, tuple[str, str, int]]:
    """License number -> its holder's place in the look-up's order."""
    rows = session.execute(
        select(
            License.license_number,
            EducatorProfile.last_name_key,
            EducatorProfile.first_name_key,
            EducatorProfile.id,
        ).join(EducatorProfile, EducatorProfile.id == License.holder_id)
    ).all()
    return {number: (last, first, holder) for number, last, first, holder in rows}


def _expected_numbers(
    keys: dict[str, tuple[str, str, int]], parsed: lookup.ParsedQuery
) -> set[str]:
    """The licenses a query must find, worked out in Python over every holder."""
    if parsed.kind == "number":
        return {n for n in keys if n == parsed.number}
    return {
        n
        for n, (last, first, _) in keys.items()
        if any(
            last.startswith(p.last_prefix) and first.startswith(p.first_prefix)
            for p in parsed.patterns
        )
    }


@DB
@given(query=lookup_queries(SEEDED_NAMES), descending=st.booleans())
@example(query="Per%", descending=False)
@example(query="Under_", descending=False)
@example(query="O'B", descending=True)
@example(query="Slash\\", descending=False)
@example(query="%%", descending=False)
@example(query="ab\x00cd", descending=False)
@example(query="0 \u0300", descending=False)
@example(query="\u0301\u0301", descending=False)
@example(query="Van \u0301 der", descending=True)
def test_lookup_finds_exactly_the_matching_licenses_or_says_why_not(
    session: Session, world: World, query: str, descending: bool
) -> None:
    with example_transaction(session):
        before = counts(session, *WRITTEN)
        problem = lookup.query_problem(query)
        note_outcome("refused" if problem else "searched")
        if problem is not None:
            assert is_message(problem)
            return
        parsed = lookup.parse_query(query)
        keys = _sort_keys(session)
        expected = _expected_numbers(keys, parsed)
        note_outcome(f"{parsed.kind} query finding {'some' if expected else 'none'}")
        # Walk every page, three holders at a time, to exercise the keyset cursor.
        found: list[str] = []
        page = lookup.search_licenses(session, query, limit=3, descending=descending, today=TODAY)
        assert page.total == len(expected)
        while True:
            found += [r.license_number for r in page.rows]
            if page.next_cursor is None:
                break
            page = lookup.search_licenses(
                session, query, 3, page.next_cursor, descending=descending, today=TODAY
            )
        assert sorted(found) == sorted(expected) and len(found) == len(set(found))
        order = [keys[n] for n in found]
        assert order == sorted(order, reverse=descending)
        assert lookup.lookup_license(session, query, TODAY) is None or query.strip().isdigit()
        assert counts(session, *WRITTEN) == before


# ------------------------------------------------------------------ claiming a license


@DB
@given(
    number=mostly(
        st.sampled_from([CLAIM_NUMBER, "1000 001", "1000-001", "1000\u3000001", "2000001"]),
        st.one_of(
            st.sampled_from(["²", "١٠٠٠٠٠١", "1" * 17, "1000001%", "' OR 1=1 --", "1000001\x00"]),
            st.sampled_from(["", " ", "-"]),
            hostile_text(surrogates=True),
        ),
    ),
    dob=st.one_of(
        st.just(CLAIM_DOB),
        st.none(),
        st.dates(min_value=date.min, max_value=date.max),
        st.sampled_from([CLAIM_DOB + timedelta(days=1), NOW.date(), date(9999, 12, 31)]),
    ),
)
def test_claim_refuses_clearly_and_only_logs_failed_attempts(
    session: Session, world: World, number: str, dob: date | None
) -> None:
    with example_transaction(session):
        before = counts(session, *WRITTEN)
        holder_before = session.get(EducatorProfile, world["state_record_id"]).account_id
        result = licensing.claim_license(
            session, EDUCATOR, world["account_id"], world["profile_id"], number, dob, NOW
        )
        assert is_message(result.message)
        matches = licensing.normalise_license_number(number) == CLAIM_NUMBER and dob == CLAIM_DOB
        assert result.ok == matches
        note_outcome("claimed" if result.ok else f"refused {result.field or 'after look-up'}")
        if result.ok:
            return
        after = counts(session, *WRITTEN)
        if result.field:  # refused before looking anything up
            assert after == before
        else:  # looked up and not matched: the attempt is counted, nothing else changes
            assert after.pop("LicenseClaimAttempt") == before.pop("LicenseClaimAttempt") + 1
            assert after.pop("AuditEvent") == before.pop("AuditEvent") + 1
            assert after == before
        assert session.get(EducatorProfile, world["state_record_id"]).account_id == holder_before
        assert_storable(session, LicenseClaimAttempt, AuditEvent)


# ------------------------------------------------------------------ applications


@st.composite
def typed_answers(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    code = draw(st.sampled_from(sorted(TYPES)))
    answers: dict[str, str] = {}
    for q in TYPES[code].questions:
        if draw(st.integers(0, 4)) == 0:
            continue  # unanswered
        answers[q.key] = draw(
            st.one_of(
                amount_strings(),
                date_strings(),
                st.sampled_from(q.options) if q.options else st.just(""),
                st.sampled_from([f" {o} " for o in q.options] or [""]),
                hostile_text(),
                st.just("x" * 2001),
            )
        )
    return code, answers


@settings(PURE, max_examples=80)  # each example draws hostile text for every question
@given(typed_answers())
@example(
    ("upgrade", {"years_experience": "nan", "years_mentoring": "NaN", "pd_contact_hours": "5"})
)
@example(("administrator", {"years_teaching": "-inf"}))
def test_application_answers_are_accepted_only_when_valid(answer: tuple[str, dict]) -> None:
    code, answers = answer
    definition = TYPES[code]
    errors = validate_answers(definition, answers)
    note_outcome("all valid" if not errors else "some refused")
    assert all(is_message(m) for m in errors.values())
    for q in definition.questions:
        value = (answers.get(q.key) or "").strip()
        if q.key in errors:
            continue
        if not value:
            assert not q.required
        elif q.kind == "number":
            number = float(value)
            assert math.isfinite(number), f"{q.key}={value!r} accepted"
            assert q.minimum is None or number >= q.minimum
            assert q.maximum is None or number <= q.maximum
        elif q.kind == "select":
            assert value in q.options
        assert len(value) <= 2000


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        hostile_text(surrogates=True),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(hostile_text(surrogates=True), children, max_size=4),
    ),
    max_leaves=12,
)


@settings(DB, max_examples=30)
@given(
    answers=st.dictionaries(
        st.sampled_from(["questions", "attestation", "renewal_option_id", "reused_evidence_ids"])
        | hostile_text(surrogates=True),
        json_values,
        max_size=5,
    ),
    step=st.one_of(st.integers(-(2**63), 2**63), st.sampled_from([-1, 0, 20, 21])),
)
@example(answers={"questions": {"institution": "\ud800"}}, step=1)
def test_draft_keeps_whatever_was_typed_or_refuses(
    session: Session, world: World, answers: dict, step: int
) -> None:
    with example_transaction(session):
        application_id = world["application_id"]
        applications.save_draft(
            session, EDUCATOR, world["profile_id"], application_id, answers, step
        )
        session.flush()
        assert_storable(session, Application, AuditEvent)
        assert audit.verify_chain(session) == (True, None)
        stored = session.get(Application, application_id)
        assert 0 <= stored.current_step <= 20
        again = applications.Answers.of(stored)
        # Each stored key comes back as its typed reading (a malformed value reads as not
        # answered; keys Answers does not know are not stored). Compared as JSON: a
        # surrogate pair typed as two characters comes back as one.
        typed = applications.Answers.from_json(json.dumps(answers))
        for key in json.loads(json.dumps(answers)):
            if key in typed.__dataclass_fields__:
                assert json.dumps(getattr(again, key), sort_keys=True) == json.dumps(
                    getattr(typed, key), sort_keys=True
                )
        assert set(json.loads(stored.answers_json)) <= set(again.to_dict())
        # Someone else's application is refused with a message, and nothing is written.
        before = counts(session, *WRITTEN)
        with pytest.raises(applications.ApplicationError) as refused:
            applications.save_draft(
                session, EDUCATOR, world["state_record_id"], application_id, answers, step
            )
        assert is_message(str(refused.value))
        assert counts(session, *WRITTEN) == before


# ------------------------------------------------------------------ bulk PD load


@PURE
@given(st.binary(max_size=600))
@example(b"\xef\xbb\xbftitle\n")
@example(b"\xff\xfe\x00\x00")
def test_any_bytes_decode_to_text_or_none(data: bytes) -> None:
    text = bulk_load.decode(data)
    assert (text is None) == (not data)
    if text is not None:
        text.encode("utf-8")
        if not data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark changes nothing
            assert bulk_load.decode(b"\xef\xbb\xbf" + data) == text


@pytest.mark.parametrize("size", [bulk_load.MAX_BYTES, bulk_load.MAX_BYTES + 1])
def test_bulk_file_size_limit(session: Session, size: int) -> None:
    header = b"educator id,title,provider,kind,amount,date\n"
    data = header + b"x" * (size - len(header))
    text = bulk_load.decode(data)
    if size > bulk_load.MAX_BYTES:
        assert text is None
        return
    assert text is not None
    before = counts(session, *WRITTEN)
    result = bulk_load.load_all(session, STAFF, text, TODAY)
    assert result.added == 0 and (result.file_error or result.errors)
    assert counts(session, *WRITTEN) == before


@settings(DB, max_examples=60)
@given(data=csv_files(_EDUCATOR_IDS, _LICENSE_NUMBERS))
@example(data=b"")
@example(
    data=b"\xef\xbb\xbfEducator ID,Title,Provider,Kind,Amount,Date\nE2000001,A,B,CEU,1,2026-01-01\n"
)
@example(data=b"Educator ID;Title;Provider;Kind;Amount;Date\nE2000001;A;B;CEU;1;2026-01-01\n")
@example(data=b"Educator ID,Title,Provider,Kind,Amount,Date\nE2000001,A\x00,B,CEU,1,2026-01-01\n")
@example(data=b"Educator ID,Title,Provider,Kind,Amount,Date\nE2000001,A,B,CEU,1,0001-01-01\n")
@example(data=b"Educator ID,Title,Provider,Kind,Amount,Date\nE20\x0000001,A,B,CEU,1,2026-01-01\n")
@example(
    data="Educator ID,Title,Provider,Kind,Amount,Date\nE2000001,\u200b,B,CEU,1,2026-01-01\n".encode()
)
@example(
    data=b"\xef\xbb\xbfEducator ID,Title,Provider,Kind,Amount,Date\n"
    b"E2000001,Caf\xe9,B,CEU,1,2026-01-01\n"
)
def test_bulk_load_adds_each_good_row_once_and_reports_the_rest(
    session: Session, world: World, data: bytes
) -> None:
    with example_transaction(session):
        before = counts(session, *WRITTEN)
        text = bulk_load.decode(data)
        if text is None:  # the page says the file is empty or too large
            note_outcome("not decoded")
            return
        shown = bulk_load.preview(session, text, TODAY)
        assert counts(session, *WRITTEN) == before, "a preview wrote something"
        note_outcome("file refused" if shown.file_error else "file read")
        if shown.file_error:
            assert is_message(shown.file_error) and shown.total == 0
            result = bulk_load.load_all(session, STAFF, text, TODAY)
            assert result.file_error == shown.file_error and result.added == 0
            assert counts(session, *WRITTEN) == before
            return
        assert shown.total == shown.new + shown.already_loaded + len(shown.errors)
        assert all(is_message(e["message"]) and e["line"].isdigit() for e in shown.errors)

        result = bulk_load.load_all(session, STAFF, text, TODAY)
        assert result.file_error == "" and result.errors == shown.errors
        assert result.added == shown.new  # duplicate rows are loaded once
        note_outcome(f"rows loaded: {min(result.added, 3)}+, with errors: {bool(result.errors)}")
        loaded = counts(session, PDActivity)["PDActivity"] - before["PDActivity"]
        assert loaded == result.added
        assert_storable(session, PDActivity, AuditEvent)
        for row in session.exec(select(PDActivity).where(PDActivity.source != "self")):
            assert math.isfinite(row.amount) and 0 < row.amount <= 70  # the largest per-kind limit
            assert date(1950, 1, 1) <= row.completed_on <= TODAY, row.completed_on
            assert visible(row.title) and visible(row.provider)

        # Loading the same file again adds nothing.
        again = bulk_load.load_all(session, STAFF, text, TODAY)
        assert again.added == 0 and again.skipped == result.added + result.skipped
        assert counts(session, PDActivity)["PDActivity"] - before["PDActivity"] == loaded


# ------------------------------------------------------------------ renewal arithmetic


hostile_floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, -1.0, 1e-9, 0.005, 0.015, 2.675, 1e15, 1e300, 5e-324]),
)


@PURE
@given(hostile_floats)
def test_format_amount_is_total_and_faithful(x: float) -> None:
    text = format_amount(x)
    assert is_message(text) and text != "-0"
    if math.isfinite(x) and abs(x) < 1e15:
        assert "e" not in text and abs(float(text) - round(x, 2)) < 1e-9
        assert not ("." in text and text.endswith("0"))


license_facts = st.builds(
    lambda valid_from, days, license_type, license_class, status: renewal.LicenseFacts(
        license_id=1,
        license_number=CLAIM_NUMBER,
        license_type=license_type,
        license_class=license_class,
        valid_from=valid_from,
        expires_on=valid_from + timedelta(days=days),
        status=status,
    ),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(1, 3660),
    st.sampled_from(LICENSE_TYPES),
    st.sampled_from(LICENSE_CLASSES),
    st.sampled_from(LICENSE_STATUSES),
)
activity_facts = st.lists(
    st.builds(
        renewal.ActivityFacts,
        activity_id=st.integers(1, 50),
        title=hostile_text(),
        kind=st.sampled_from([*pd.KIND_LABELS, "bitcoin", ""]),
        amount=st.one_of(st.floats(min_value=0.01, max_value=10000), hostile_floats),
        completed_on=st.dates(min_value=date.min, max_value=date.max),
        verification=st.sampled_from(["unverified", "verified", "not_accepted"]),
        verification_reason=hostile_text(),
    ),
    max_size=8,
)


@PURE
@given(
    license=license_facts,
    activities=activity_facts,
    today=st.dates(min_value=date(1950, 1, 1), max_value=date(2200, 1, 1)),
)
def test_renewal_is_met_only_by_real_amounts(
    license: renewal.LicenseFacts, activities: list[renewal.ActivityFacts], today: date
) -> None:
    rules = default_rules()
    progress = renewal.evaluate(license, activities, rules, today)
    assert is_message(progress.summary)
    assert progress.can_renew == (progress.renewable_problem is None)
    for activity, count in zip(activities, progress.activity_counts, strict=True):
        if not (math.isfinite(activity.amount) and activity.amount > 0):
            assert not count.counts, f"an amount of {activity.amount} counts"
    for option in progress.options:
        for part in option.parts:
            assert 0.0 <= part.fraction <= 1.0
            assert "nan" not in part.progress_text and "inf" not in part.progress_text
        if option.met:
            for part in option.parts:
                counted = sum(
                    a.amount
                    for a, c in zip(activities, progress.activity_counts, strict=True)
                    if c.counts and a.kind == part.kind
                )
                assert counted >= part.required - 1e-6
