"""HTTP endpoints of the sales context: ingestion and analytics."""
