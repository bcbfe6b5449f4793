"""The sworn statement and professional-conduct questions every application ends with."""

from __future__ import annotations

from typing import Any

CONDUCT_QUESTIONS: tuple[tuple[str, str], ...] = (
    (
        "conduct_convicted",
        "Have you ever been convicted of, or pleaded guilty or no contest to, a felony or a crime involving a child?",
    ),
    (
        "conduct_disciplined",
        "Has any educator license or certificate of yours ever been suspended, revoked, surrendered or denied?",
    ),
)
SWORN_STATEMENT = (
    "I swear that the information in this application is true and complete, and I understand "
    "that a false statement is grounds for denying or revoking a license."
)


def attestation_errors(attestation: dict[str, Any]) -> dict[str, str]:
    """What is missing from the declaration (field -> message)."""
    errors: dict[str, str] = {}
    for key, _ in CONDUCT_QUESTIONS:
        if attestation.get(key) not in ("yes", "no"):
            errors[key] = "Answer yes or no."
    if (
        any(attestation.get(k) == "yes" for k, _ in CONDUCT_QUESTIONS)
        and not str(attestation.get("conduct_explanation", "")).strip()
    ):
        errors["conduct_explanation"] = "Explain each “yes” answer."
    if attestation.get("sworn") is not True:
        errors["sworn"] = "Confirm the sworn statement to submit."
    return errors
