"""The international instruments a country's legal mapping starts from, kept present after every ``migrate``
and ``flush``: the core human-rights treaties, the Geneva Conventions and their Additional Protocols, the
Rome Statute and the ILO's fundamental conventions. Existing rows are never renamed or deleted; the team adds
regional instruments beside them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

# (code, name, short name, area, year adopted). Names are marked for the catalogues and shown translated.
INSTRUMENTS: tuple[tuple[str, str, str, str, int], ...] = (
    (
        "iccpr",
        gettext_noop("International Covenant on Civil and Political Rights"),
        gettext_noop("ICCPR"),
        "human_rights",
        1966,
    ),
    (
        "icescr",
        gettext_noop("International Covenant on Economic, Social and Cultural Rights"),
        gettext_noop("ICESCR"),
        "human_rights",
        1966,
    ),
    (
        "cat",
        gettext_noop("Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment"),
        gettext_noop("CAT"),
        "protection",
        1984,
    ),
    (
        "opcat",
        gettext_noop("Optional Protocol to the Convention against Torture"),
        gettext_noop("OPCAT"),
        "protection",
        2002,
    ),
    (
        "ced",
        gettext_noop("International Convention for the Protection of All Persons from Enforced Disappearance"),
        gettext_noop("ICPPED"),
        "protection",
        2006,
    ),
    (
        "icerd",
        gettext_noop("International Convention on the Elimination of All Forms of Racial Discrimination"),
        gettext_noop("ICERD"),
        "specific_groups",
        1965,
    ),
    (
        "cedaw",
        gettext_noop("Convention on the Elimination of All Forms of Discrimination against Women"),
        gettext_noop("CEDAW"),
        "specific_groups",
        1979,
    ),
    ("crc", gettext_noop("Convention on the Rights of the Child"), gettext_noop("CRC"), "specific_groups", 1989),
    (
        "crpd",
        gettext_noop("Convention on the Rights of Persons with Disabilities"),
        gettext_noop("CRPD"),
        "specific_groups",
        2006,
    ),
    (
        "ilo-c169",
        gettext_noop("Indigenous and Tribal Peoples Convention, 1989 (No. 169)"),
        gettext_noop("ILO C169"),
        "specific_groups",
        1989,
    ),
    (
        "geneva-1949",
        gettext_noop("Geneva Conventions of 12 August 1949"),
        gettext_noop("Geneva Conventions"),
        "ihl",
        1949,
    ),
    (
        "ap-i",
        gettext_noop(
            "Protocol Additional to the Geneva Conventions, relating to international armed conflicts (Protocol I)"
        ),
        gettext_noop("Additional Protocol I"),
        "ihl",
        1977,
    ),
    (
        "ap-ii",
        gettext_noop(
            "Protocol Additional to the Geneva Conventions, relating to non-international armed conflicts (Protocol II)"
        ),
        gettext_noop("Additional Protocol II"),
        "ihl",
        1977,
    ),
    (
        "rome",
        gettext_noop("Rome Statute of the International Criminal Court"),
        gettext_noop("Rome Statute"),
        "ihl",
        1998,
    ),
    (
        "ilo-c029",
        gettext_noop("Forced Labour Convention, 1930 (No. 29)"),
        gettext_noop("ILO C29"),
        "labour_rights",
        1930,
    ),
    (
        "ilo-c087",
        gettext_noop("Freedom of Association and Protection of the Right to Organise Convention, 1948 (No. 87)"),
        gettext_noop("ILO C87"),
        "labour_rights",
        1948,
    ),
    (
        "ilo-c098",
        gettext_noop("Right to Organise and Collective Bargaining Convention, 1949 (No. 98)"),
        gettext_noop("ILO C98"),
        "labour_rights",
        1949,
    ),
    (
        "ilo-c100",
        gettext_noop("Equal Remuneration Convention, 1951 (No. 100)"),
        gettext_noop("ILO C100"),
        "labour_rights",
        1951,
    ),
    (
        "ilo-c105",
        gettext_noop("Abolition of Forced Labour Convention, 1957 (No. 105)"),
        gettext_noop("ILO C105"),
        "labour_rights",
        1957,
    ),
    (
        "ilo-c111",
        gettext_noop("Discrimination (Employment and Occupation) Convention, 1958 (No. 111)"),
        gettext_noop("ILO C111"),
        "labour_rights",
        1958,
    ),
    (
        "ilo-c138",
        gettext_noop("Minimum Age Convention, 1973 (No. 138)"),
        gettext_noop("ILO C138"),
        "labour_rights",
        1973,
    ),
    (
        "ilo-c155",
        gettext_noop("Occupational Safety and Health Convention, 1981 (No. 155)"),
        gettext_noop("ILO C155"),
        "labour_rights",
        1981,
    ),
    (
        "ilo-c182",
        gettext_noop("Worst Forms of Child Labour Convention, 1999 (No. 182)"),
        gettext_noop("ILO C182"),
        "labour_rights",
        1999,
    ),
    (
        "ilo-c187",
        gettext_noop("Promotional Framework for Occupational Safety and Health Convention, 2006 (No. 187)"),
        gettext_noop("ILO C187"),
        "labour_rights",
        2006,
    ),
)


def ensure_instruments(*, using: str = "default", **kwargs: Any) -> None:
    """Create the missing seeded instruments (idempotent; never renames or deletes)."""
    from .models import Instrument

    for order, (code, name, short_name, area, year) in enumerate(INSTRUMENTS):
        Instrument.objects.using(using).get_or_create(
            code=code,
            defaults={"name": name, "short_name": short_name, "area": area, "adopted_in": year, "order": order},
        )
