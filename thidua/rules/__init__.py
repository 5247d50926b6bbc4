"""Thi Đua's domain rules, in plain Python.

Nothing here imports Django or any app of the project (an import-linter contract
enforces it). Rules take and return plain values and small frozen dataclasses;
each cites the part of ``shared/domain.md`` it implements. Refusals are raised as
:class:`RuleViolation` with a stable code; the Django shell turns the code into a
translated message.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RuleViolation(Exception):
    """A domain rule refuses an action. ``code`` is stable (UPPER_SNAKE)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} {self.params}"
