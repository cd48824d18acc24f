"""Residents' initiatives with evidence of support, budget pots and decisions; wijkplannen and route maps."""
