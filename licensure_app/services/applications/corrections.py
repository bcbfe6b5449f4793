"""A returned application: where the applicant's corrections start, and the declaration
they must give again.

The approver's reason is free text; the step it concerns is read from its words (the
type's question labels, "attach", "transcript", "renewal option", "conduct" ...). A reason
naming several steps reopens at the earliest; one naming none, at the first step.
"""

from __future__ import annotations

import re

from sqlmodel import Session

from ...domain.application_types import TYPES
from ...domain.status import RETURNED, is_editable
from ...models._base import utcnow
from .. import audit
from .answers import Answers
from .drafts import Draft, last_return, own_application, to_draft
from .errors import ApplicationError
from .wizard import ATTACHMENTS, DECLARATION, ELIGIBILITY, QUESTIONS

# Words that name a step of the wizard, matched at the start of a word.
STEP_WORDS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        ELIGIBILITY,
        ("eligib", "renewal option", "option", "ceu", "semester hour", "activit", "national board"),
    ),
    (
        ATTACHMENTS,
        (
            "attach",
            "upload",
            "document",
            "transcript",
            "certificate",
            "diploma",
            "score report",
            "evidence",
        ),
    ),
    (DECLARATION, ("declaration", "sworn", "conduct", "convict", "disciplin")),
)


def _question_phrases(app_type: str) -> tuple[str, ...]:
    """The words that name one of the type's questions: its label, the label's first two
    words ("subject area", "grade span") and its key ("endorsement subject")."""
    phrases: list[str] = []
    definition = TYPES.get(app_type)
    for q in definition.questions if definition else ():
        label = q.label.lower()
        phrases += [label, q.key.replace("_", " ")]
        opening = " ".join(label.split()[:2])
        if len(opening) >= 8:
            phrases.append(opening)
    return tuple(phrases)


def _mentions(text: str, phrases: tuple[str, ...]) -> bool:
    return any(re.search(r"\b" + re.escape(p), text) for p in phrases)


def step_for_reason(app_type: str, reason: str) -> int:
    """The wizard step the approver's reason concerns (the first step when it names none)."""
    text = " ".join(reason.lower().split())
    named = [step for step, words in STEP_WORDS if _mentions(text, words)]
    if _mentions(text, _question_phrases(app_type)):
        named.append(QUESTIONS)
    return min(named, default=ELIGIBILITY)


def reopen(session: Session, actor: audit.Actor, profile_id: int, application_id: int) -> Draft:
    """Open the applicant's own draft or returned application in the wizard.

    The first time a returned application is opened after its return, it reopens at the
    step the reason concerns with the declaration cleared (the conduct answers and the
    sworn statement must be given again), audited; afterwards it resumes where it was left."""
    application = own_application(session, profile_id, application_id)
    if not is_editable(application.status):
        raise ApplicationError("That application has been submitted. See your applications.")
    last = last_return(session, application) if application.status == RETURNED else None
    answers = Answers.of(application)
    if last is not None and answers.reopened_for != last.id:
        step = step_for_reason(application.app_type, last.reason)
        before = {"step": application.current_step, "declaration": sorted(answers.attestation)}
        answers.updated({"attestation": {}, "reopened_for": last.id}).store(application)
        application.current_step = step
        application.updated_at = utcnow()
        session.add(application)
        audit.record(
            session,
            actor,
            "application.reopened",
            "application",
            application.id,
            before=before,
            after={"step": step, "declaration": [], "returned_by": last.actor_role},
        )
        session.flush()
    return to_draft(session, application)
