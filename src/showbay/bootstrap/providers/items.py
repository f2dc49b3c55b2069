"""dishka provider of the items context: its store and reader and its use cases."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all

from showbay.adapters.persistence.fast_reads import PsycopgItemReader
from showbay.adapters.persistence.items.store import SqlaItemStore
from showbay.application.items.ports import ItemReader, ItemStore
from showbay.application.items.use_cases import (
    CreateItem,
    DeleteItem,
    FetchItemExternalData,
    GetItem,
    ListItems,
    PatchItem,
    ReplaceItem,
)


class ItemsProvider(Provider):
    scope = Scope.REQUEST

    store = provide(SqlaItemStore, provides=ItemStore)
    reader = provide(PsycopgItemReader, scope=Scope.APP, provides=ItemReader)
    hot_reads = provide(GetItem, scope=Scope.APP)  # only APP-scoped dependencies: built once, not per request
    use_cases = provide_all(CreateItem, ReplaceItem, PatchItem, DeleteItem, ListItems, FetchItemExternalData)
