"""The state office's tools: districts and superintendents, the rules, the audit log and
the expiring-licenses report. Every change is audited in the caller's transaction.

Callers are state staff (the handlers check); `_staff_only` refuses anyone else, so a
mistaken caller cannot change the rules.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from licensure_app.domain import renewal
from licensure_app.domain.formatting import format_amount
from licensure_app.domain.names import clean_name
from licensure_app.models import (
    PD_KINDS,
    RENEWAL_CATEGORIES,
    ROLE_DISTRICT_APPROVER,
    ROLE_STATE_STAFF,
    Account,
    Application,
    AuditEvent,
    District,
    DistrictDesignee,
    EducatorProfile,
    License,
    RenewalOption,
    RenewalOptionPart,
    RuleSetting,
)
from licensure_app.services import audit
from licensure_app.services.accounts import normalise_email, request_password_reset
from licensure_app.services.licensing import normalise_license_number
from licensure_app.services.pd import ACHIEVEMENT_KINDS, KIND_LABELS

EXPIRING_DAYS = 90
AUDIT_PAGE = 100
EXPIRING_SHOWN = 500
# A hash no password ever matches: a new superintendent sets a password by the reset link.
UNUSABLE_PASSWORD = "!set-by-reset-link"

CATEGORY_LABELS = {
    "A": "Class A",
    "AA": "Class AA",
    "AAA": "Class AAA",
    "AAAA": "Class AAAA",
    "career_administrator": "Career administrator",
}
# key -> (minimum, maximum, whole numbers only). Unknown keys: any positive number.
SETTING_BOUNDS: dict[str, tuple[float, float, bool]] = {
    "standard_validity_years": (1, 10, True),
    "renewal_window_days": (1, 730, True),
    "min_activity_ceu": (0.1, 10, False),
    "contact_hours_per_ceu": (1, 100, False),
    "upgrade_window_min_days": (0, 365, True),
    "upgrade_window_max_days": (1, 365, True),
    "upgrade_min_years_experience": (0, 40, False),
    "upgrade_min_years_mentoring": (0, 40, False),
    "upgrade_min_pd_contact_hours": (0, 1000, False),
    "claim_max_failures": (1, 20, True),
    "claim_lock_hours": (1, 168, False),
    "queue_age_badge_days": (1, 365, True),
    "extension_years": (1, 5, True),
    "provisional_validity_years": (1, 9, True),
}
# Settings that shape only approvers' or claimants' experience, not any educator's renewal.
_NO_EDUCATOR_EFFECT = {"queue_age_badge_days", "claim_max_failures", "claim_lock_hours"}


@dataclass(frozen=True)
class AdminResult:
    ok: bool
    message: str
    errors: dict[str, str] = field(default_factory=dict)


def _staff_only(actor: audit.Actor) -> None:
    if actor.role != ROLE_STATE_STAFF:
        raise PermissionError("only state staff use the administration tools")


def _number(text: str) -> float | None:
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def state_review_count(session: Session) -> int:
    """Applications the districts have forwarded, waiting for the state's decision."""
    return int(
        session.exec(
            select(func.count())
            .select_from(Application)
            .where(Application.status == "state_review")
        ).one()
    )


# ---------------------------------------------------------------- districts


@dataclass(frozen=True)
class DistrictView:
    district_id: int
    code: str
    name: str
    superintendent: str
    superintendent_email: str
    designees: int
    educators: int


def district_views(session: Session) -> list[DistrictView]:
    rows = session.exec(
        select(District, Account)
        .join(Account, col(Account.id) == col(District.superintendent_account_id), isouter=True)
        .order_by(District.code)
    ).all()
    designees = dict(
        session.exec(
            select(DistrictDesignee.district_id, func.count())
            .where(col(DistrictDesignee.revoked_at).is_(None))
            .group_by(DistrictDesignee.district_id)
        ).all()
    )
    educators = dict(
        session.exec(
            select(EducatorProfile.employing_district_id, func.count())
            .where(col(EducatorProfile.employing_district_id).is_not(None))
            .group_by(EducatorProfile.employing_district_id)
        ).all()
    )
    return [
        DistrictView(
            district_id=d.id or 0,
            code=d.code,
            name=d.name,
            superintendent=(a.display_name or a.email) if a else "None",
            superintendent_email=a.email if a else "",
            designees=int(designees.get(d.id, 0)),
            educators=int(educators.get(d.id, 0)),
        )
        for d, a in rows
    ]


