"""Enforcement: effects as data records (takedown, strike, closure, notice) and the sinks that
carry them out; the strike ladder and the enforcement policy.
"""
