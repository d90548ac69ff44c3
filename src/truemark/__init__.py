"""truemark: find counterfeit listings and the rackets behind them, act on them, and prove it."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("truemark")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"
