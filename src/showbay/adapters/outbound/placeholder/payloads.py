"""The shapes JSONPlaceholder answers with. Unknown fields are ignored; missing or mistyped ones are a 502."""

from __future__ import annotations

from typing import Annotated

import msgspec

from showbay.application.placeholder import ExternalComment, ExternalPost, ExternalTodo

Id = Annotated[int, msgspec.Meta(ge=1, le=2_147_483_647)]
# PostgreSQL cannot store NUL in text or jsonb: such an answer is a bad one, not a crash later.
Text = Annotated[str, msgspec.Meta(pattern="^[^\x00]*$")]


class PostPayload(msgspec.Struct, rename="camel", frozen=True):
    id: Id
    user_id: Id
    title: Text
    body: Text

    def to_post(self) -> ExternalPost:
        return ExternalPost(self.id, self.user_id, self.title, self.body)


class CommentPayload(msgspec.Struct, rename="camel", frozen=True):
    id: Id
    post_id: Id
    name: Text
    email: Text
    body: Text

    def to_comment(self) -> ExternalComment:
        return ExternalComment(self.id, self.post_id, self.name, self.email, self.body)


class TodoPayload(msgspec.Struct, rename="camel", frozen=True):
    id: Id
    user_id: Id
    title: Text
    completed: bool

    def to_todo(self) -> ExternalTodo:
        return ExternalTodo(self.id, self.user_id, self.title, self.completed)
