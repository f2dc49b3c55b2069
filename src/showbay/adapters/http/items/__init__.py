"""HTTP endpoints of the items context, including the JSONPlaceholder bridge."""
