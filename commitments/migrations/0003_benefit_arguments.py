"""The team's first benefit arguments for the VPs, one per payoff the toolkit names; the team edits, retires
and adds to them (they are its vocabulary, not the product's)."""

from django.db import migrations

ARGUMENTS = (
    (
        "Fewer security incidents",
        "security",
        "Clear rules on the use of force and on working with public and private security reduce confrontations "
        "between security forces and communities around the operation.",
    ),
    (
        "Social licence and community trust",
        "social",
        "Security provided with respect for human rights builds the trust of communities, who then raise "
        "grievances early instead of protesting.",
    ),
    (
        "Jobs and local development continue",
        "economic_development",
        "Operations that are not disrupted by conflict keep paying wages, taxes and royalties and keep funding "
        "local development.",
    ),
    (
        "A better climate for investment",
        "investment_climate",
        "Investors and lenders look for countries where security and human rights are managed to international "
        "standards; joining the VPs is a signal they read.",
    ),
    (
        "Respect for national law",
        "legal_compliance",
        "The VPs help security providers apply the country's own constitution and laws on human rights, labour "
        "rights and the protection of the individual.",
    ),
    (
        "International standing",
        "reputation",
        "Governments that take part in the VPs are seen as responsible partners by other governments and "
        "international organisations.",
    ),
)


def seed(apps, schema_editor):
    BenefitArgument = apps.get_model("commitments", "BenefitArgument")
    for name, benefit, case in ARGUMENTS:
        BenefitArgument.objects.get_or_create(name=name, defaults={"benefit": benefit, "case": case})


class Migration(migrations.Migration):
    dependencies = [("commitments", "0002_advocacy_and_audiences")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
