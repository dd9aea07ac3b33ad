"""Agencies' and districts' monthly reports: filling in, sending, reviewing, reminders."""
