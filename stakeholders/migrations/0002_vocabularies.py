"""The fixed vocabularies the toolkit names: vulnerable groups, information sources, mandate areas."""

from django.db import migrations

VULNERABLE_GROUPS = [
    ("women", "Women"),
    ("children", "Children"),
    ("elderly-people", "Elderly people"),
    ("youth", "Youth"),
    ("indigenous-peoples", "Indigenous peoples"),
    ("ethnic-minorities", "Ethnic minorities"),
    ("religious-minorities", "Religious minorities"),
    ("migrant-workers", "Migrant workers"),
]
# Toolkit 1.1.a: "collect information across different corporate functions (e.g. security, community
# relations, governmental or external affairs, environment)"; then the external sources it lists.
SOURCES = [
    ("security", "Security", "corporate"),
    ("community-relations", "Community relations", "corporate"),
    ("government-affairs", "Governmental / external affairs", "corporate"),
    ("environment", "Environment", "corporate"),
    ("legal", "Legal", "corporate"),
    ("home-state-embassy", "Home-state embassy", "external"),
    ("other-companies", "Other companies", "external"),
    ("host-government-contacts", "Existing host-government contacts", "external"),
    ("local-experts", "Local experts (NGOs, academia, media)", "external"),
    ("print-online-review", "Print and online sources review", "external"),
    ("focus-groups", "Focus groups, roundtables and town halls", "external"),
]
# Hub edition, challenge C: risks to communities where national and local bodies do not coordinate.
MANDATE_AREAS = [
    ("judicial-accountability", "Judicial accountability"),
    ("monitoring-public-security", "Monitoring of public security"),
    ("licensing-private-security", "Licensing of private security"),
]


def seed(apps, schema_editor):
    for order, (code, name) in enumerate(VULNERABLE_GROUPS):
        apps.get_model("stakeholders", "VulnerableGroup").objects.update_or_create(
            code=code, defaults={"name": name, "order": order})
    for order, (code, name, category) in enumerate(SOURCES):
        apps.get_model("stakeholders", "InformationSource").objects.update_or_create(
            code=code, defaults={"name": name, "category": category, "order": order})
    for order, (code, name) in enumerate(MANDATE_AREAS):
        apps.get_model("stakeholders", "MandateArea").objects.update_or_create(
            code=code, defaults={"name": name, "order": order})


def unseed(apps, schema_editor):
    for model, rows in (("VulnerableGroup", VULNERABLE_GROUPS), ("InformationSource", SOURCES),
                        ("MandateArea", MANDATE_AREAS)):
        apps.get_model("stakeholders", model).objects.filter(code__in=[r[0] for r in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
