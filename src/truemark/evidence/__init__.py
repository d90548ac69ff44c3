"""Acting offline: test buys, referrals to law enforcement, signed evidence packs and the
organizations' evidence signing keys.
"""
