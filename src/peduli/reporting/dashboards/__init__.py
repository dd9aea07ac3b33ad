"""The achievement dashboards and their charts."""
