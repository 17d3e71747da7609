"""Form foundations: fields limited to what the user may see, the record's version, Bootstrap widgets."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import Jurisdiction


class DomainForm(forms.ModelForm):
    """A model form whose choices only offer records the user may see, carrying the edited version."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk is not None and not self.is_bound:
            self.fields["version"].initial = self.instance.version
        if "confidentiality" in self.fields:
            # Omitted means the default level (internal), as in the API.
            self.fields["confidentiality"].required = False
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if user is not None and queryset is not None and hasattr(queryset, "visible_to"):
                field.queryset = queryset.visible_to(user)
            style(field)

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

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class JurisdictionForm(DomainForm):
    class Meta:
        model = Jurisdiction
        fields = ["name", "code", "level", "parent"]
