"""Policy: CEL rules and a learned model over detector signals -> risk, verdict, reasons.

Load a policy with :func:`load_policy` (validated as a whole before use), then call
:meth:`Policy.decide` on each batch of signal columns.
"""

from truemark.policy.engine import DEFAULT_POLICY, Policy, load_policy
from truemark.policy.signals import SIGNALS, Signal

__all__ = ["DEFAULT_POLICY", "SIGNALS", "Policy", "Signal", "load_policy"]
