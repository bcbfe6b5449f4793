"""What a change made with the state office's tools returns to the page."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AdminResult:
    ok: bool
    message: str
    errors: dict[str, str] = field(default_factory=dict)
