from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shrhub.forms import style

from .choices import ReminderKind
from .models import DigestSettings


class DigestSettingsForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        choices=ReminderKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("What it covers"),
        help_text=DigestSettings._meta.get_field("kinds").help_text,
    )

    class Meta:
        model = DigestSettings
        fields = ["frequency", "kinds"]
        widgets = {"frequency": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style(field)
