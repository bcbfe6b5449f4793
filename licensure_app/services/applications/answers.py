"""An application's answers: the only reader and writer of `Application.answers_json`.

The wizard stores what the applicant typed as one JSON object. Everything that reads or
changes it goes through `Answers`, so the keys and their types are written down once and a
malformed or hand-edited value reads as "not answered" instead of raising.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ...models import Application

# The keys of the stored object, in the order the wizard fills them.
_KNOWN = (
    "questions",
    "attestation",
    "renewal_option_id",
    "reused_evidence_ids",
    "attachment_kinds",
    "renewal_snapshot",
    "reopened_for",
)

# The most one typed answer may hold, and all of them together (the JSON text, without the
# renewal snapshot the system adds at submission).
MAX_ANSWER_CHARS = 2000
MAX_ANSWERS_BYTES = 20_000
# An audit record of a draft save keeps each changed value shortened to this many characters.
AUDIT_VALUE_CHARS = 100
_AUDIT_ITEMS = 20


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _digits(value: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts "²", which int() refuses."""
    return value.isascii() and value.isdecimal()


def _id(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _digits(value):
        return int(value)
    return None


def _ids(value: object) -> list[int]:
    if not isinstance(value, list):
        return []
    return [i for i in (_id(v) for v in value) if i is not None]


@dataclass
class Answers:
    """What the applicant answered, typed."""

    # Question key -> the text typed (the type's questions, `domain.application_types`).
    questions: dict[str, str] = field(default_factory=dict)
    # The conduct questions ("yes"/"no"), their explanation and the sworn statement.
    attestation: dict[str, Any] = field(default_factory=dict)
    # The renewal option the applicant names (SPEC §3: one option per cycle).
    renewal_option_id: int | None = None
    # Evidence already on file (PD certificates) offered as attachments.
    reused_evidence_ids: list[int] = field(default_factory=list)
    # Evidence file id (as text) -> the attachment it answers ("transcript", ...).
    attachment_kinds: dict[str, str] = field(default_factory=dict)
    # At submission: the activities that counted toward the renewal (one object each:
    # activity_id, title, provider, kind, amount, completed_on, verification), frozen
    # for the approver.
    renewal_snapshot: list[dict[str, Any]] = field(default_factory=list)
    # A returned application: the return (its transition id) whose corrections have begun,
    # so the wizard reopens it at the reason's step, declaration cleared, once per return.
    reopened_for: int | None = None

    @classmethod
    def from_json(cls, text: str | None) -> Answers:
        try:
            raw = json.loads(text or "{}")
        except (ValueError, RecursionError):
            raw = {}
        return cls.from_dict(raw)

    @classmethod
    def from_dict(cls, raw: object) -> Answers:
        """The typed reading of a stored object; anything malformed reads as not answered."""
        raw = _dict(raw)
        snapshot = raw.get("renewal_snapshot")
        return cls(
            questions={str(k): str(v) for k, v in _dict(raw.get("questions")).items()},
            attestation=dict(_dict(raw.get("attestation"))),
            renewal_option_id=_id(raw.get("renewal_option_id")),
            reused_evidence_ids=_ids(raw.get("reused_evidence_ids")),
            attachment_kinds={
                str(k): str(v) for k, v in _dict(raw.get("attachment_kinds")).items()
            },
            renewal_snapshot=[s for s in snapshot if isinstance(s, dict)]
            if isinstance(snapshot, list)
            else [],
            reopened_for=_id(raw.get("reopened_for")),
        )

    @classmethod
    def of(cls, application: Application) -> Answers:
        return cls.from_json(application.answers_json)

    def question(self, key: str) -> str:
        """The applicant's answer to one question, "" when not answered."""
        return self.questions.get(key, "") or ""

    def attachment_kind(self, evidence_id: int | None) -> str:
        """The attachment an uploaded file answers ("transcript", ...), "" when not said."""
        return self.attachment_kinds.get(str(evidence_id), "")

    def updated(self, changes: Mapping[str, Any]) -> Answers:
        """These answers with the stored keys in `changes` replaced (others kept), read typed."""
        return Answers.from_dict({**self.to_dict(), **changes})

    def to_dict(self) -> dict[str, Any]:
        """The stored form; keys without a value are left out."""
        stored: dict[str, Any] = {}
        for key in _KNOWN:
            value = getattr(self, key)
            if value not in (None, {}, []):
                stored[key] = value
        return stored

    def to_json(self) -> str:
        # Sorted and stable, so an unchanged draft encodes to the same text.
        return json.dumps(self.to_dict(), sort_keys=True, default=str)

    def store(self, application: Application) -> None:
        application.answers_json = self.to_json()

    def size_problem(self, labels: Mapping[str, str]) -> str | None:
        """Why these answers are too long to keep (None when they fit); `labels` names the
        questions ("endorsement_subject" -> "Subject area of the endorsement")."""
        typed = [(labels.get(k, k), v) for k, v in self.questions.items()]
        if isinstance(self.attestation.get("conduct_explanation"), str):
            typed.append(("Explanation", self.attestation["conduct_explanation"]))
        for label, text in typed:
            if len(text) > MAX_ANSWER_CHARS:
                return (
                    f"The answer to “{label}” is too long: use at most "
                    f"{MAX_ANSWER_CHARS:,} characters (it has {len(text):,})."
                )
        if any(isinstance(v, str) and len(v) > MAX_ANSWER_CHARS for v in self.attestation.values()):
            return f"An answer is too long: use at most {MAX_ANSWER_CHARS:,} characters."
        typed_part = {k: v for k, v in self.to_dict().items() if k != "renewal_snapshot"}
        if len(json.dumps(typed_part).encode()) > MAX_ANSWERS_BYTES:
            return (
                "Your answers are too long to save together "
                f"(at most {MAX_ANSWERS_BYTES // 1000} KB in all): shorten the longest ones."
            )
        return None


def _short(value: Any) -> Any:
    """A value as an audit record keeps it: long text cut, long lists and objects trimmed."""
    if isinstance(value, str):
        return value if len(value) <= AUDIT_VALUE_CHARS else value[:AUDIT_VALUE_CHARS] + "…"
    if isinstance(value, dict):
        return {str(k): _short(v) for k, v in list(value.items())[:_AUDIT_ITEMS]}
    if isinstance(value, list):
        return [_short(v) for v in value[:_AUDIT_ITEMS]]
    return value


def audit_changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a save changed, as (before, after), for the audit log: only the stored keys that
    changed (a cleared key goes to None), within an object only the entries that changed,
    every value shortened."""
    old_values: dict[str, Any] = {}
    new_values: dict[str, Any] = {}
    for key in sorted({*before, *after}):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            inner = sorted(k for k in {*old, *new} if old.get(k) != new.get(k))
            old = {k: old.get(k) for k in inner}
            new = {k: new.get(k) for k in inner}
        old_values[key], new_values[key] = _short(old), _short(new)
    return old_values, new_values
