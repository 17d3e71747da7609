"""The hand-built world every figure test reads (see ``world.py``)."""

from __future__ import annotations

import pytest

from .world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def manager(make_user):
    return make_user("manager")
