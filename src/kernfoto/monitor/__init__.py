"""Sociale Monitor: the yearly report for the council, from the same figures as the kernfoto's."""