def save_district(
    session: Session, actor: audit.Actor, district_id: int, code: str, name: str
) -> AdminResult:
    """Create (district_id 0) or rename a district. Codes are 4 digits and unique."""
    _staff_only(actor)
    code, name = code.strip(), clean_name(name)
    errors: dict[str, str] = {}
    if not re.fullmatch(r"\d{4}", code):
        errors["code"] = "Enter the district code: 4 digits, like 0300."
    if not name:
        errors["name"] = "Enter the district's name."
    elif len(name) > 200:
        errors["name"] = "Use at most 200 characters."
    if errors:
        return AdminResult(False, "Check the district's details.", errors)
    if district_id:
        district = session.get(District, district_id)
        if district is None:
            return AdminResult(False, "That district was not found.")
        before = {"code": district.code, "name": district.name}
        district.code, district.name = code, name
    else:
        district, before = District(code=code, name=name), {}
    try:
        with session.begin_nested():
            session.add(district)
            session.flush()
    except IntegrityError:
        return AdminResult(False, "Check the district's details.", {"code": "Code in use."})
    audit.record(
        session,
        actor,
        "district.updated" if district_id else "district.created",
        "district",
        district.id,
        before=before,
        after={"code": code, "name": name},
    )
    return AdminResult(True, f"District {code} {name} saved.")


def set_superintendent(
    session: Session, actor: audit.Actor, district_id: int, email: str, name: str
) -> AdminResult:
    """Make an approver account the district's superintendent (created if new, with a
    set-password link by e-mail). The previous superintendent loses the district."""
    _staff_only(actor)
    district = session.get(District, district_id) if district_id else None
    if district is None:
        return AdminResult(False, "That district was not found.")
    address = normalise_email(email)
    if not re.fullmatch(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}", address):
        return AdminResult(False, "Check the email.", {"email": "Enter an email address."})
    account = session.exec(select(Account).where(Account.email == address)).first()
    created = account is None
    if account is None:
        display = clean_name(name)
        if not display:
            return AdminResult(
                False, "Enter the new superintendent's name.", {"name": "Enter the name."}
            )
        account = Account(
            email=address,
            password_hash=UNUSABLE_PASSWORD,
            role=ROLE_DISTRICT_APPROVER,
            district_id=district.id,
            display_name=display[:200],
        )
        session.add(account)
        session.flush()
    elif account.role != ROLE_DISTRICT_APPROVER:
        return AdminResult(
            False,
            "That account belongs to an educator or to state staff; a superintendent needs "
            "an approver account. Use another email.",
            {"email": "Not an approver account."},
        )
    else:
        other = session.exec(
            select(District).where(
                District.superintendent_account_id == account.id, District.id != district.id
            )
        ).first()
        if other is not None:
            return AdminResult(
                False,
                f"{address} is already the superintendent of {other.name}.",
                {"email": "Superintendent elsewhere."},
            )
    previous_id = district.superintendent_account_id
    if previous_id and previous_id != account.id:
        previous = session.get(Account, previous_id)
        if previous is not None and previous.district_id == district.id:
            previous.district_id = None  # no longer an approver of this district
            session.add(previous)
    account.district_id = district.id
    district.superintendent_account_id = account.id
    session.add_all([account, district])
    session.flush()
    if created:
        request_password_reset(session, address)
    audit.record(
        session,
        actor,
        "district.superintendent_set",
        "district",
        district.id,
        before={"superintendent_account_id": previous_id},
        after={"superintendent_account_id": account.id, "email": address, "created": created},
    )
    extra = " A link to set a password was e-mailed." if created else ""
    return AdminResult(True, f"{address} is now the superintendent of {district.name}.{extra}")


