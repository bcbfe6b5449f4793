"""An application's answers: the only reader and writer of `Application.answers_json`.

The wizard stores what the applicant typed as one JSON object. Everything that reads or
changes it goes through `Answers`, so the keys and their types are written down once and a
malformed or hand-edited value reads as "not answered" instead of raising.
"""

from __future__ import annotations

import json
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
)


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _ids(value: object) -> list[int]:
    if not isinstance(value, list):
        return []
    return [int(v) for v in value if isinstance(v, int) or (isinstance(v, str) and v.isdigit())]


def _option_id(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


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
    # At submission: what counted toward the renewal, frozen for the approver.
    renewal_snapshot: dict[str, Any] | None = None

    @classmethod
    def from_json(cls, text: str | None) -> Answers:
        try:
            raw = json.loads(text or "{}")
        except json.JSONDecodeError:
            raw = {}
        raw = _dict(raw)
        snapshot = raw.get("renewal_snapshot")
        return cls(
            questions={str(k): str(v) for k, v in _dict(raw.get("questions")).items()},
            attestation=dict(_dict(raw.get("attestation"))),
            renewal_option_id=_option_id(raw.get("renewal_option_id")),
            reused_evidence_ids=_ids(raw.get("reused_evidence_ids")),
            attachment_kinds={
                str(k): str(v) for k, v in _dict(raw.get("attachment_kinds")).items()
            },
            renewal_snapshot=snapshot if isinstance(snapshot, dict) else None,
        )

    @classmethod
    def of(cls, application: Application) -> Answers:
        return cls.from_json(application.answers_json)

    def question(self, key: str) -> str:
        """The applicant's answer to one question, "" when not answered."""
        return self.questions.get(key, "") or ""

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
