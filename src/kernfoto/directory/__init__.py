"""Sociale basis: a directory of activities and support per kern (shaped after Open Referral HSDS 3.0)."""