def delete_district(session: Session, actor: audit.Actor, district_id: int) -> AdminResult:
    """Delete a district nobody refers to (no educators, accounts or applications)."""
    _staff_only(actor)
    district = session.get(District, district_id) if district_id else None
    if district is None:
        return AdminResult(False, "That district was not found.")
    district.superintendent_account_id = None
    session.add(district)
    try:
        with session.begin_nested():
            session.flush()
            session.delete(district)
            session.flush()
    except IntegrityError:
        session.expire_all()
        return AdminResult(
            False,
            f"{district.name} still has educators, accounts or applications: move them first.",
        )
    audit.record(
        session,
        actor,
        "district.deleted",
        "district",
        district_id,
        before={"code": district.code, "name": district.name},
    )
    return AdminResult(True, f"District {district.code} deleted.")


# ---------------------------------------------------------------- rules


@dataclass(frozen=True)
class SettingView:
    key: str
    value: str
    description: str


@dataclass(frozen=True)
class OptionView:
    option_id: int
    category: str
    category_label: str
    position: int
    active: bool
    label: str
    parts: list[dict[str, str]]


def setting_views(session: Session) -> list[SettingView]:
    return [
        SettingView(s.key, format_amount(s.value), s.description)
        for s in session.exec(select(RuleSetting).order_by(RuleSetting.key)).all()
    ]


def option_views(session: Session) -> list[OptionView]:
    """Every renewal option, active or not, by category and position."""
    options = session.exec(
        select(RenewalOption).order_by(RenewalOption.category, RenewalOption.position)
    ).all()
    parts: dict[int, list[RenewalOptionPart]] = {}
    for part in session.exec(select(RenewalOptionPart).order_by(RenewalOptionPart.id)).all():
        parts.setdefault(part.option_id, []).append(part)
    order = {c: i for i, c in enumerate(RENEWAL_CATEGORIES)}
    views = []
    for o in sorted(options, key=lambda o: (order.get(o.category, 99), o.position)):
        own = parts.get(o.id or 0, [])
        views.append(
            OptionView(
                option_id=o.id or 0,
                category=o.category,
                category_label=CATEGORY_LABELS.get(o.category, o.category),
                position=o.position,
                active=o.is_active,
                label=" + ".join(
                    f"{format_amount(p.amount)} {renewal.unit_label(p.kind, p.amount)}" for p in own
                ),
                parts=[
                    {
                        "part_id": str(p.id),
                        "kind": KIND_LABELS.get(p.kind, p.kind),
                        "amount": format_amount(p.amount),
                    }
                    for p in own
                ],
            )
        )
    return views


def affected_educators(session: Session, category: str | None = None) -> int:
    """Educators holding an active license the rules of `category` (None: any) apply to."""
    conditions: list[Any] = [License.status == "active"]
    if category == renewal.CAREER_ADMINISTRATOR:
        conditions.append(License.license_type == renewal.ADMINISTRATOR_TYPE)
    elif category:
        conditions += [
            License.license_class == category,
            License.license_type != renewal.ADMINISTRATOR_TYPE,
        ]
    return int(
        session.exec(select(func.count(func.distinct(License.holder_id))).where(*conditions)).one()
    )


def _setting_problem(session: Session, key: str, value: float | None) -> str | None:
    if value is None:
        return "Enter a number."
    low, high, whole = SETTING_BOUNDS.get(key, (0.0, 100000.0, False))
    if whole and value != int(value):
        return "Enter a whole number."
    if not low <= value <= high:
        return f"Enter a number from {format_amount(low)} to {format_amount(high)}."
    current = {s.key: s.value for s in session.exec(select(RuleSetting)).all()}
    current[key] = value
    if current.get("upgrade_window_min_days", 0) >= current.get("upgrade_window_max_days", 1e9):
        return "The upgrade window's earliest day must come before its latest day."
    if current.get("provisional_validity_years", 0) >= current.get("standard_validity_years", 1e9):
        return "A provisional license must be valid for fewer years than a standard one."
    return None


