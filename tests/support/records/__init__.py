"""Builders of the records several test modules need, made through the real
services, one module per domain."""
