"""/api/v1/repos: tracked GitHub repositories."""
