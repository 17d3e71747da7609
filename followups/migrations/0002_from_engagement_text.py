"""Each engagement's free-text follow-ups (with their due date) become one owned follow-up item: owned by the
engagement's first company participant (none: unowned, which the managers' warnings list), open, due on the
engagement's follow-up date (none: 30 days after the engagement)."""

import datetime

from django.db import migrations


def forwards(apps, schema_editor):
    Engagement = apps.get_model("stakeholders", "Engagement")
    FollowUp = apps.get_model("followups", "FollowUp")
    items = []
    for engagement in Engagement.objects.exclude(follow_ups="").prefetch_related("company_participants"):
        participants = sorted(engagement.company_participants.all(), key=lambda user: user.pk)
        due = engagement.follow_up_due_on or engagement.occurred_on + datetime.timedelta(days=30)
        items.append(
            FollowUp(
                engagement=engagement,
                description=engagement.follow_ups.strip(),
                owner=participants[0] if participants else None,
                due_on=due,
            )
        )
    FollowUp.objects.bulk_create(items, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("followups", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
