"""Each reader's current assessment: the latest one at each confidentiality tier (internal; internal or
restricted; any level), so nobody is shown a newer assessment they may not read."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
import django.db.models.deletion

TIERS = {
    "current_internal_assessment": ("internal",),
    "current_restricted_assessment": ("internal", "restricted"),
    "current_confidential_assessment": ("internal", "restricted", "confidential"),
}


def fill_tiers(apps, schema_editor):
    Stakeholder = apps.get_model("stakeholders", "Stakeholder")
    Assessment = apps.get_model("stakeholders", "Assessment")
    for field, levels in TIERS.items():
        latest = (
            Assessment.objects.filter(stakeholder_id=OuterRef("pk"), confidentiality__in=levels)
            .order_by("-assessed_on", "-id")
            .values("id")[:1]
        )
        Stakeholder.objects.update(**{f"{field}_id": Subquery(latest)})


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0004_search_and_paging_indexes")]

    operations = [
        migrations.RenameField("stakeholder", "current_assessment", "current_confidential_assessment"),
        migrations.AddField(
            model_name="stakeholder",
            name="current_internal_assessment",
            field=models.ForeignKey(
                blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL,
                related_name="+", to="stakeholders.assessment",
            ),
        ),
        migrations.AddField(
            model_name="stakeholder",
            name="current_restricted_assessment",
            field=models.ForeignKey(
                blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL,
                related_name="+", to="stakeholders.assessment",
            ),
        ),
        migrations.RunPython(fill_tiers, migrations.RunPython.noop),
    ]