@dataclass(frozen=True)
class RulePreview:
    ok: bool
    message: str
    affected: int


def preview_setting(session: Session, key: str, value_text: str) -> RulePreview:
    """Whether the new value is acceptable and how many educators it affects."""
    row = session.exec(select(RuleSetting).where(RuleSetting.key == key)).first()
    if row is None:
        return RulePreview(False, "That setting was not found.", 0)
    value = _number(value_text)
    problem = _setting_problem(session, key, value)
    if problem:
        return RulePreview(False, problem, 0)
    affected = 0 if key in _NO_EDUCATOR_EFFECT else affected_educators(session)
    return RulePreview(
        True,
        f"Changing “{row.description or key}” from {format_amount(row.value)} to "
        f"{format_amount(value or 0)} affects {affected:,} educators with an active "
        "license.",
        affected,
    )


def update_setting(session: Session, actor: audit.Actor, key: str, value_text: str) -> AdminResult:
    _staff_only(actor)
    row = session.exec(select(RuleSetting).where(RuleSetting.key == key)).first()
    if row is None:
        return AdminResult(False, "That setting was not found.")
    value = _number(value_text)
    problem = _setting_problem(session, key, value)
    if problem or value is None:
        return AdminResult(False, problem or "Enter a number.", {key: problem or ""})
    before = row.value
    if before == value:
        return AdminResult(True, "Nothing changed.")
    row.value = value
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "rules.setting_changed",
        "rule_setting",
        key,
        before={"value": before},
        after={"value": value},
    )
    return AdminResult(True, f"{row.description or key}: now {format_amount(value)}.")


def _part_problem(kind: str, amount: float | None) -> str | None:
    if kind not in PD_KINDS:
        return "Choose the kind."
    if amount is None or not 0 < amount <= 1000:
        return "Enter an amount from 0.1 to 1000."
    if kind in ACHIEVEMENT_KINDS and amount != 1:
        return "A certification or degree counts once: enter 1."
    return None


def preview_option_change(session: Session, option_id: int) -> RulePreview:
    option = session.get(RenewalOption, option_id) if option_id else None
    if option is None:
        return RulePreview(False, "That option was not found.", 0)
    affected = affected_educators(session, option.category)
    return RulePreview(
        True,
        f"This changes how {affected:,} educators with an active "
        f"{CATEGORY_LABELS.get(option.category, option.category)} license renew.",
        affected,
    )


def update_option_part(
    session: Session, actor: audit.Actor, part_id: int, amount_text: str
) -> AdminResult:
    _staff_only(actor)
    part = session.get(RenewalOptionPart, part_id) if part_id else None
    if part is None:
        return AdminResult(False, "That part of an option was not found.")
    amount = _number(amount_text)
    problem = _part_problem(part.kind, amount)
    if problem or amount is None:
        return AdminResult(False, problem or "", {str(part_id): problem or ""})
    before = part.amount
    if before == amount:
        return AdminResult(True, "Nothing changed.")
    part.amount = amount
    session.add(part)
    session.flush()
    audit.record(
        session,
        actor,
        "rules.option_changed",
        "renewal_option",
        part.option_id,
        before={"kind": part.kind, "amount": before},
        after={"kind": part.kind, "amount": amount},
    )
    return AdminResult(
        True, f"Now {format_amount(amount)} {renewal.unit_label(part.kind, amount)}."
    )


