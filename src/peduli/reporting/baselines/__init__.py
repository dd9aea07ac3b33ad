"""Baselines and targets: the informal-worker counts and the targets the figures are measured against."""
