"""pg_trgm for typo-tolerant catalogue search. ``CreateExtension`` does nothing on databases other than
PostgreSQL, so SQLite installs migrate unchanged and use the search fallback."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0002_catalogue_keys_and_withdrawal"),
    ]

    operations = [
        TrigramExtension(),
    ]
