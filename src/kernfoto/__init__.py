"""Kernfoto: open data, voices and the sociale basis per kern, wijk and buurt."""

__version__ = "0.1.0"
