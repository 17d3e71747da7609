"""Form foundations: fields limited to what the user may see, the record's version, Bootstrap widgets."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shrhub.types import AnyUser

from .hiding import masked_foreign_keys, seen_link_id
from .models import DomainModel, Jurisdiction, Preferences, concrete_field, hidden_fields
from .zones import zone_choices

VERSION_MISSING_MESSAGE = _(
    "This form did not say which version of the record it was based on, so it cannot tell whether someone else "
    "changed the record meanwhile: reload the page and make your edit again."
)


def choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name``, which offers model rows (a foreign key's or a many-to-many's field)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} does not offer model rows.")
    return field


def choices_of(form: forms.BaseForm, name: str) -> QuerySet[Any, Any]:
    """The rows the form's field ``name`` offers (a model form's field for a relation always has them)."""
    queryset = choice_field(form, name).queryset
    if queryset is None:
        raise TypeError(f"{type(form).__name__}.{name} offers no rows yet.")
    return queryset


class DomainForm(forms.ModelForm):
    """A model form whose choices only offer records the user may see, carrying the edited version.

    Editing a stored record requires the version it was based on (the hidden ``version`` field): a form posted
    without it, or with one that is not a version, is refused as a whole; a stale one is refused by the service
    (``StaleVersion``). Adding a record needs none."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, user: AnyUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if isinstance(self.instance, DomainModel) and self.instance.pk is not None and not self.is_bound:
            self.fields["version"].initial = self.instance.version
        if "confidentiality" in self.fields:
            # Omitted means the default level (internal), as in the API.
            self.fields["confidentiality"].required = False
        for name in hidden_fields(type(self.instance), user) if user is not None else ():
            # A restricted field the user may not read (a stance label, contact details) is not offered either.
            self.fields.pop(name, None)
        self.kept_hidden = self._withhold_hidden_links(user)
        self._offer_assignable_users()
        for name, field in self.fields.items():
            queryset = field.queryset if isinstance(field, forms.ModelChoiceField) else None
            if user is not None and queryset is not None and hasattr(queryset, "visible_to"):
                choice_field(self, name).queryset = queryset.visible_to(user)
            style(field)

    def _offer_assignable_users(self) -> None:
        """Fields naming users (``user_references``) offer and accept exactly the users the service accepts
        (``shrhub.selectors.assignable_users``), plus those the record already names."""
        from .models import ACCESS
        from .selectors import assignable_users
        from .services import stored_user_ids

        model = type(self.instance)
        for name, kind in getattr(model, "user_references", {}).items():
            if name in self.fields:
                field = model._meta.get_field(name)
                if field.many_to_many:
                    kept = stored_user_ids(self.instance, name)
                else:
                    kept = {getattr(self.instance, concrete_field(model, name).attname)}
                choice_field(self, name).queryset = assignable_users(access_only=kind == ACCESS, keep=kept)

    def _withhold_hidden_links(self, user: AnyUser | None) -> list[str]:
        """Masked links (``masked_links``) to records the editor may not see are left off the form, so saving
        keeps them as they are; their labels, for the page to say so (``shrhub.hiding``)."""
        kept: list[str] = []
        if self.instance.pk is None or user is None:
            return kept
        for field in masked_foreign_keys(type(self.instance)):
            linked = field.name in self.fields and getattr(self.instance, field.attname) is not None
            if linked and seen_link_id(self.instance, field.name, user) is None:
                kept.append(str(self.fields.pop(field.name).label))
        return kept

    def _post_clean(self) -> None:
        # The model's uniqueness checks tell this user only that a record they cannot see is in the way.
        if isinstance(self.instance, DomainModel):
            self.instance._validated_for = self.user
        super()._post_clean()  # type: ignore[misc]  # ModelForm's own hook, which the stubs leave out

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.instance.pk is not None and cleaned.get("version") is None:
            self.errors.pop("version", None)  # the field is hidden: say it for the whole form
            self.add_error(None, VERSION_MISSING_MESSAGE)
        return cleaned

    def clean_confidentiality(self) -> str:
        from .models import Confidentiality

        return self.cleaned_data.get("confidentiality") or Confidentiality.INTERNAL


def style(field: forms.Field) -> None:
    widget = field.widget
    if isinstance(widget, forms.HiddenInput):
        return
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.CheckboxSelectMultiple):
        css = ""
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if css:
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class JurisdictionForm(DomainForm):
    class Meta:
        model = Jurisdiction
        fields = ["name", "code", "level", "parent"]


class TimeZoneField(forms.ChoiceField):
    """A zone from the IANA names this machine knows; blank stands for the operation's zone."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("label", _("Time zone"))
        super().__init__(choices=zone_choices, required=False, **kwargs)


class PreferencesForm(forms.ModelForm):
    """A user's language and time zone."""

    time_zone = TimeZoneField(help_text=Preferences._meta.get_field("time_zone").help_text)

    class Meta:
        model = Preferences
        fields = ["language", "time_zone", "function"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = [("", _("As my browser asks")), *settings.LANGUAGES]
        for field in self.fields.values():
            style(field)
