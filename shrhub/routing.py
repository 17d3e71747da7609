"""The standard routes of a model: list, add, detail, edit, delete, history."""

from __future__ import annotations

from types import ModuleType

from django.urls import URLPattern, path
from django.views import View


def crud_urls(
    prefix: str,
    name: str,
    *,
    list_view: type[View],
    detail_view: type[View],
    edit_view: type[View] | None = None,
    delete_view: type[View] | None = None,
    history_view: type[View] | None = None,
) -> list[URLPattern]:
    """``<prefix>/`` → ``<name>_list``, ``<prefix>/add/`` → ``<name>_add``, ``<prefix>/<pk>/…`` → the rest."""
    patterns = [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{name}_detail"),
    ]
    if edit_view is not None:
        patterns += [
            path(f"{prefix}/add/", edit_view.as_view(), name=f"{name}_add"),
            path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"),
        ]
    if delete_view is not None:
        patterns.append(path(f"{prefix}/<int:pk>/delete/", delete_view.as_view(), name=f"{name}_delete"))
    if history_view is not None:
        patterns.append(path(f"{prefix}/<int:pk>/history/", history_view.as_view(), name=f"{name}_history"))
    return patterns


def model_urls(views: ModuleType, prefix: str, name: str, model: str, *, delete: bool = True) -> list[URLPattern]:
    """``crud_urls`` for the views an app's ``views`` module declares by the house names:
    ``<Model>ListView``, ``<Model>DetailView``, ``<Model>EditView``, ``<Model>DeleteView`` (unless ``delete`` is
    False: a record that is ended, not deleted) and ``<Model>HistoryView``."""
    return crud_urls(
        prefix,
        name,
        list_view=getattr(views, f"{model}ListView"),
        detail_view=getattr(views, f"{model}DetailView"),
        edit_view=getattr(views, f"{model}EditView"),
        delete_view=getattr(views, f"{model}DeleteView") if delete else None,
        history_view=getattr(views, f"{model}HistoryView"),
    )
