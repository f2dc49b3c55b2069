"""JSONPlaceholder-shaped payloads for the fake upstream."""

from __future__ import annotations

from typing import Any


def post(post_id: int, user_id: int = 1) -> dict[str, Any]:
    return {"userId": user_id, "id": post_id, "title": f"post {post_id}", "body": f"body of post {post_id}"}


def comment(comment_id: int, post_id: int) -> dict[str, Any]:
    return {
        "postId": post_id,
        "id": comment_id,
        "name": f"comment {comment_id}",
        "email": f"c{comment_id}@example.org",
        "body": "nice",
    }


def todo(todo_id: int, *, completed: bool = False, user_id: int = 1) -> dict[str, Any]:
    return {"userId": user_id, "id": todo_id, "title": f"todo {todo_id}", "completed": completed}
