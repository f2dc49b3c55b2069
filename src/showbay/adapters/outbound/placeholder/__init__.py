"""JSONPlaceholder over the shared outbound layer: the PlaceholderGateway adapter and its cache."""

from showbay.adapters.outbound.placeholder.cache import CachingPlaceholderGateway
from showbay.adapters.outbound.placeholder.gateway import AiohttpPlaceholderGateway

__all__ = ["AiohttpPlaceholderGateway", "CachingPlaceholderGateway"]
