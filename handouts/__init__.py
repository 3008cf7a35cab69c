"""handouts: branded, printable patient handouts from YAML topics."""

__version__ = "0.1.0"
