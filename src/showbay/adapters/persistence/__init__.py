"""SQLAlchemy (async, psycopg 3) implementations of the persistence ports."""
