"""JSONPlaceholder over the shared outbound layer: the PlaceholderGateway adapter and its cache."""

from showbay.adapters.jsonplaceholder.cache import CachingPlaceholderGateway
from showbay.adapters.jsonplaceholder.gateway import AiohttpPlaceholderGateway

__all__ = ["AiohttpPlaceholderGateway", "CachingPlaceholderGateway"]
