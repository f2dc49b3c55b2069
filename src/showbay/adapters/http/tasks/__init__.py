"""HTTP endpoints of the tasks context."""
