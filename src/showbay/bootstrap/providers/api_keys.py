"""dishka provider of the API keys context."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all

from showbay.adapters.persistence.api_keys.store import SqlaApiKeyStore
from showbay.application.api_keys.ports import ApiKeyStore
from showbay.application.api_keys.use_cases import AuthenticateApiKey, CreateApiKey, ListApiKeys, RevokeApiKey


class ApiKeysProvider(Provider):
    scope = Scope.REQUEST

    store = provide(SqlaApiKeyStore, provides=ApiKeyStore)
    use_cases = provide_all(AuthenticateApiKey, CreateApiKey, ListApiKeys, RevokeApiKey)
