"""API keys: long-lived credentials for service-to-service calls."""

from showbay.domain.api_keys.entities import ApiKey, NewApiKey
from showbay.domain.api_keys.material import KeyMaterial, digest_of, new_key_material, prefix_of

__all__ = ["ApiKey", "KeyMaterial", "NewApiKey", "digest_of", "new_key_material", "prefix_of"]
