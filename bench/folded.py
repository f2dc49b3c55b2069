"""Summarize py-spy's collapsed stacks (``--format raw``): where the workers spend their samples."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path


def load(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text().splitlines():
        frames, _, count = line.rpartition(" ")
        if frames and count.isdigit():
            stacks.append((frames.split(";"), int(count)))
    return stacks


def top(
    stacks: list[tuple[list[str], int]], limit: int = 40
) -> tuple[int, list[tuple[str, int]], list[tuple[str, int]]]:
    """Total samples, the frames with the most self samples, the frames with the most inclusive samples."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for frames, count in stacks:
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    return total, own.most_common(limit), inclusive.most_common(limit)


def main() -> None:
    total, own, inclusive = top(load(Path(sys.argv[1])), int(sys.argv[2]) if len(sys.argv) > 2 else 40)
    print(f"{total} samples\n\nself:")
    for frame, count in own:
        print(f"{100 * count / total:5.1f}%  {frame}")
    print("\ninclusive:")
    for frame, count in inclusive:
        print(f"{100 * count / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