def set_option_active(
    session: Session, actor: audit.Actor, option_id: int, active: bool
) -> AdminResult:
    """Offer or withdraw an option; a category always keeps at least one active option."""
    _staff_only(actor)
    option = session.get(RenewalOption, option_id) if option_id else None
    if option is None:
        return AdminResult(False, "That option was not found.")
    if option.is_active == active:
        return AdminResult(True, "Nothing changed.")
    if not active:
        others = session.exec(
            select(func.count())
            .select_from(RenewalOption)
            .where(
                RenewalOption.category == option.category,
                RenewalOption.id != option.id,
                col(RenewalOption.is_active).is_(True),
            )
        ).one()
        if not others:
            return AdminResult(False, "Each class needs at least one renewal option.")
    option.is_active = active
    session.add(option)
    session.flush()
    audit.record(
        session,
        actor,
        "rules.option_activated" if active else "rules.option_withdrawn",
        "renewal_option",
        option.id,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return AdminResult(True, "Option offered again." if active else "Option withdrawn.")


def add_option(
    session: Session, actor: audit.Actor, category: str, parts: list[tuple[str, str]]
) -> AdminResult:
    """Add a renewal option of one or two parts (e.g. 35 SEMI credits + 3 semester hours)."""
    _staff_only(actor)
    errors: dict[str, str] = {}
    if category not in RENEWAL_CATEGORIES:
        errors["category"] = "Choose the class."
    clean: list[tuple[str, float]] = []
    for index, (kind, amount_text) in enumerate(parts):
        if not kind and not amount_text.strip():
            continue
        amount = _number(amount_text)
        problem = _part_problem(kind, amount)
        if problem:
            errors[f"part{index}"] = problem
        elif amount is not None:
            clean.append((kind, amount))
    if not clean and not errors:
        errors["part0"] = "Enter at least one kind and amount."
    if len({k for k, _ in clean}) != len(clean):
        errors["part1"] = "Use two different kinds."
    if errors:
        return AdminResult(False, "Check the new option.", errors)
    position = (
        session.exec(
            select(func.max(RenewalOption.position)).where(RenewalOption.category == category)
        ).one()
        or 0
    ) + 1
    option = RenewalOption(category=category, position=position, is_active=True)
    session.add(option)
    session.flush()
    session.add_all(
        [RenewalOptionPart(option_id=option.id or 0, kind=k, amount=a) for k, a in clean]
    )
    session.flush()
    audit.record(
        session,
        actor,
        "rules.option_added",
        "renewal_option",
        option.id,
        after={"category": category, "parts": [{"kind": k, "amount": a} for k, a in clean]},
    )
    return AdminResult(True, f"Option added to {CATEGORY_LABELS[category]}.")


# ---------------------------------------------------------------- the audit log


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""  # an email, or part of one
    entity_type: str = ""
    entity_id: str = ""
    action: str = ""  # a prefix, e.g. "application."
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditRow:
    event_id: int
    at: str
    actor: str
    role: str
    action: str
    entity: str
    before: str
    after: str


def _short_json(text: str) -> str:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return text[:300]
    if not value:
        return ""
    rendered = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return rendered if len(rendered) <= 300 else rendered[:297] + "…"


def audit_log(session: Session, filters: AuditFilters, limit: int = AUDIT_PAGE) -> list[AuditRow]:
    """The newest audit events matching the filters."""
    conditions: list[Any] = []
    if filters.actor.strip():
        needle = filters.actor.strip().lower()
        if needle in ("system", "(system)"):
            conditions.append(col(AuditEvent.actor_id).is_(None))
        else:
            ids = session.exec(
                select(Account.id).where(col(Account.email).contains(needle)).limit(200)
            ).all()
            conditions.append(col(AuditEvent.actor_id).in_(list(ids)))
    if filters.entity_type.strip():
        conditions.append(AuditEvent.entity_type == filters.entity_type.strip())
    if filters.entity_id.strip():
        conditions.append(AuditEvent.entity_id == filters.entity_id.strip())
    if filters.action.strip():
        conditions.append(col(AuditEvent.action).startswith(filters.action.strip()))
    if filters.date_from:
        start = datetime.combine(filters.date_from, datetime.min.time(), tzinfo=UTC)
        conditions.append(AuditEvent.at >= start)
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
        conditions.append(AuditEvent.at < end)
    rows = session.exec(
        select(AuditEvent, Account.email)
        .join(Account, col(Account.id) == col(AuditEvent.actor_id), isouter=True)
        .where(*conditions)
        .order_by(col(AuditEvent.id).desc())
        .limit(limit)
    ).all()
    return [
        AuditRow(
            event_id=e.id or 0,
            at=(e.at if e.at.tzinfo else e.at.replace(tzinfo=UTC)).strftime("%Y-%m-%d %H:%M:%S"),
            actor=email or ("System" if e.actor_id is None else f"Account {e.actor_id}"),
            role=e.actor_role,
            action=e.action,
            entity=f"{e.entity_type} {e.entity_id}".strip(),
            before=_short_json(e.before_json),
            after=_short_json(e.after_json),
        )
        for e, email in rows
    ]


# ---------------------------------------------------------------- expiring licenses


@dataclass(frozen=True)
class ExpiringReport:
    days: int
    per_district: list[dict[str, str]]
    rows: list[dict[str, str]]
    total: int


def expiring(session: Session, today: date, days: int = EXPIRING_DAYS) -> ExpiringReport:
    """Active licenses expiring from today to `days` ahead, per employing district."""
    found = session.exec(
        select(License, EducatorProfile, District.name)
        .join(EducatorProfile, col(EducatorProfile.id) == col(License.holder_id))
        .join(
            District,
            col(District.id) == col(EducatorProfile.employing_district_id),
            isouter=True,
        )
        .where(
            License.status == "active",
            License.expires_on >= today,
            License.expires_on <= today + timedelta(days=days),
        )
        .order_by(col(District.name), col(License.expires_on), col(License.license_number))
    ).all()
    counts: dict[str, int] = {}
    rows = []
    for lic, profile, district_name in found:
        district = district_name or "No district"
        counts[district] = counts.get(district, 0) + 1
        rows.append(
            {
                "district": district,
                "license_number": lic.license_number,
                "holder": f"{profile.first_name} {profile.last_name}",
                "educator_id": profile.educator_number,
                "license_type": lic.license_type,
                "license_class": lic.license_class,
                "expires_on": lic.expires_on.isoformat(),
                "days_left": str((lic.expires_on - today).days),
            }
        )
    return ExpiringReport(
        days=days,
        per_district=[{"district": d, "count": str(n)} for d, n in counts.items()],
        rows=rows,
        total=len(rows),
    )


EXPIRING_COLUMNS = (
    ("district", "District"),
    ("license_number", "License number"),
    ("holder", "Holder"),
    ("educator_id", "Educator ID"),
    ("license_type", "Type"),
    ("license_class", "Class"),
    ("expires_on", "Expires on"),
    ("days_left", "Days left"),
)


def expiring_csv(report: ExpiringReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in EXPIRING_COLUMNS])
    for row in report.rows:
        # A leading = + - @ would run as a formula in a spreadsheet: quote it out.
        writer.writerow(
            ["'" + v if v[:1] in "=+-@" else v for v in (row[k] for k, _ in EXPIRING_COLUMNS)]
        )
    return out.getvalue()


# ---------------------------------------------------------------- finding an educator


@dataclass(frozen=True)
class EducatorRef:
    profile_id: int
    name: str
    educator_number: str
    district: str


def find_educator(session: Session, query: str) -> EducatorRef | None:
    """An educator by educator ID (E1234567) or license number."""
    text = query.strip().upper()
    if not text or len(text) > 20:
        return None
    profile = session.exec(
        select(EducatorProfile).where(EducatorProfile.educator_number == text)
    ).first()
    if profile is None:
        number = normalise_license_number(text)
        profile = session.exec(
            select(EducatorProfile)
            .join(License, col(License.holder_id) == col(EducatorProfile.id))
            .where(License.license_number == number)
        ).first()
    if profile is None:
        return None
    district = (
        session.get(District, profile.employing_district_id)
        if profile.employing_district_id
        else None
    )
    return EducatorRef(
        profile_id=profile.id or 0,
        name=" ".join(p for p in (profile.first_name, profile.middle_name, profile.last_name) if p),
        educator_number=profile.educator_number,
        district=district.name if district else "No district",
    )
