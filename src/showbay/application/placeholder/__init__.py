"""The JSONPlaceholder port, shared by the items bridge and tasks enrichment."""

from showbay.application.placeholder.ports import (
    ExternalComment,
    ExternalPost,
    ExternalPostPage,
    ExternalTodo,
    PlaceholderCircuit,
    PlaceholderGateway,
)

__all__ = [
    "ExternalComment",
    "ExternalPost",
    "ExternalPostPage",
    "ExternalTodo",
    "PlaceholderCircuit",
    "PlaceholderGateway",
]
