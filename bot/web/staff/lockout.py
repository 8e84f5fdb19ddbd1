"""How repeated failed sign-ins are slowed down and then locked out, per account and per
client address (the counts are kept in the database: `SignInFailure`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class LockoutPolicy:
    window: timedelta = timedelta(minutes=15)
    slow_after: int = 3  # failures in the window before answers are slowed
    delay_step_s: float = 1.0  # each further failure waits this much longer ...
    max_delay_s: float = 5.0  # ... up to this
    account_limit: int = 10  # failures for one email in the window: locked until they age out
    # One office shares an address; an attacker spraying many accounts from one address is
    # still stopped well before they could try many passwords on each.
    address_limit: int = 30

    def delay_s(self, failures: int) -> float:
        """How long to wait before answering after `failures` failures in the window."""
        if failures <= self.slow_after:
            return 0.0
        return min(self.max_delay_s, (failures - self.slow_after) * self.delay_step_s)

    def locked(self, account_failures: int, address_failures: int) -> bool:
        return account_failures >= self.account_limit or address_failures >= self.address_limit

    @property
    def minutes(self) -> int:
        return int(self.window.total_seconds() // 60)
