"""Readers of import files (CSV) into application inputs."""
