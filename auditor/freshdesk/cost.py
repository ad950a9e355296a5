"""What fetching something cost: one value carried from a request to the snapshot manifest.

A page, a one-record call, a listing's end and a whole listing each cost requests sent,
retries and 429s answered; they add up, so a listing's cost is the sum of its parts.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Cost:
    """Requests sent, retries among them, and 429 answers among them."""

    requests: int = 0
    retries: int = 0
    rate_limited: int = 0

    def __add__(self, other: "Cost") -> "Cost":
        return Cost(
            self.requests + other.requests,
            self.retries + other.retries,
            self.rate_limited + other.rate_limited,
        )

    @classmethod
    def total(cls, costs: Iterable["Cost"]) -> "Cost":
        return sum(costs, cls())

    def document(self) -> dict[str, int]:
        """As the checkpoint files record it."""
        return {
            "requests": self.requests,
            "retries": self.retries,
            "rate_limited": self.rate_limited,
        }

    @classmethod
    def from_document(cls, data: dict[str, Any]) -> "Cost":
        return cls(int(data["requests"]), int(data["retries"]), int(data["rate_limited"]))
