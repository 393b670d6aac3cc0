"""Ids that stay with a slot or component through renames and moves (paths do not), in memory only."""

from __future__ import annotations

import itertools

_counter = itertools.count(1)


def next_id() -> int:
    return next(_counter)
