"""What apps contribute to shared pages without ``shrhub`` importing them.

An app registers a panel provider in its ``AppConfig.ready()``; the home page asks each provider for
its panels (a title, a template and its context). Warnings for the manager views register the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


PanelProvider = Callable[[HttpRequest], list[Panel]]
_home_providers: list[PanelProvider] = []


def register_home_panels(provider: PanelProvider) -> None:
    if provider not in _home_providers:
        _home_providers.append(provider)


def home_panels(request: HttpRequest) -> list[Panel]:
    panels = [panel for provider in _home_providers for panel in provider(request)]
    return sorted(panels, key=lambda panel: panel.order)


# Demo data: each app seeds its part; ``manage.py seed_demo`` runs them in order with one random source.
DemoSeeder = Callable[..., dict[str, int]]
_demo_seeders: dict[str, tuple[int, DemoSeeder]] = {}


def register_demo_seeder(name: str, seeder: DemoSeeder, *, order: int = 100) -> None:
    """``seeder(*, scale: int, rng: random.Random, stdout) -> {label: count}`` adds its app's demo rows."""
    _demo_seeders[name] = (order, seeder)


def demo_seeders() -> list[tuple[str, DemoSeeder]]:
    return [(name, seeder) for name, (_, seeder) in sorted(_demo_seeders.items(), key=lambda item: item[1][0])]
