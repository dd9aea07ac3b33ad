"""Exports of the figures: the monthly recap (xlsx, PDF) and open data."""
