"""Full-text search documents (stored, generated) with GIN indexes on PostgreSQL, and the indexes that keep
the default list orders cheap at a million rows.

The GIN indexes are PostgreSQL-only database objects: other databases store NULL documents and search the
fields themselves, so the operations below skip them there and leave the model state untouched.
"""

import django.contrib.postgres.search
from django.db import migrations, models

import shrhub.filtersets

GIN_INDEXES = [
    ("stakeholders_stakeholder", "stakeholder_search_gin"),
    ("stakeholders_assessment", "assessment_search_gin"),
    ("stakeholders_engagement", "engagement_search_gin"),
]


class RunSQLOnPostgres(migrations.RunSQL):
    """``RunSQL`` that only touches PostgreSQL (both ways): the SQL uses its index methods."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def document(*weighted):
    return models.GeneratedField(
        db_persist=True,
        expression=shrhub.filtersets.SearchDocument(*weighted),
        output_field=django.contrib.postgres.search.SearchVectorField(null=True),
    )


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0003_confidentiality")]

    operations = [
        migrations.AddField(
            model_name="stakeholder",
            name="search_vector",
            field=document(("name", "A"), ("short_name", "A"), ("mandate", "B"), ("description", "C")),
        ),
        migrations.AddField(
            model_name="assessment",
            name="search_vector",
            field=document(("formal_role", "B"), ("economic_agenda", "C"), ("social_agenda", "C"), ("notes", "C")),
        ),
        migrations.AddField(
            model_name="engagement",
            name="search_vector",
            field=document(("title", "A"), ("topics", "B"), ("summary", "C"), ("outcome", "C"), ("follow_ups", "C")),
        ),
        migrations.AddIndex(
            model_name="stakeholder",
            index=models.Index(fields=["name", "id"], name="stakeholder_name_id_idx"),
        ),
        migrations.AddIndex(
            model_name="assessment",
            index=models.Index(fields=["-assessed_on", "-id"], name="assessment_assessed_idx"),
        ),
        *(
            RunSQLOnPostgres(
                sql=f"CREATE INDEX {index} ON {table} USING gin (search_vector)",
                reverse_sql=f"DROP INDEX IF EXISTS {index}",
            )
            for table, index in GIN_INDEXES
        ),
    ]
