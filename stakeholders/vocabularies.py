"""The seeded vocabularies' names (``migrations/0002_vocabularies.py``), marked so that the translation catalogues
carry them: a row keeps its English name in the database and is shown in the reader's language
(``LookupModel.__str__``)."""

from django.utils.translation import gettext_noop

SEEDED_NAMES = (
    gettext_noop("Women"),
    gettext_noop("Children"),
    gettext_noop("Elderly people"),
    gettext_noop("Youth"),
    gettext_noop("Indigenous peoples"),
    gettext_noop("Ethnic minorities"),
    gettext_noop("Religious minorities"),
    gettext_noop("Migrant workers"),
    gettext_noop("Security"),
    gettext_noop("Community relations"),
    gettext_noop("Governmental / external affairs"),
    gettext_noop("Environment"),
    gettext_noop("Legal"),
    gettext_noop("Home-state embassy"),
    gettext_noop("Other companies"),
    gettext_noop("Existing host-government contacts"),
    gettext_noop("Local experts (NGOs, academia, media)"),
    gettext_noop("Print and online sources review"),
    gettext_noop("Focus groups, roundtables and town halls"),
    gettext_noop("Judicial accountability"),
    gettext_noop("Monitoring of public security"),
    gettext_noop("Licensing of private security"),
)
