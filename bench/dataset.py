"""A registry of a chosen size, written straight into PostgreSQL by set-based SQL (``generate_series``).

At scale 1: 100,000 stakeholders, 1,000,000 assessments, 1,000,000 engagements (with ~2,000,000 links to
stakeholders), 20,000 positions with their tenures and 50,000 relationships, in a few minutes, because no row
passes through Python or the ORM. No audit history is written: the benchmark reads and writes through the
app, and those writes record their history as usual.

The text is drawn from small vocabularies so that searches behave like real ones: a *common* word ("police",
in about one stakeholder in eight), a *rare* one ("quillfeather", about one row in ten thousand) and an
*absent* one ("zyxwvut"). Random choices are seeded, so a scale always builds the same data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

COMMON_TERM = "police"
RARE_TERM = "quillfeather"
ABSENT_TERM = "zyxwvut"

SECTORS = [
    "ministry",
    "regional_authority",
    "local_government",
    "police",
    "military",
    "judiciary",
    "nhri",
    "parliament",
    "civil_society",
    "community_authority",
    "company",
    "embassy",
    "academia",
    "media",
    "international_body",
]
# What an organisation of each sector is called (same order as SECTORS).
ORG_NAMES = [
    "Ministry of",
    "Regional Directorate of",
    "Municipal Council of",
    "Police Command",
    "Army Brigade",
    "High Court of",
    "Human Rights Commission",
    "Parliamentary Committee on",
    "Civic Association for",
    "Traditional Council of",
    "Mining Company",
    "Embassy Office",
    "University Institute of",
    "Radio Station",
    "United Nations Office",
]
TOPICS = [
    "mining",
    "security",
    "water",
    "land",
    "roads",
    "health",
    "education",
    "justice",
    "labour",
    "environment",
    "energy",
    "agriculture",
    "fisheries",
    "transport",
    "housing",
    "grievances",
    "resettlement",
    "licensing",
    "training",
    "protest",
]
PLACES = [
    "Northgate",
    "Riverside",
    "Eastmoor",
    "Westfield",
    "Southbay",
    "Highcliff",
    "Lowmarsh",
    "Stonebridge",
    "Greenvale",
    "Redhill",
    "Ashford",
    "Brookmere",
    "Cedarwood",
    "Dunmore",
    "Elmstead",
    "Fairhaven",
]
FIRST_NAMES = [
    "Ana",
    "Bruno",
    "Carla",
    "Dario",
    "Elena",
    "Felix",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kira",
    "Luis",
    "Maya",
    "Nikolai",
    "Olga",
    "Pablo",
    "Rosa",
    "Samuel",
    "Tania",
    "Victor",
]
LAST_NAMES = [
    "Velmar",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Santos",
    "Haddad",
    "Kowalski",
    "Nakamura",
    "Petrov",
    "Osei",
    "Ferreira",
    "Novak",
    "Rahman",
    "Castillo",
    "Mensah",
    "Brandt",
]
SENTENCES = [
    "Discussed the deployment of public security forces near the concession",
    "Raised community concerns about access to water and grazing land",
    "Agreed to share the incident log with the local authorities every month",
    "Reviewed training on the use of force and human rights for guards",
    "Noted delays in the investigation of the complaint filed last year",
    "Committed to a joint visit to the resettlement site with civil society",
    "Requested clarity on the licensing of private security providers",
    "Explained the grievance mechanism and how complaints are handled",
    "Followed up on the memorandum of understanding with the army",
    "Shared the results of the security and human rights risk assessment",
    "Heard women's groups on safety along the transport corridor",
    "Planned a roundtable with traditional leaders and the municipality",
]
STANCES = ["champion", "supporter", "neutral", "sceptic", "spoiler", "unknown"]
ENGAGEMENT_KINDS = [
    "informal_discussion",
    "meeting",
    "workshop",
    "public_hearing",
    "negotiation",
    "town_hall",
    "roundtable",
    "focus_group",
    "correspondence",
]
RELATIONSHIP_KINDS = ["reports_to", "part_of", "influences", "allied_with", "opposed_to"]
REGIONS, LOCALITIES_PER_REGION = 12, 10


@dataclass(frozen=True)
class Sizes:
    stakeholders: int
    assessments: int
    engagements: int
    positions: int
    relationships: int

    def describe(self) -> str:
        return (
            f"{self.stakeholders:,} stakeholders, {self.assessments:,} assessments, {self.engagements:,} "
            f"engagements, {self.positions:,} positions, {self.relationships:,} relationships"
        )

    @property
    def national(self) -> int:
        """The first stakeholders, all national organisations: the parents of the others."""
        return max(10, min(2000, self.stakeholders // 50))

    @classmethod
    def at(cls, scale: float) -> Sizes:
        def n(full: int, least: int) -> int:
            return max(least, round(full * scale))

        return cls(
            stakeholders=n(100_000, 200),
            assessments=n(1_000_000, 500),
            engagements=n(1_000_000, 500),
            positions=n(20_000, 50),
            relationships=n(50_000, 100),
        )


def _pick(array: str, n: int, salt: str = "random()") -> str:
    """SQL: a random element of a text[] parameter of length ``n``."""
    return f"(%({array})s::text[])[1 + floor({salt} * {n})::int]"


LOADED_TABLES = [
    "stakeholders_stakeholder",
    "stakeholders_stakeholder_vulnerable_groups",
    "stakeholders_stakeholder_mandate_areas",
    "stakeholders_assessment",
    "stakeholders_assessment_sources",
    "stakeholders_engagement",
    "stakeholders_engagement_stakeholders",
    "stakeholders_engagement_company_participants",
    "stakeholders_engagement_practices",
    "stakeholders_position",
    "stakeholders_tenure",
    "stakeholders_relationship",
]


def _drop_secondary_indexes_and_foreign_keys(cursor) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Drop, for the load, the indexes and foreign keys of the loaded tables; returns how to re-create them.

    Building an index once over a million rows is several times faster than updating it row by row, and a
    foreign key added afterwards is checked in one join. Primary keys and unique constraints stay (the link
    tables' inserts rely on them to skip duplicates), so the schema ends exactly as migrated.
    """
    cursor.execute(
        """
        SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text
          FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
         WHERE t.relname = ANY(%s) AND NOT i.indisprimary
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [LOADED_TABLES],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        """
        SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
          FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
         WHERE c.contype = 'f' AND t.relname = ANY(%s)
        """,
        [LOADED_TABLES],
    )
    foreign_keys = cursor.fetchall()
    for table, name, _ in foreign_keys:
        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for _, name in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for definition, _ in indexes], foreign_keys


def build(connection, scale: float, *, author_ids: list[int], practice_ids: list[int], log: Callable) -> Sizes:
    """Fill an empty, migrated database (one transaction); returns what was built."""
    sizes = Sizes.at(scale)
    params = {
        "sectors": SECTORS,
        "org_names": ORG_NAMES,
        "topics": TOPICS,
        "places": PLACES,
        "first": FIRST_NAMES,
        "last": LAST_NAMES,
        "sentences": SENTENCES,
        "stances": STANCES,
        "ekinds": ENGAGEMENT_KINDS,
        "rkinds": RELATIONSHIP_KINDS,
        "authors": author_ids,
        "practices": practice_ids or [None],
        "ns": sizes.stakeholders,
        "nn": sizes.national,
        "na": sizes.assessments,
        "ne": sizes.engagements,
        "np": sizes.positions,
        "nr": sizes.relationships,
        "common": COMMON_TERM,
        "rare": RARE_TERM.title(),
    }
    n_authors, n_practices = len(author_ids), max(1, len(practice_ids))
    sentence, topic, place = _pick("sentences", len(SENTENCES)), _pick("topics", len(TOPICS)), _pick("places", 16)
    steps: list[tuple[str, str]] = [
        ("seed", "SELECT setseed(0.42)"),
        (
            "jurisdictions",
            f"""
            INSERT INTO shrhub_jurisdiction (id, created_at, updated_at, version, name, code, level, parent_id)
            SELECT 1000000, now(), now(), 1, 'Republic of Benchland', 'benchland', 'national', NULL
            UNION ALL
            SELECT 1000000 + r, now(), now(), 1, 'Region ' || r, 'bench-region-' || r, 'regional', 1000000
              FROM generate_series(1, {REGIONS}) r
            UNION ALL
            SELECT 1000100 + (r - 1) * {LOCALITIES_PER_REGION} + l, now(), now(), 1,
                   'Locality ' || r || '-' || l, 'bench-locality-' || r || '-' || l, 'local', 1000000 + r
              FROM generate_series(1, {REGIONS}) r, generate_series(1, {LOCALITIES_PER_REGION}) l
            """,
        ),
        (
            "mapping rounds",
            """
            INSERT INTO stakeholders_mappinground
                   (id, created_at, updated_at, version, name, started_on, review_due_on, status, scope,
                    jurisdiction_id, lead_id)
            SELECT i, now(), now(), 1, 'Mapping round ' || i, date '2016-01-01' + i * 180,
                   date '2016-01-01' + i * 180 + 180, CASE WHEN i < 20 THEN 'closed' ELSE 'open' END,
                   'Periodic mapping of the host government', 1000000, NULL
              FROM generate_series(1, 20) i
            """,
        ),
        # Assessments first: their stakeholders come next in the same transaction (the foreign keys are
        # checked at commit), and each stakeholder can then be written with its current assessment.
        (
            "assessments",
            f"""
            INSERT INTO stakeholders_assessment
                   (id, created_at, updated_at, version, stakeholder_id, mapping_round_id, assessed_on, stance,
                    influence, interest, economic_agenda, social_agenda, formal_role, confidence, author_id,
                    review_due_on, notes, confidentiality)
            SELECT i, ts, ts, 1, 1 + floor(power(random(), 1.2) * %(ns)s)::int,
                   CASE WHEN random() < 0.2 THEN 1 + floor(random() * 20)::int END,
                   day, {_pick("stances", len(STANCES))}, 1 + floor(random() * 5)::int,
                   1 + floor(random() * 5)::int, 'Interest in ' || {topic} || ' and ' || {topic},
                   CASE WHEN random() < 0.5 THEN {sentence} ELSE '' END,
                   CASE WHEN random() < 0.3 THEN 'Oversight of ' || {topic} ELSE '' END,
                   (ARRAY['low', 'medium', 'high'])[1 + floor(random() * 3)::int],
                   (%(authors)s::int[])[1 + floor(random() * {n_authors})::int],
                   CASE WHEN random() < 0.7 THEN day + 180 END,
                   CASE WHEN random() < 0.3 THEN {sentence} ELSE '' END,
                   CASE WHEN random() < 0.97 THEN 'internal' WHEN random() < 0.66 THEN 'restricted'
                        ELSE 'confidential' END
              FROM (SELECT i, date '2016-01-01' + floor(random() * 3650)::int AS day,
                           timestamptz '2026-01-01' + i * interval '1 second' AS ts
                      FROM generate_series(1, %(na)s) i) g
            """,
        ),
        (
            "assessment sources",
            """
            INSERT INTO stakeholders_assessment_sources (assessment_id, informationsource_id)
            SELECT a.id, s.id FROM stakeholders_assessment a
              JOIN stakeholders_informationsource s ON s."order" = mod(a.id, 11)
            """,
        ),
        (
            "stakeholders",
            f"""
            INSERT INTO stakeholders_stakeholder
                   (id, created_at, updated_at, version, kind, name, short_name, external_id, sector, level,
                    jurisdiction_id, parent_id, mandate, description, website, email, phone, languages,
                    current_internal_assessment_id, current_restricted_assessment_id,
                    current_confidential_assessment_id, confidentiality)
            SELECT i, ts, ts, 1, kind, name, '', '', sector, level,
                   CASE level WHEN 'national' THEN 1000000
                              WHEN 'regional' THEN 1000000 + 1 + floor(random() * {REGIONS})::int
                              ELSE 1000100 + 1 + floor(random() * {REGIONS * LOCALITIES_PER_REGION})::int END,
                   CASE WHEN kind = 'person' OR (level <> 'national' AND random() < 0.5)
                        THEN 1 + floor(random() * least(i - 1, %(nn)s))::int END,
                   CASE WHEN kind = 'organisation' AND random() < 0.4
                        THEN 'Responsible for ' || {topic} || ' and public order in ' || {place} ELSE '' END,
                   CASE WHEN random() < 0.5 THEN {sentence} ELSE '' END,
                   '',
                   CASE WHEN kind = 'person' THEN 'person' || i || '@example.org' ELSE '' END,
                   '', CASE WHEN kind = 'person' THEN 'English, French' ELSE '' END,
                   cur_i.id, cur_r.id, cur.id,
                   CASE WHEN random() < 0.97 THEN 'internal' WHEN random() < 0.66 THEN 'restricted'
                        ELSE 'confidential' END
              FROM (SELECT i, timestamptz '2026-01-01' + i * interval '1 second' AS ts,
                           CASE WHEN mod(i, 5) < 3 OR i <= %(nn)s THEN 'organisation' ELSE 'person' END AS kind,
                           sector, level,
                           CASE WHEN mod(i, 5) < 3 OR i <= %(nn)s
                                THEN (%(org_names)s::text[])[s] || ' ' || {place} || ' ' || i
                                ELSE {_pick("first", len(FIRST_NAMES))} || ' '
                                     || CASE WHEN mod(i, 9973) = 0 OR i = %(nn)s + 2 THEN %(rare)s
                                             ELSE {_pick("last", len(LAST_NAMES))} END END
                           || CASE WHEN (mod(i, 9973) = 0 OR i = %(nn)s + 1) AND (mod(i, 5) < 3 OR i <= %(nn)s)
                                   THEN ' ' || %(rare)s ELSE '' END
                           AS name
                      FROM (SELECT i, 1 + floor(random() * 15)::int AS s,
                                   CASE WHEN i <= %(nn)s THEN 'national'
                                        WHEN random() < 0.5 THEN 'regional' ELSE 'local' END AS level
                              FROM generate_series(1, %(ns)s) i) raw
                      CROSS JOIN LATERAL (SELECT (%(sectors)s::text[])[raw.s] AS sector) sec) g
              LEFT JOIN (SELECT DISTINCT ON (stakeholder_id) stakeholder_id, id FROM stakeholders_assessment
                          ORDER BY stakeholder_id, assessed_on DESC, id DESC) cur ON cur.stakeholder_id = g.i
              LEFT JOIN (SELECT DISTINCT ON (stakeholder_id) stakeholder_id, id FROM stakeholders_assessment
                          WHERE confidentiality IN ('internal', 'restricted')
                          ORDER BY stakeholder_id, assessed_on DESC, id DESC) cur_r ON cur_r.stakeholder_id = g.i
              LEFT JOIN (SELECT DISTINCT ON (stakeholder_id) stakeholder_id, id FROM stakeholders_assessment
                          WHERE confidentiality = 'internal'
                          ORDER BY stakeholder_id, assessed_on DESC, id DESC) cur_i ON cur_i.stakeholder_id = g.i
            """,
        ),
        (
            "stakeholder vocabularies",
            """
            INSERT INTO stakeholders_stakeholder_vulnerable_groups (stakeholder_id, vulnerablegroup_id)
            SELECT s.id, v.id FROM stakeholders_stakeholder s
              JOIN stakeholders_vulnerablegroup v ON v."order" = mod(s.id, 8)
             WHERE mod(s.id, 10) = 0;
            INSERT INTO stakeholders_stakeholder_mandate_areas (stakeholder_id, mandatearea_id)
            SELECT s.id, m.id FROM stakeholders_stakeholder s
              JOIN stakeholders_mandatearea m ON m."order" = mod(s.id, 3)
             WHERE mod(s.id, 7) = 0 AND s.kind = 'organisation'
            """,
        ),
        (
            "engagements",
            f"""
            INSERT INTO stakeholders_engagement
                   (id, created_at, updated_at, version, occurred_on, kind, title, jurisdiction_id, topics,
                    summary, outcome, follow_ups, follow_up_due_on, confidentiality)
            SELECT i, ts, ts, 1, day, kind,
                   initcap(replace(kind, '_', ' ')) || ' on ' || {topic} || ' in ' || {place}
                       || CASE WHEN mod(i, 99991) = 0 OR i = 7 THEN ' with ' || %(rare)s ELSE '' END,
                   CASE WHEN random() < 0.3 THEN 1000000
                        ELSE 1000100 + 1 + floor(random() * {REGIONS * LOCALITIES_PER_REGION})::int END,
                   {topic} || ', ' || {topic}, {sentence}, CASE WHEN random() < 0.5 THEN {sentence} ELSE '' END,
                   CASE WHEN random() < 0.3 THEN 'Send the minutes and ' || {topic} || ' figures' ELSE '' END,
                   CASE WHEN random() < 0.3 THEN day + 30 END,
                   CASE WHEN random() < 0.97 THEN 'internal' WHEN random() < 0.66 THEN 'restricted'
                        ELSE 'confidential' END
              FROM (SELECT i, date '2016-01-01' + floor(random() * 3650)::int AS day,
                           timestamptz '2026-01-01' + i * interval '1 second' AS ts,
                           {_pick("ekinds", len(ENGAGEMENT_KINDS))} AS kind
                      FROM generate_series(1, %(ne)s) i) g
            """,
        ),
        (
            "engagement links",
            f"""
            INSERT INTO stakeholders_engagement_stakeholders (engagement_id, stakeholder_id)
            SELECT e, 1 + floor(random() * %(ns)s)::int
              FROM generate_series(1, %(ne)s) e, generate_series(1, 1 + mod(e, 3)) k
            ON CONFLICT DO NOTHING;
            INSERT INTO stakeholders_engagement_company_participants (engagement_id, user_id)
            SELECT e, (%(authors)s::int[])[1 + mod(e, {n_authors})]
              FROM generate_series(1, %(ne)s) e WHERE mod(e, 3) = 0
            """,
        ),
        (
            "engagement practices",
            f"""
            INSERT INTO stakeholders_engagement_practices (engagement_id, practice_id)
            SELECT e, (%(practices)s::bigint[])[1 + mod(e, {n_practices})]
              FROM generate_series(1, %(ne)s) e WHERE mod(e, 10) = 0
            """
            if practice_ids
            else "SELECT 1",
        ),
        (
            "positions and tenures",
            """
            INSERT INTO stakeholders_position (id, created_at, updated_at, version, organisation_id, title, is_key,
                                               description)
            SELECT i, now(), now(), 1, 1 + mod(i * 7919, %(nn)s),
                   (ARRAY['Commander', 'Director', 'Governor', 'Prosecutor', 'Chair'])[1 + mod(i, 5)] || ' ' || i,
                   random() < 0.3, ''
              FROM generate_series(1, %(np)s) i;
            INSERT INTO stakeholders_tenure (created_at, updated_at, version, position_id, holder_id, started_on,
                                             ended_on, notes)
            SELECT now(), now(), 1, p, holder, start, CASE WHEN k = 1 THEN start + 700 END, ''
              FROM (SELECT p, k, date '2018-01-01' + (k - 1) * 800 + floor(random() * 90)::int AS start,
                           %(nn)s + 5 * floor(random() * ((%(ns)s - %(nn)s) / 5))::int AS person
                      FROM generate_series(1, %(np)s) p, generate_series(1, 2) k
                     WHERE k = 1 OR mod(p, 4) <> 0) t
             CROSS JOIN LATERAL (SELECT person + 4 - mod(person, 5) AS holder) h
             WHERE holder <= %(ns)s AND holder > %(nn)s
            """,
        ),
        (
            "relationships",
            """
            INSERT INTO stakeholders_relationship (created_at, updated_at, version, source_id, target_id, kind, notes,
                                                   confidentiality)
            SELECT now(), now(), 1, a, b, kind, '', 'internal'
              FROM (SELECT 1 + floor(random() * %(ns)s)::int AS a, 1 + floor(random() * %(ns)s)::int AS b,
                           (%(rkinds)s::text[])[1 + floor(random() * 5)::int] AS kind
                      FROM generate_series(1, %(nr)s)) r
             WHERE a <> b
            ON CONFLICT DO NOTHING
            """,
        ),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        indexes, foreign_keys = _drop_secondary_indexes_and_foreign_keys(cursor)
        for label, sql in steps:
            started = time.monotonic()
            cursor.execute(sql, params)
            log(f"  {label}: {time.monotonic() - started:.1f}s")
        started = time.monotonic()
        for definition in indexes:
            cursor.execute(definition)
        log(f"  {len(indexes)} indexes rebuilt: {time.monotonic() - started:.1f}s")
        started = time.monotonic()
        for table, name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        log(f"  {len(foreign_keys)} foreign keys checked: {time.monotonic() - started:.1f}s")
        for table in (
            "shrhub_jurisdiction",
            "stakeholders_mappinground",
            "stakeholders_assessment",
            "stakeholders_stakeholder",
            "stakeholders_engagement",
            "stakeholders_position",
        ):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    return sizes
