"""Admin: the catalogue is read-only here (it is edited in ``practices/data/catalogue.yaml`` and loaded with
``manage.py load_catalogue``); adoptions are edited like any domain record, audited with their author."""

from django.contrib import admin

from shrhub.admin import DomainAdmin, ReadOnlyAdminMixin

from .models import Adoption, Challenge, Edition, MappingQuestion, Method, Practice, Reference, Step


class CatalogueAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """View only: a change here would be overwritten by the next load of the data file."""


@admin.register(Edition)
class EditionAdmin(CatalogueAdmin):
    list_display = ("short_title", "title", "year", "key", "withdrawn")


@admin.register(Challenge)
class ChallengeAdmin(CatalogueAdmin):
    list_display = ("code", "ref", "section", "title", "withdrawn")
    list_filter = ("section__edition", "ref")


class StepInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Step
    fields = ("order", "key", "depth", "text")
    extra = 0


@admin.register(Practice)
class PracticeAdmin(CatalogueAdmin):
    list_display = ("__str__", "kind", "challenge", "key", "withdrawn")
    list_filter = ("kind", "challenge__section__edition", "challenge__ref", "withdrawn")
    search_fields = ("key", "label", "heading", "search_document")
    inlines = [StepInline]


@admin.register(Reference)
class ReferenceAdmin(CatalogueAdmin):
    list_display = ("short_form", "title", "key", "withdrawn")


@admin.register(Method)
class MethodAdmin(CatalogueAdmin):
    list_display = ("name", "challenge", "key", "withdrawn")


@admin.register(MappingQuestion)
class MappingQuestionAdmin(CatalogueAdmin):
    list_display = ("number", "text", "method", "asked_in_rounds", "withdrawn")
    list_filter = ("method", "asked_in_rounds")


@admin.register(Adoption)
class AdoptionAdmin(DomainAdmin):
    list_display = ("practice", "jurisdiction", "status", "owner", "target_date", "last_reviewed_on")
    list_filter = ("status", "practice__challenge__ref")
    search_fields = ("practice__label", "jurisdiction__name", "notes")
    autocomplete_fields = ("practice", "jurisdiction", "owner")
