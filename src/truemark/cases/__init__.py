"""The enforcement workflow as services: cases from scan results, the review queue, decisions
and labels, notices and counter-notices, complainant reputation, strikes and closures.

Every service takes the acting :class:`~truemark.cases.access.Principal` and scopes every read
and write to what that principal may see; routers and CLI commands only call these services.
"""
