"""Demo data for the registry: a fictional host country, mapped twice, with its people, offices and contacts.

Every name is invented (countries, places, organisations, people); e-mail addresses and web sites use the
reserved ``.example`` domain and telephone numbers the unassigned ``+999`` code.

One "country" holds about 200 stakeholders: national institutions (ministries, police and military
commands, the human-rights institution, a parliamentary committee, the judiciary, embassies, an
international body, civil society, media, academia, companies), four regions with their authorities,
commands and ministry directorates (devolution chains ministry → regional directorate → local office), and
two or three localities per region with local government, police, community authorities and civil society.
Key offices have a tenure history with turnover and a few vacancies; two mapping rounds a year apart assess
most stakeholders (stances move between rounds, sources lean on the security function on purpose so the bias
warnings have something to show); relationships run along and across the chains; engagements spread over
the last two years.

``--scale N`` builds N countries. Everything is inserted with ``bulk_create`` in batches, a few countries at
a time, together with the audit trail (one "created" history row per record, with its many-to-many values),
so N=100 takes minutes, not hours. The same ``rng`` state gives the same data.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.text import slugify

from practices.models import Practice
from practices.selectors import round_questions
from shrhub import clock
from shrhub.models import Confidentiality, Jurisdiction, JurisdictionLevel
from shrhub.services import bulk_create_audited

from .choices import (
    Confidence,
    EngagementKind,
    RelationshipKind,
    RoundStatus,
    Sector,
    StakeholderKind,
    Stance,
)
from .models import (
    Assessment,
    Engagement,
    InformationSource,
    MandateArea,
    MappingAnswer,
    MappingRound,
    Position,
    Relationship,
    Stakeholder,
    Tenure,
    VulnerableGroup,
    current_assessment_pointers,
)

CHANGE_REASON = "Demo data (seed_demo)"
BATCH_SIZE = 500
COUNTRIES_PER_CHUNK = 5
ENGAGEMENTS_PER_COUNTRY = 300

NATIONAL, REGIONAL, LOCAL = JurisdictionLevel.NATIONAL, JurisdictionLevel.REGIONAL, JurisdictionLevel.LOCAL
DAY = datetime.timedelta(days=1)

# Invented names --------------------------------------------------------------------------------------------

COUNTRIES = [
    ("Varantia", "Varantian", "Republic of Varantia"),
    ("Ostrevia", "Ostrevian", "Federal Republic of Ostrevia"),
    ("Calimora", "Calimoran", "Republic of Calimora"),
    ("Dravenmark", "Dravenish", "United Provinces of Dravenmark"),
    ("Sorvania", "Sorvanian", "Democratic Republic of Sorvania"),
    ("Tolvaria", "Tolvarian", "Republic of Tolvaria"),
    ("Quessany", "Quessanian", "State of Quessany"),
    ("Eskarin", "Eskarine", "Commonwealth of Eskarin"),
]
FOREIGN_STATES = [
    "Kingdom of Norvald",
    "Commonwealth of Astervale",
    "Republic of Lindmoor",
    "Grand Duchy of Bellacourt",
    "Federation of Marrowind",
]
INTERNATIONAL_BODIES = [
    "Concord of Nations Human Rights Field Office",
    "Inter-Continental Development Mission",
    "League of Free Nations Rule-of-Law Programme",
]
REGION_SUFFIXES = ["Province", "Highlands", "Basin", "Coast", "Valley", "Plateau"]
PLACE_HEADS = [
    "Vel", "Dor", "Kess", "Amb", "Orv", "Tyr", "Sal", "Brav", "Quor", "Ilm", "Zen", "Cal", "Fen", "Gor",
    "Hal", "Jor", "Lur", "Nev", "Pell", "Rask", "Sev", "Tov", "Ust", "Wen", "Yar", "Mor", "Kal", "Dun",
    "Err", "Thal",
]  # fmt: skip
PLACE_MIDDLES = ["", "", "", "", "ar", "en", "il", "or", "um", "ess", "av", "ith", "on", "el", "ur"]
PLACE_TAILS = [
    "anta", "mora", "ecor", "ivel", "oss", "umbra", "aden", "irra", "ost", "elle", "avo", "und", "eth",
    "isca", "orin", "ask", "ova", "ent", "ara", "uin",
]  # fmt: skip
FIRST_NAMES = [
    "Ilvar", "Maren", "Tessaly", "Corvin", "Oriel", "Danek", "Liora", "Bastin", "Selka", "Odran", "Veyla",
    "Kasimir", "Nerys", "Teodor", "Ysolde", "Jarek", "Mirela", "Arno", "Zofra", "Emeric", "Halina", "Ruvik",
    "Sabeth", "Tomas", "Anouk", "Pavlo", "Idris", "Lenka", "Mateo", "Oona", "Radek", "Sunniva", "Viggo",
    "Elska", "Fennick", "Giula", "Hadrien", "Irena", "Joachim", "Kaija", "Lior", "Marit", "Nikolai", "Ottilie",
    "Perrin", "Quilla", "Rosalind", "Stellan", "Talia", "Ulric", "Vesna", "Wilhelmina", "Xavi", "Yelena",
    "Zdenko", "Amaya", "Bruno", "Cressida", "Dimitri", "Esme",
]  # fmt: skip
SURNAME_HEADS = [
    "Dra", "Ost", "Kal", "Ves", "Amb", "Tir", "Quil", "Mor", "Brel", "Cor", "Dun", "Fal", "Gar", "Hess", "Jan",
    "Lom", "Nar", "Pell", "Rov", "Sar", "Tam", "Ulv", "Var", "Wes", "Zel",
]  # fmt: skip
SURNAME_TAILS = [
    "vik", "rel", "umbe", "sary", "oral", "renko", "lane", "avek", "ovic", "adu", "enne", "isto", "maro",
    "ukas", "eski", "onde", "iver", "assa", "ett", "ubin",
]  # fmt: skip
CONFIDENTIALITY = [Confidentiality.INTERNAL, Confidentiality.RESTRICTED, Confidentiality.CONFIDENTIAL]
EXTRA_LANGUAGES = ["English", "French", "Osk", "Tallumi", "Sorrin", "Portuguese"]

# Judgements ------------------------------------------------------------------------------------------------

STANCE_ORDER = [Stance.CHAMPION, Stance.SUPPORTER, Stance.NEUTRAL, Stance.SCEPTIC, Stance.SPOILER, Stance.UNKNOWN]
DISPOSITIONS = {  # weights over STANCE_ORDER
    "reformer": (4, 4, 2, 1, 0, 1),
    "mixed": (1, 3, 3, 2, 1, 1),
    "hardline": (0, 1, 2, 4, 3, 1),
    "watchdog": (5, 3, 1, 1, 0, 0),
    "wary": (1, 2, 3, 3, 1, 2),
    "unknown": (0, 1, 2, 1, 0, 4),
}
SECURITY_SOURCE = "security"
OTHER_SOURCES = [
    "community-relations",
    "government-affairs",
    "environment",
    "legal",
    "home-state-embassy",
    "other-companies",
    "host-government-contacts",
    "local-experts",
    "print-online-review",
    "focus-groups",
]
ECONOMIC_AGENDAS = {
    "state": [
        "Wants mining revenue and royalties to reach the national budget on time.",
        "Seeks foreign investment and jobs in the extractive sector.",
        "Competes for budget with other ministries; security spending is a priority.",
        "Interested in infrastructure (roads, power) financed alongside the mine.",
    ],
    "security": [
        "Relies on allowances and logistics support from companies for deployments.",
        "Budget pressure: vehicles and fuel are short in remote postings.",
        "Seeks paid protection contracts for installations.",
    ],
    "local": [
        "Local hiring quotas and procurement from local suppliers.",
        "Land compensation and access to water for farming.",
        "Artisanal mining income for young people.",
        "Revenue sharing with the district from royalties.",
    ],
    "civil": [
        "Funding for community programmes; independent of company money.",
        "Fair compensation for resettled households.",
    ],
    "business": [
        "Secure, predictable operating environment and licences.",
        "Shared logistics and security costs with neighbouring operators.",
    ],
}
SOCIAL_AGENDAS = {
    "state": [
        "Stability before the next elections.",
        "Show that the state is present in remote regions.",
        "Reform of the security sector is on the agenda but contested.",
    ],
    "security": [
        "Public order around mine sites; preventing road blockades.",
        "Reputation of the force after past complaints of excessive force.",
        "Human-rights training is accepted when it comes with equipment.",
    ],
    "local": [
        "Respect for customary land and sacred sites.",
        "Safety of women on roads to the mine and markets.",
        "Youth unemployment and tension with newcomers.",
    ],
    "civil": [
        "Accountability for abuses by public security forces.",
        "Participation of vulnerable groups in decisions that affect them.",
        "Access to grievance mechanisms and remedy.",
    ],
    "business": [
        "Avoid being associated with abuses by public security.",
        "Good relations with host communities.",
    ],
}
AGENDA_FAMILY = {
    Sector.MINISTRY: "state",
    Sector.REGIONAL_AUTHORITY: "state",
    Sector.LOCAL_GOVERNMENT: "local",
    Sector.POLICE: "security",
    Sector.MILITARY: "security",
    Sector.JUDICIARY: "state",
    Sector.NHRI: "civil",
    Sector.PARLIAMENT: "state",
    Sector.CIVIL_SOCIETY: "civil",
    Sector.COMMUNITY_AUTHORITY: "local",
    Sector.COMPANY: "business",
    Sector.EMBASSY: "business",
    Sector.ACADEMIA: "civil",
    Sector.MEDIA: "civil",
    Sector.INTERNATIONAL_BODY: "civil",
}
ASSESSMENT_NOTES = [
    "",
    "",
    "",
    "Changed position after the road-blockade incident.",
    "Views differ within the institution; the deputy is more open.",
    "Only met once; judgement to be confirmed.",
    "Publicly supportive, privately sceptical about community monitoring.",
]

# Engagements -----------------------------------------------------------------------------------------------

TOPICS = [
    "checkpoints on the mine road",
    "use of force",
    "community grievances",
    "land access",
    "artisanal mining",
    "Voluntary Principles awareness",
    "human-rights training for police",
    "joint patrols",
    "private security licensing",
    "incident reporting",
    "safety of women",
    "youth employment",
    "protest management",
    "security working group",
    "resettlement",
    "detention of suspects",
    "transfer of equipment",
]
KINDS_BY_FAMILY = {  # repeated entries weigh the draw
    "state": [
        *[EngagementKind.MEETING] * 4,
        EngagementKind.CORRESPONDENCE,
        EngagementKind.CORRESPONDENCE,
        EngagementKind.WORKSHOP,
    ],
    "security": [
        *[EngagementKind.MEETING] * 3,
        EngagementKind.INFORMAL_DISCUSSION,
        EngagementKind.INFORMAL_DISCUSSION,
        EngagementKind.WORKSHOP,
        EngagementKind.NEGOTIATION,
    ],
    "local": [
        EngagementKind.TOWN_HALL,
        EngagementKind.MEETING,
        EngagementKind.INFORMAL_DISCUSSION,
        EngagementKind.PUBLIC_HEARING,
        EngagementKind.FOCUS_GROUP,
    ],
    "civil": [
        EngagementKind.ROUNDTABLE,
        EngagementKind.FOCUS_GROUP,
        EngagementKind.MEETING,
        EngagementKind.INFORMAL_DISCUSSION,
        EngagementKind.WORKSHOP,
    ],
    "business": [EngagementKind.MEETING, EngagementKind.ROUNDTABLE, EngagementKind.NEGOTIATION],
}
OUTCOMES = [
    "Agreed to meet again next quarter.",
    "Shared the company's security and human-rights policy; questions answered.",
    "Concerns noted; no commitment made.",
    "Agreed a joint procedure for reporting incidents.",
    "Invited to join the local security working group.",
    "Tense exchange; the counterpart disputed the facts.",
    "Agreed to co-host a human-rights training session.",
]
FOLLOW_UPS = [
    "Send minutes and the draft memorandum of understanding.",
    "Share the incident log for the last quarter.",
    "Arrange a site visit for the regional commander.",
    "Propose dates for the training session.",
    "Reply in writing to the grievance raised.",
    "Introduce the new station commander to the working group.",
]
ANSWERS = {
    1: "National actors with a clear role: the {ministries}, the national police and armed forces, the "
    "national human-rights commission, the parliamentary security committee and the courts.",
    2: "Economic agendas centre on royalties, jobs and procurement; social agendas on stability, land and "
    "the reputation of the security forces after past complaints.",
    3: "Decisive influence sits with the Minister of the Interior, the Inspector-General of Police and the "
    "regional governors; at local level with traditional authorities.",
    4: "Likely champions: the human-rights commission, some regional directors and civil-society networks; "
    "possible spoilers in parts of the armed forces.",
    5: "Women's associations, indigenous land committees and youth forums in the mining districts.",
    6: "Constitution, Police Act, Private Security Act and the mining code; formal roles for the interior and "
    "justice ministries, the courts and the human-rights commission.",
}


# The template country ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One organisation of the template country.

    ``name`` is formatted with ``adj``, ``country``, ``place`` (the region or locality), ``brigade``,
    ``state0``/``state1`` and ``body``; a tuple of names or of dispositions is a random choice. ``parent``
    names another spec's role (a trailing ``@`` means the one in the same region) and is taken with
    ``parent_chance``. ``when`` is ``"even"``/``"odd"`` (by region or locality number) or a probability.
    ``key`` is the title of the key office at its head, ``office`` a non-key office.
    """

    role: str
    name: str | tuple[str, ...]
    sector: str
    disposition: str | tuple[str, ...] = "mixed"
    influence: tuple[int, int] = (2, 4)
    interest: tuple[int, int] = (2, 4)
    parent: str = ""
    parent_chance: float = 1.0
    short: str = ""
    mandate: str = ""
    areas: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    key: str = ""
    office: str = ""
    when: str | float = 1.0
    website: bool = False
    description: str = ""


# fmt: off
S = Sector
NATIONAL_ORGS = [
    Spec("moi", "{adj} Ministry of the Interior", S.MINISTRY, "mixed", (4, 5), (3, 5), short="MOI",
         mandate="Public order and internal security; oversees the national police and licenses private security "
         "companies.", areas=("licensing-private-security",), key="Minister of the Interior",
         office="Human Rights Focal Point", website=True),
    Spec("mod", "{adj} Ministry of Defence", S.MINISTRY, "hardline", (4, 5), (2, 4), short="MOD",
         mandate="Defence of the territory; authorises deployments of the armed forces in support of the police.",
         key="Minister of Defence", website=True),
    Spec("mines", "{adj} Ministry of Mines and Energy", S.MINISTRY, "mixed", (4, 5), (1, 3), short="MME",
         mandate="Mining titles, royalties and the mining code.", key="Minister of Mines and Energy", website=True),
    Spec("justice", "{adj} Ministry of Justice", S.MINISTRY, "reformer", (3, 4), (3, 5), short="MOJ",
         mandate="Justice policy, prisons and legal aid; follows up human-rights complaints.",
         areas=("judicial-accountability",), key="Minister of Justice", website=True),
    Spec("trade", "{adj} Ministry of Trade and Investment", S.MINISTRY, "reformer", (3, 5), (1, 3), short="MTI",
         mandate="Investment agreements and the investment promotion agency.",
         key="Minister of Trade and Investment", website=True),
    Spec("psra", "{adj} Private Security Regulatory Authority", S.MINISTRY, "unknown", (2, 4), (3, 4),
         parent="moi", short="PSRA", areas=("licensing-private-security",), key="Director-General",
         mandate="Licenses and inspects private security providers; keeps the register of licensed guards."),
    Spec("police", "{adj} National Police Service Headquarters", S.POLICE, "mixed", (4, 5), (3, 5), parent="moi",
         short="NPS", mandate="Law enforcement and public order throughout the country.",
         key="Inspector-General of Police", website=True),
    Spec("army", "{adj} Armed Forces General Command", S.MILITARY, "hardline", (4, 5), (2, 4), parent="mod",
         short="AFGC", mandate="Command of the armed forces, including internal deployments under a state of alert.",
         key="Chief of Defence Staff"),
    Spec("nhri", "{adj} Commission on Human Rights", S.NHRI, "watchdog", (3, 4), (5, 5), short="CHR",
         mandate="Independent national human-rights institution: investigates complaints, monitors places of "
         "detention and the conduct of public security forces.", areas=("monitoring-public-security",),
         key="Chairperson", website=True),
    Spec("parliament", "{adj} Parliamentary Committee on Defence and Internal Security", S.PARLIAMENT, "mixed",
         (3, 4), (3, 4), mandate="Oversight of the security budget and of the defence and police laws.",
         areas=("monitoring-public-security",), key="Committee Chair"),
    Spec("court", "Supreme Court of {country}", S.JUDICIARY, "mixed", (3, 5), (2, 4),
         mandate="Highest court; hears appeals, including cases against members of the security forces.",
         areas=("judicial-accountability",), key="Chief Justice"),
    Spec("prosecutor", "{adj} Office of the Prosecutor-General", S.JUDICIARY, "wary", (3, 5), (2, 4), short="OPG",
         mandate="Prosecutes crimes, including abuses by public and private security personnel.",
         areas=("judicial-accountability",), key="Prosecutor-General"),
    Spec("embassy0", "Embassy of the {state0} in {country}", S.EMBASSY, "reformer", (2, 4), (3, 5),
         description="Home-state embassy; member of the Voluntary Principles government pillar."),
    Spec("embassy1", "Embassy of the {state1} in {country}", S.EMBASSY, "reformer", (2, 4), (3, 5),
         description="Embassy of a Voluntary Principles government; funds police training."),
    Spec("intl", "{body} ({country})", S.INTERNATIONAL_BODY, "watchdog", (2, 3), (4, 5),
         mandate="Supports security-sector reform and the human-rights commission.", office="Head of Office"),
    Spec("observatory", "{adj} Civic Observatory on Security and Rights", S.CIVIL_SOCIETY, "watchdog", (2, 3),
         (5, 5), description="Documents incidents involving security forces and publishes an annual report.",
         office="Executive Director"),
    Spec("women-network", "Network of {adj} Women Lawyers", S.CIVIL_SOCIETY, "reformer", (2, 3), (4, 5),
         groups=("women",), office="President"),
    Spec("indigenous-federation", "Federation of Indigenous Peoples of {country}", S.CIVIL_SOCIETY, "wary", (2, 4),
         (4, 5), groups=("indigenous-peoples",)),
    Spec("courier", "The {country} Courier", S.MEDIA, "unknown", (2, 4), (2, 4)),
    Spec("university", "University of {country}, Centre for Security Studies", S.ACADEMIA, "reformer", (1, 3),
         (3, 5)),
    Spec("chamber", "{adj} Chamber of Mines", S.COMPANY, "mixed"),
    Spec("peer", "Ironfield Extractives {country} Ltd", S.COMPANY, "reformer", office="Head of Security"),
    Spec("guards", "Shieldline Security Services {country}", S.COMPANY, "unknown"),
]
REGIONAL_ORGS = [
    Spec("authority", "{place} Regional Authority", S.REGIONAL_AUTHORITY, ("reformer", "mixed", "mixed", "wary"),
         (3, 4), mandate="Regional government; chairs the regional security council.", key="Regional Governor"),
    Spec("police", "{place} Regional Police Command", S.POLICE, ("mixed", "mixed", "hardline", "reformer"), (3, 5),
         (3, 5), parent="police", mandate="Policing and public order in the region, including around mine sites.",
         key="Regional Police Commander", office="Human Rights Desk Officer"),
    Spec("brigade", "{brigade} ({place}) Infantry Brigade", S.MILITARY, ("hardline", "hardline", "mixed"), (3, 5),
         parent="army", mandate="Military support to the police when a state of alert is declared.",
         key="Brigade Commander"),
    Spec("mines", "Regional Directorate of Mines, {place}", S.MINISTRY, "mixed", (2, 4), (1, 3), parent="mines",
         mandate="Issues exploration permits and inspects mine sites in the region.",
         key="Regional Director of Mines"),
    Spec("interior", "Regional Directorate of the Interior, {place}", S.MINISTRY, ("mixed", "unknown"),
         parent="moi", mandate="Civil registry and liaison with the regional police command.",
         key="Regional Director of the Interior"),
    Spec("trade", "Trade and Investment Office, {place}", S.MINISTRY, "reformer", (2, 3), (1, 2), parent="trade",
         when="even"),
    Spec("court", "High Court of {place}", S.JUDICIARY, "mixed", (3, 4), (2, 3), parent="court",
         mandate="Tries serious crimes in the region and hears complaints against officials.",
         areas=("judicial-accountability",), key="Presiding Judge"),
    Spec("nhri", "{place} Office of the Commission on Human Rights", S.NHRI, "watchdog", (2, 3), (5, 5),
         parent="nhri", mandate="Receives complaints and monitors police custody in the region.",
         areas=("monitoring-public-security",), key="Regional Commissioner", when="odd"),
    Spec("platform", "{place} Civil Society Platform", S.CIVIL_SOCIETY, ("watchdog", "reformer", "wary"), (2, 3),
         (4, 5), groups=("ethnic-minorities",)),
    Spec("radio", "Radio {place} FM", S.MEDIA, "unknown", (2, 3), (2, 3), when=0.6),
]
LOCAL_ORGS = [
    Spec("council", "{place} District Council", S.LOCAL_GOVERNMENT, ("reformer", "mixed", "wary"),
         parent="authority@", mandate="Local government; issues permits for public gatherings.",
         key="District Commissioner"),
    Spec("station", "{place} Police Station", S.POLICE, ("mixed", "hardline", "reformer", "mixed"),
         parent="police@", key="Station Commander"),
    Spec("mines", "District Mines Office, {place}", S.MINISTRY, "mixed", (2, 3), (1, 3), parent="mines@",
         when="even"),
    Spec("post", "{place} Forward Operating Base", S.MILITARY, "hardline", (2, 4), (1, 3), parent="brigade@",
         when=0.35),
    Spec("elders", ("{place} Council of Elders", "Traditional Authority of {place}"), S.COMMUNITY_AUTHORITY,
         ("wary", "mixed", "reformer"), (3, 5), (3, 5), key="Paramount Chief"),
    Spec("quarry", "{place} Artisanal Miners' Cooperative", S.COMPANY, "wary", (1, 3), (1, 3), when=0.4),
    Spec("radio", "{place} Community Radio", S.MEDIA, "unknown", (1, 3), (2, 3), when=0.3),
]
# Each locality has one or two of these.
LOCAL_CIVIL_SOCIETY = [
    Spec("women", "{place} Women's Association", S.CIVIL_SOCIETY, ("watchdog", "wary", "reformer"), (1, 3),
         (3, 5), groups=("women",), parent="women-network", parent_chance=0.5, office="Chairperson"),
    Spec("youth", "{place} Youth Forum", S.CIVIL_SOCIETY, ("wary", "unknown", "reformer"), (1, 3), (3, 5),
         groups=("youth",)),
    Spec("land", "{place} Indigenous Land Rights Committee", S.CIVIL_SOCIETY, ("watchdog", "wary"), (1, 3),
         (3, 5), groups=("indigenous-peoples",), parent="indigenous-federation", parent_chance=0.5,
         office="Chairperson"),
    Spec("migrants", "{place} Migrant Workers' Welfare Group", S.CIVIL_SOCIETY, ("wary", "unknown"), (1, 3),
         (3, 5), groups=("migrant-workers",)),
    Spec("monitors", "{place} Community Safety Committee", S.CIVIL_SOCIETY, ("watchdog", "reformer"), (1, 3),
         (3, 5)),
]
del S
# fmt: on


# The plan of one country: unsaved model instances plus what the seeder needs to know about them -------------


@dataclass
class Org:
    obj: Stakeholder
    family: str
    disposition: str
    influence: tuple[int, int]
    interest: tuple[int, int]
    areas: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    region: int | None = None
    locality: int | None = None
    role: str = ""
    key_title: str = ""
    office_title: str = ""
    current_holders: list[Person] = field(default_factory=list)
    key_holder: Person | None = None


@dataclass
class Person:
    obj: Stakeholder
    track: str
    tenures: list[tuple[Org, str, datetime.date, datetime.date | None]] = field(default_factory=list)
    busy_until: datetime.date | None = None  # None while in office


@dataclass
class Country:
    name: str
    slug: str
    jurisdictions: dict[str, list[Jurisdiction]] = field(
        default_factory=lambda: {NATIONAL: [], REGIONAL: [], LOCAL: []}
    )
    orgs: list[Org] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    by_role: dict[str, Org] = field(default_factory=dict)
    positions: list[tuple[Position, bool]] = field(default_factory=list)  # (position, is vacant)
    tenures: list[Tenure] = field(default_factory=list)
    rounds: list[MappingRound] = field(default_factory=list)
    answers: list[MappingAnswer] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    engagements: list[Engagement] = field(default_factory=list)

    @property
    def stakeholders(self) -> list[Stakeholder]:
        return [org.obj for org in self.orgs] + [person.obj for person in self.persons]


@dataclass
class Context:
    rng: random.Random
    today: datetime.date
    vulnerable: dict[str, int]
    sources: dict[str, int]
    areas: dict[str, int]
    questions: list[tuple[int, int]]  # (id, number)
    practices: list[int]
    mapping_practices: list[int]
    users: list[int]
    tagging_rng: random.Random
    used_names: set[str] = field(default_factory=set)  # invented or found in the database


def seed_registry(*, scale: int, rng: random.Random, stdout, today: datetime.date | None = None) -> dict[str, int]:
    """Add ``scale`` fictional countries to the registry and return how many rows of each kind were made.

    Catalogue rows are used when present: mapping rounds answer the questions asked in rounds, and some
    rounds and engagements are tagged with practices. Existing users become authors and company
    participants (chosen by position, not at random, so the data does not depend on them).
    """
    ctx = Context(
        rng=rng,
        today=today or clock.today(),
        vulnerable=dict(VulnerableGroup.objects.values_list("code", "id")),
        sources=dict(InformationSource.objects.values_list("code", "id")),
        areas=dict(MandateArea.objects.values_list("code", "id")),
        questions=_mapping_questions(),
        practices=[],
        mapping_practices=[],
        users=list(get_user_model().objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:8]),
        # Drawn whatever the catalogue holds, so the rest of the data does not depend on it.
        tagging_rng=random.Random(rng.getrandbits(64)),
    )
    ctx.practices, ctx.mapping_practices = _practices()
    # Names and codes already taken, so that seeding again adds new countries, places and people.
    for name, code, level in Jurisdiction.objects.values_list("name", "code", "level"):
        ctx.used_names.update((name, code))
        if level == REGIONAL:  # its organisations are named after the stem ("Ambaross" of "Ambaross Highlands")
            ctx.used_names.add(name.rsplit(" ", 1)[0])
    ctx.used_names.update(Stakeholder.objects.filter(kind=StakeholderKind.PERSON).values_list("name", flat=True))
    counts: dict[str, int] = dict.fromkeys(
        [
            "jurisdictions",
            "stakeholders",
            "organisations",
            "persons",
            "positions",
            "vacant key positions",
            "tenures",
            "mapping rounds",
            "mapping answers",
            "assessments",
            "relationships",
            "engagements",
        ],
        0,
    )
    next_index = 0
    for start in range(0, scale, COUNTRIES_PER_CHUNK):
        countries = []
        for _ in range(start, min(scale, start + COUNTRIES_PER_CHUNK)):
            while set(_country_identity(next_index)[2:]) & ctx.used_names:  # seeded before: take the next one
                next_index += 1
            countries.append(_plan_country(ctx, next_index))
            next_index += 1
        _insert(ctx, countries, counts)
        if scale > 1:
            stdout.write(f"  registry: {min(scale, start + COUNTRIES_PER_CHUNK)}/{scale} countries")
    return counts


def _mapping_questions() -> list[tuple[int, int]]:
    return [(question.pk, question.number) for question in round_questions()]


def _practices() -> tuple[list[int], list[int]]:
    """Practices of section 1.1 (engagement tags) and those of challenge 1.1.a (what a mapping round does)."""
    rows = list(
        Practice.objects.filter(withdrawn=False, challenge__ref__startswith="1.1")
        .order_by("key")
        .values_list("pk", "challenge__ref")
    )
    return [pk for pk, _ in rows], [pk for pk, ref in rows if ref == "1.1.a"][:3]


# Planning --------------------------------------------------------------------------------------------------


def _roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out


def _place_name(ctx: Context) -> str:
    """An invented place name not used before in this database."""
    rng = ctx.rng
    for _ in range(1000):
        name = rng.choice(PLACE_HEADS) + rng.choice(PLACE_MIDDLES) + rng.choice(PLACE_TAILS)
        if name not in ctx.used_names:
            ctx.used_names.add(name)
            return name
    raise RuntimeError("ran out of invented place names")


def _person_name(ctx: Context) -> str:
    rng = ctx.rng
    for _ in range(1000):
        surname = rng.choice(SURNAME_HEADS) + rng.choice(SURNAME_TAILS)
        if rng.random() < 0.3:
            surname = f"{surname}-{rng.choice(SURNAME_HEADS)}{rng.choice(SURNAME_TAILS)}"
        name = f"{rng.choice(FIRST_NAMES)} {surname}"
        if name not in ctx.used_names:
            ctx.used_names.add(name)
            return name
    raise RuntimeError("ran out of invented personal names")


def _between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _country_identity(index: int) -> tuple[str, str, str, str]:
    """Short name, adjective, official name and code of the ``index``-th country (a numeral from the ninth on)."""
    short, adjective, long_name = COUNTRIES[index % len(COUNTRIES)]
    if index >= len(COUNTRIES):
        suffix = _roman(index // len(COUNTRIES) + 1)
        short, adjective, long_name = f"{short} {suffix}", f"{adjective} {suffix}", f"{long_name} {suffix}"
    return short, adjective, long_name, slugify(short)


def _plan_country(ctx: Context, index: int) -> Country:
    rng = ctx.rng
    short, adjective, long_name, code = _country_identity(index)
    country = Country(name=short, slug=code)
    nation = Jurisdiction(name=long_name, code=code, level=NATIONAL)
    country.jurisdictions[NATIONAL].append(nation)
    ctx.used_names.update((long_name, code))
    languages = [adjective, *rng.sample(EXTRA_LANGUAGES, 2)]
    state0, state1 = rng.sample(FOREIGN_STATES, 2)
    fmt = {"adj": adjective, "country": short, "state0": state0, "state1": state1}
    fmt["body"] = rng.choice(INTERNATIONAL_BODIES)
    for spec in NATIONAL_ORGS:
        _add_org(ctx, country, spec, nation, role=spec.role, fmt=fmt)

    regions = 4
    brigades = rng.sample(range(1, 12), regions)
    locality_number = 0
    for region_number in range(regions):
        stem = _place_name(ctx)
        region = Jurisdiction(
            name=f"{stem} {rng.choice(REGION_SUFFIXES)}",
            code=f"{country.slug}-{slugify(stem)}",
            level=REGIONAL,
            parent=nation,
        )
        country.jurisdictions[REGIONAL].append(region)
        region_fmt = {**fmt, "place": stem, "brigade": _ordinal(brigades[region_number])}
        for spec in REGIONAL_ORGS:
            if _present(rng, spec.when, region_number):
                _add_org(
                    ctx,
                    country,
                    spec,
                    region,
                    role=f"{spec.role}@{region_number}",
                    fmt=region_fmt,
                    region=region_number,
                )
        for _ in range(rng.choice((2, 2, 2, 3))):
            town = _place_name(ctx)
            locality = Jurisdiction(name=town, code=f"{region.code}-{slugify(town)}", level=LOCAL, parent=region)
            country.jurisdictions[LOCAL].append(locality)
            local_fmt = {**fmt, "place": town}
            chosen = [s for s in LOCAL_ORGS if _present(rng, s.when, locality_number)]
            chosen += rng.sample(LOCAL_CIVIL_SOCIETY, rng.choice((1, 2, 2)))
            for spec in chosen:
                _add_org(
                    ctx,
                    country,
                    spec,
                    locality,
                    role=f"{spec.role}#{locality_number}",
                    fmt=local_fmt,
                    region=region_number,
                    locality=locality_number,
                )
            locality_number += 1

    _plan_offices(ctx, country, languages)
    _plan_rounds_and_assessments(ctx, country)
    _plan_relationships(ctx, country)
    _plan_engagements(ctx, country)
    return country


def _present(rng: random.Random, when: str | float, number: int) -> bool:
    if when == "even":
        return number % 2 == 0
    if when == "odd":
        return number % 2 == 1
    return when >= 1 or rng.random() < when


def _add_org(
    ctx: Context,
    c: Country,
    spec: Spec,
    jurisdiction: Jurisdiction,
    *,
    role: str,
    fmt: dict[str, str],
    region: int | None = None,
    locality: int | None = None,
) -> Org:
    rng = ctx.rng
    name = (rng.choice(spec.name) if isinstance(spec.name, tuple) else spec.name).format(**fmt)
    disposition = rng.choice(spec.disposition) if isinstance(spec.disposition, tuple) else spec.disposition
    parent = None
    if spec.parent and (spec.parent_chance >= 1 or rng.random() < spec.parent_chance):
        parent = c.by_role[f"{spec.parent}{region}" if spec.parent.endswith("@") else spec.parent]
    obj = Stakeholder(
        kind=StakeholderKind.ORGANISATION,
        name=name,
        short_name=spec.short,
        sector=spec.sector,
        level=jurisdiction.level,
        jurisdiction=jurisdiction,
        parent=parent.obj if parent else None,
        mandate=spec.mandate,
        description=spec.description,
        website=f"https://{(spec.short or spec.role).lower()}.{c.slug}.example" if spec.website else "",
    )
    org = Org(
        obj=obj,
        family=AGENDA_FAMILY[spec.sector],
        disposition=disposition,
        influence=spec.influence,
        interest=spec.interest,
        areas=list(spec.areas),
        groups=list(spec.groups),
        region=region,
        locality=locality,
        role=role,
        key_title=spec.key,
        office_title=spec.office,
    )
    c.orgs.append(org)
    c.by_role[role] = org
    return org


# Offices, holders and turnover -----------------------------------------------------------------------------

# Career tracks along which a former office holder may take another office; elsewhere people do not rotate.
TRACKS = {
    Sector.POLICE: "police",
    Sector.MILITARY: "military",
    Sector.MINISTRY: "civil-service",
    Sector.REGIONAL_AUTHORITY: "political",
    Sector.LOCAL_GOVERNMENT: "political",
    Sector.PARLIAMENT: "political",
    Sector.JUDICIARY: "legal",
    Sector.NHRI: "legal",
}


def _plan_offices(ctx: Context, c: Country, languages: list[str]) -> None:
    """Positions in the organisations, each with its holders over the last eight years, never overlapping.

    Officials sometimes rotate: a past holder may later take another office on the same career track.
    About one key office in twelve is vacant today, and always at least one per country.
    """
    rng, today = ctx.rng, ctx.today
    history_start = today - datetime.timedelta(days=8 * 365)
    free: dict[str, list[Person]] = {}
    key_offices = [(org, org.key_title) for org in c.orgs if org.key_title]
    vacant = {i for i in range(len(key_offices)) if rng.random() < 0.08}
    if not vacant:
        vacant.add(rng.randrange(len(key_offices)))
    offices = [(org, title, True, i in vacant) for i, (org, title) in enumerate(key_offices)]
    for org in c.orgs:
        if org.office_title:
            offices.append((org, org.office_title, False, rng.random() < 0.2))

    def holder_for(org: Org, start: datetime.date, end: datetime.date | None) -> Person:
        track = TRACKS.get(org.obj.sector, org.role)
        pool = [
            p
            for p in free.get(track, [])
            if p.busy_until is not None and p.busy_until < start and p.tenures[-1][0] is not org
        ]
        if pool and rng.random() < 0.8:
            person = rng.choice(pool)
            free[track].remove(person)
        else:
            person = Person(obj=Stakeholder(kind=StakeholderKind.PERSON, name=_person_name(ctx)), track=track)
            c.persons.append(person)
        return person

    for org, title, is_key, is_vacant in offices:
        position = Position(
            organisation=org.obj,
            title=title,
            is_key=is_key,
            description="Head of the organisation." if is_key else "",
        )
        holders = rng.choice((1, 1, 1, 2, 2, 3)) if is_key else rng.choice((1, 1, 1, 2))
        first_start = history_start + datetime.timedelta(days=rng.randint(0, 900))
        latest_handover = today - datetime.timedelta(days=120)
        span = (latest_handover - first_start).days
        handovers = sorted(rng.sample(range(200, span), holders - 1)) if holders > 1 else []
        starts = [first_start] + [first_start + datetime.timedelta(days=d) for d in handovers]
        # Hand-overs at least 60 days apart, so an interim gap still leaves a real tenure.
        starts = [s for i, s in enumerate(starts) if i == 0 or (s - starts[i - 1]).days >= 60]
        for i, start in enumerate(starts):
            if i + 1 < len(starts):
                end: datetime.date | None = starts[i + 1] - DAY
                if rng.random() < 0.25:  # the office stood empty for a while before the successor came
                    end -= datetime.timedelta(days=rng.randint(1, 45))
            elif is_vacant:
                end = _between(rng, start + datetime.timedelta(days=30), today - datetime.timedelta(days=10))
            else:
                end = None
            person = holder_for(org, start, end)
            person.tenures.append((org, title, start, end))
            person.busy_until = end
            if end is not None:
                free.setdefault(person.track, []).append(person)
            else:
                org.current_holders.append(person)
                if is_key:
                    org.key_holder = person
            c.tenures.append(
                Tenure(
                    position=position,
                    holder=person.obj,
                    started_on=start,
                    ended_on=end,
                    notes="Acting appointment." if rng.random() < 0.1 else "",
                )
            )
        c.positions.append((position, is_key and is_vacant))

    domain = f"{c.slug}.example"
    for person in c.persons:
        org, title, _start, end = max(person.tenures, key=lambda tenure: tenure[2])
        obj = person.obj
        obj.parent = org.obj
        obj.sector = org.obj.sector
        obj.level = org.obj.level
        obj.jurisdiction = org.obj.jurisdiction
        obj.description = f"{title}, {org.obj.name}" + (f" (until {end:%B %Y})." if end else ".")
        obj.confidentiality = rng.choices(CONFIDENTIALITY, weights=(82, 15, 3))[0]
        if rng.random() < 0.7:
            first, *rest = obj.name.lower().split()
            obj.email = f"{slugify(first)}.{slugify('-'.join(rest))}@{domain}"
            obj.phone = f"+999 {rng.randint(20, 89)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            obj.languages = ", ".join(languages[: rng.choice((1, 2, 3))])


# Mapping rounds and assessments -----------------------------------------------------------------------------


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _plan_rounds_and_assessments(ctx: Context, c: Country) -> None:
    """Two rounds a year apart over the country; the first closed (its review date passed), the second open.

    Each assesses most stakeholders; a few are re-assessed between rounds, some are never assessed, and
    a few round-two assessments are already past their review date.
    """
    rng, today = ctx.rng, ctx.today
    second_start = _month_start(today - datetime.timedelta(days=90))
    first_start = second_start.replace(year=second_start.year - 1)
    nation = c.jurisdictions[NATIONAL][0]
    lead = ctx.users[0] if ctx.users else None
    first = MappingRound(
        name=f"{c.name} stakeholder mapping {first_start.year}",
        jurisdiction=nation,
        started_on=first_start,
        review_due_on=first_start + datetime.timedelta(days=365),
        status=RoundStatus.CLOSED,
        lead_id=lead,
        scope="Host-government actors at national, regional and local level, plus civil society, media and "
        "companies around the mine sites. Demo data: a fictional country.",
    )
    second = MappingRound(
        name=f"{c.name} stakeholder mapping {second_start.year}",
        jurisdiction=nation,
        started_on=second_start,
        review_due_on=second_start + datetime.timedelta(days=365),
        status=RoundStatus.OPEN,
        lead_id=lead,
        scope="Repeat of last year's mapping, with more local actors and vulnerable-group representatives. "
        "Demo data: a fictional country.",
    )
    c.rounds = [first, second]
    first.seed_practices = list(ctx.mapping_practices)
    second.seed_practices = list(ctx.mapping_practices)
    ministries = ", ".join(
        org.obj.name for org in c.orgs if org.obj.sector == Sector.MINISTRY and org.obj.level == NATIONAL
    )
    for mapping_round in c.rounds:
        for question_id, number in ctx.questions:
            text = ANSWERS.get(number, "To be completed by the mapping team.").format(ministries=ministries)
            c.answers.append(MappingAnswer(mapping_round=mapping_round, question_id=question_id, answer=text))

    first_end = first_start + datetime.timedelta(days=75)
    second_end = min(today, second_start + datetime.timedelta(days=80))
    orgs_by_obj = {id(org.obj): org for org in c.orgs}
    drawn: dict[int, str] = {}  # the first stance drawn for each stakeholder, by id() of its instance
    subjects: list[tuple[Stakeholder, Org, Person | None]] = [(org.obj, org, None) for org in c.orgs]
    subjects += [(person.obj, person.tenures[-1][0], person) for person in c.persons]
    for obj, org, person in subjects:
        if person is not None:
            # Persons are assessed while in office, or if they left after the round started.
            left = max(end or today for _, _, _, end in person.tenures)
            in_first = left >= first_start and rng.random() < 0.8
            in_second = left >= second_start and rng.random() < 0.85
        else:
            roll = rng.random()  # 75 % in both rounds, 10 % only the first, 8 % only the second, 7 % never
            in_first, in_second = roll < 0.85, 0.10 <= roll < 0.93
        is_person = person is not None
        # Stances run along the chains more often than not (a directorate tends to follow its ministry, an
        # office holder their organisation), so the divergences the coordination view flags stand out.
        leader = org if is_person else orgs_by_obj.get(id(obj.parent))
        if leader is not None and id(leader.obj) in drawn and rng.random() < 0.6:
            stance = drawn[id(leader.obj)]
        else:
            stance = _draw_stance(rng, org.disposition)
        drawn[id(obj)] = stance
        if in_first:
            assessed = _between(rng, first_start, first_end)
            c.assessments.append(_assessment(ctx, c, obj, org, first, assessed, stance, is_person))
            if rng.random() < 0.06:  # re-assessed between rounds, after an incident
                later = _between(rng, assessed + datetime.timedelta(days=60), second_start - DAY)
                stance = _move_stance(rng, stance)
                c.assessments.append(_assessment(ctx, c, obj, org, None, later, stance, is_person))
        if in_second:
            if rng.random() < 0.3:
                stance = _move_stance(rng, stance)
            assessed = _between(rng, second_start, second_end)
            overdue = rng.random() < 0.12
            c.assessments.append(
                _assessment(ctx, c, obj, org, second, assessed, stance, is_person, past_review=overdue)
            )


def _draw_stance(rng: random.Random, disposition: str) -> str:
    return rng.choices(STANCE_ORDER, weights=DISPOSITIONS[disposition])[0]


def _move_stance(rng: random.Random, stance: str) -> str:
    """One step towards champion or spoiler; an unknown stance becomes known."""
    if stance == Stance.UNKNOWN:
        return rng.choice([Stance.SUPPORTER, Stance.NEUTRAL, Stance.SCEPTIC])
    position = STANCE_ORDER.index(stance) + rng.choice((-1, 1))
    return STANCE_ORDER[min(4, max(0, position))]


def _draw_sources(rng: random.Random) -> list[str]:
    """Deliberately skewed: most judgements rest on the security function, more than half on it alone (so
    the coverage view's one-sided-map warning fires)."""
    roll = rng.random()
    if roll < 0.6:
        return [SECURITY_SOURCE]
    if roll < 0.8:
        return [SECURITY_SOURCE, rng.choice(OTHER_SOURCES)]
    return rng.sample(OTHER_SOURCES, rng.choice((1, 2)))


def _assessment(
    ctx: Context,
    c: Country,
    obj: Stakeholder,
    org: Org,
    mapping_round: MappingRound | None,
    assessed_on: datetime.date,
    stance: str,
    is_person: bool,
    *,
    past_review: bool = False,
) -> Assessment:
    rng = ctx.rng
    low, high = org.influence
    influence = rng.randint(low, high)
    if is_person and _is_key_holder(org, obj):
        influence = min(5, influence + 1)
    family = org.family
    if past_review and assessed_on < ctx.today - DAY:
        review = _between(rng, assessed_on + DAY, ctx.today - DAY)
    else:
        review = assessed_on + datetime.timedelta(days=rng.randint(180, 365))
    # Labelling someone a spoiler is what endangers them if it leaks: such judgements are not internal.
    confidentiality = Confidentiality.INTERNAL
    if stance == Stance.SPOILER or (is_person and stance == Stance.SCEPTIC):
        confidentiality = Confidentiality.CONFIDENTIAL if is_person else Confidentiality.RESTRICTED
    assessment = Assessment(
        confidentiality=confidentiality,
        stakeholder=obj,
        mapping_round=mapping_round,
        assessed_on=assessed_on,
        stance=stance,
        influence=influence,
        interest=rng.randint(*org.interest),
        economic_agenda=rng.choice(ECONOMIC_AGENDAS[family]),
        social_agenda=rng.choice(SOCIAL_AGENDAS[family]),
        formal_role=org.obj.mandate if not is_person else obj.description,
        confidence=rng.choices([Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH], weights=(1, 2, 1))[0],
        author_id=ctx.users[len(c.assessments) % len(ctx.users)] if ctx.users else None,
        review_due_on=review,
        notes=rng.choice(ASSESSMENT_NOTES),
    )
    assessment.seed_sources = [ctx.sources[code] for code in _draw_sources(rng) if code in ctx.sources]
    assessment.seed_groups = [ctx.vulnerable[code] for code in org.groups if code in ctx.vulnerable]
    return assessment


def _is_key_holder(org: Org, obj: Stakeholder) -> bool:
    return org.key_holder is not None and org.key_holder.obj is obj


# Relationships ---------------------------------------------------------------------------------------------

CHAIN_KIND = {
    Sector.MINISTRY: RelationshipKind.REPORTS_TO,
    Sector.POLICE: RelationshipKind.REPORTS_TO,
    Sector.MILITARY: RelationshipKind.REPORTS_TO,
    Sector.REGIONAL_AUTHORITY: RelationshipKind.REPORTS_TO,
    Sector.LOCAL_GOVERNMENT: RelationshipKind.REPORTS_TO,
}


def _plan_relationships(ctx: Context, c: Country) -> None:
    """Edges along the chains (reports to / part of, for organisations and for their office holders) and
    across levels (influences, allied with, opposed to)."""
    rng, r = ctx.rng, c.by_role
    seen: set[tuple[int, int, str]] = set()
    index = {id(org.obj): i for i, org in enumerate(c.orgs)}
    index.update({id(p.obj): len(c.orgs) + i for i, p in enumerate(c.persons)})

    def edge(source: Org | Person | None, target: Org | Person | None, kind: str, notes: str = "") -> None:
        if source is None or target is None or source.obj is target.obj:
            return
        key = (index[id(source.obj)], index[id(target.obj)], kind)
        if key in seen:
            return
        seen.add(key)
        confidentiality = (
            Confidentiality.RESTRICTED if kind == RelationshipKind.OPPOSED_TO else Confidentiality.INTERNAL
        )
        c.relationships.append(
            Relationship(source=source.obj, target=target.obj, kind=kind, notes=notes, confidentiality=confidentiality)
        )

    orgs_by_obj = {id(org.obj): org for org in c.orgs}
    for org in c.orgs:
        if org.obj.parent is None:
            continue
        parent = orgs_by_obj[id(org.obj.parent)]
        edge(org, parent, CHAIN_KIND.get(org.obj.sector, RelationshipKind.PART_OF))
        if org.key_holder and parent.key_holder:
            edge(org.key_holder, parent.key_holder, RelationshipKind.REPORTS_TO)

    def role(name: str) -> Org | None:
        return r.get(name)

    regions = range(len(c.jurisdictions[REGIONAL]))
    localities = sorted({org.locality for org in c.orgs if org.locality is not None})
    edge(role("embassy0"), role("moi"), RelationshipKind.INFLUENCES, "Funds police human-rights training.")
    edge(role("embassy1"), role("mod"), RelationshipKind.INFLUENCES)
    edge(role("intl"), role("nhri"), RelationshipKind.INFLUENCES, "Technical support to the commission.")
    edge(role("intl"), role("justice"), RelationshipKind.INFLUENCES)
    edge(role("chamber"), role("mines"), RelationshipKind.INFLUENCES)
    edge(role("chamber"), role("trade"), RelationshipKind.INFLUENCES)
    edge(role("courier"), role("parliament"), RelationshipKind.INFLUENCES)
    edge(role("indigenous-federation"), role("parliament"), RelationshipKind.INFLUENCES)
    edge(role("nhri"), role("observatory"), RelationshipKind.ALLIED_WITH)
    edge(role("observatory"), role("women-network"), RelationshipKind.ALLIED_WITH)
    edge(role("peer"), role("chamber"), RelationshipKind.PART_OF)
    edge(role("indigenous-federation"), role("mines"), RelationshipKind.OPPOSED_TO, "Contests new exploration permits.")
    edge(role("army"), role("nhri"), RelationshipKind.OPPOSED_TO, "Refuses unannounced visits to barracks.")
    edge(role("guards"), role("psra"), RelationshipKind.REPORTS_TO, "Licence renewal pending.")
    for i in regions:
        governor = role(f"authority@{i}")
        edge(governor.key_holder if governor else None, role(f"police@{i}"), RelationshipKind.INFLUENCES)
        edge(governor.key_holder if governor else None, role(f"brigade@{i}"), RelationshipKind.INFLUENCES)
        edge(role(f"police@{i}"), role(f"brigade@{i}"), RelationshipKind.ALLIED_WITH, "Joint patrols.")
        edge(role(f"platform@{i}"), role(f"nhri@{i}") or role("nhri"), RelationshipKind.ALLIED_WITH)
        edge(role(f"radio@{i}"), role(f"authority@{i}"), RelationshipKind.INFLUENCES)
        edge(role("peer"), role(f"mines@{i}"), RelationshipKind.INFLUENCES)
        if rng.random() < 0.5:
            edge(role(f"brigade@{i}"), role(f"nhri@{i}") or role("nhri"), RelationshipKind.OPPOSED_TO)
    ministers = role("mines")
    for i in localities:
        edge(role(f"elders#{i}"), role(f"council#{i}"), RelationshipKind.INFLUENCES)
        edge(ministers.key_holder if ministers else None, role(f"mines#{i}"), RelationshipKind.INFLUENCES)
        edge(role(f"land#{i}"), role(f"mines#{i}") or role("peer"), RelationshipKind.OPPOSED_TO, "Land dispute.")
        edge(role(f"land#{i}"), role("indigenous-federation"), RelationshipKind.ALLIED_WITH)
        edge(role(f"women#{i}"), role("women-network"), RelationshipKind.ALLIED_WITH)
        edge(role(f"radio#{i}"), role(f"council#{i}"), RelationshipKind.INFLUENCES)
        edge(role(f"quarry#{i}"), role(f"station#{i}"), RelationshipKind.OPPOSED_TO, "Evictions of artisanal miners.")
        if rng.random() < 0.5:
            edge(role(f"youth#{i}"), role(f"station#{i}"), RelationshipKind.OPPOSED_TO)
        if rng.random() < 0.3:
            elders = role(f"elders#{i}")
            region = elders.region if elders else None
            edge(elders, role(f"authority@{region}"), RelationshipKind.INFLUENCES)
        locals_ = [org for org in c.orgs if org.locality == i and org.obj.sector == Sector.CIVIL_SOCIETY]
        if len(locals_) >= 2 and rng.random() < 0.5:
            edge(locals_[0], locals_[1], RelationshipKind.ALLIED_WITH)


# Engagements -----------------------------------------------------------------------------------------------


def _plan_engagements(ctx: Context, c: Country) -> None:
    """A few hundred contacts over the last two years: mostly local and regional, with the organisation, its
    office holders, sometimes a neighbour or the organisation above it; about half with follow-ups (most of
    those now past due)."""
    rng, today = ctx.rng, ctx.today
    by_level: dict[str, list[Org]] = {NATIONAL: [], REGIONAL: [], LOCAL: []}
    for org in c.orgs:
        by_level[org.obj.level].append(org)
    neighbours: dict[tuple[int | None, int | None], list[Org]] = {}
    for org in c.orgs:
        neighbours.setdefault((org.region, org.locality), []).append(org)
    for number in range(ENGAGEMENTS_PER_COUNTRY):
        level = rng.choices([LOCAL, REGIONAL, NATIONAL], weights=(5, 3, 2))[0]
        focus = rng.choice(by_level[level])
        kind = rng.choice(KINDS_BY_FAMILY[focus.family])
        topics = rng.sample(TOPICS, rng.choice((1, 2, 3)))
        occurred = today - datetime.timedelta(days=rng.randint(0, 730))
        participants = [focus.obj]
        if focus.current_holders and rng.random() < 0.6:
            participants.append(rng.choice(focus.current_holders).obj)
        others = [o for o in neighbours[(focus.region, focus.locality)] if o is not focus]
        for other in rng.sample(others, min(len(others), rng.choice((0, 0, 1, 2)))):
            participants.append(other.obj)
        parent = focus.obj.parent
        if parent is not None and rng.random() < 0.2 and parent not in participants:  # the level above joins
            participants.append(parent)
        place = focus.obj.jurisdiction.name
        label = focus.obj.name
        title = {
            EngagementKind.MEETING: f"Meeting with {label}",
            EngagementKind.INFORMAL_DISCUSSION: f"Informal discussion with {label}",
            EngagementKind.WORKSHOP: f"Workshop on {topics[0]} with {label}",
            EngagementKind.PUBLIC_HEARING: f"Public hearing on {topics[0]} in {place}",
            EngagementKind.NEGOTIATION: f"Negotiation with {label} on {topics[0]}",
            EngagementKind.TOWN_HALL: f"Town hall meeting in {place}",
            EngagementKind.ROUNDTABLE: f"Roundtable on {topics[0]} in {place}",
            EngagementKind.FOCUS_GROUP: f"Focus group with {label}",
            EngagementKind.CORRESPONDENCE: f"Letter to {label} on {topics[0]}",
        }[kind]
        follow_up, due = "", None
        if rng.random() < 0.5:
            follow_up = rng.choice(FOLLOW_UPS)
            due = occurred + datetime.timedelta(days=rng.randint(7, 60))
        engagement = Engagement(
            confidentiality=Confidentiality.RESTRICTED
            if kind == EngagementKind.NEGOTIATION
            else Confidentiality.INTERNAL,
            occurred_on=occurred,
            kind=kind,
            title=title[:200],
            jurisdiction=focus.obj.jurisdiction,
            topics=", ".join(topics),
            summary=f"Discussed {', '.join(topics)} with {len(participants)} participant(s).",
            outcome=rng.choice(OUTCOMES),
            follow_ups=follow_up,
            follow_up_due_on=due,
        )
        engagement.seed_stakeholders = participants
        tag = ctx.tagging_rng
        engagement.seed_practices = (
            tag.sample(ctx.practices, min(len(ctx.practices), tag.choice((1, 2))))
            if ctx.practices and tag.random() < 0.3
            else []
        )
        engagement.seed_users = [ctx.users[number % len(ctx.users)]] if ctx.users else []
        c.engagements.append(engagement)


# Inserting -------------------------------------------------------------------------------------------------


def _create(model: type[models.Model], objs: list, m2m: dict[str, list[list[int]]] | None = None) -> None:
    """Insert ``objs`` with their audit trail, as the demo's own (``shrhub.services.bulk_create_audited``)."""
    bulk_create_audited(model, objs, m2m, reason=CHANGE_REASON, batch_size=BATCH_SIZE)


def _depth(obj: Stakeholder) -> int:
    depth, node = 0, obj.parent
    while node is not None:
        depth, node = depth + 1, node.parent
    return depth


def _insert(ctx: Context, countries: list[Country], counts: dict[str, int]) -> None:
    for level in (NATIONAL, REGIONAL, LOCAL):
        _create(Jurisdiction, [j for c in countries for j in c.jurisdictions[level]])

    # Organisations parent-first, then persons (who sit under an organisation).
    orgs = [org for c in countries for org in c.orgs]
    for depth in range(max(_depth(org.obj) for org in orgs) + 1):
        layer = [org for org in orgs if _depth(org.obj) == depth]
        _create(
            Stakeholder,
            [org.obj for org in layer],
            m2m={
                "mandate_areas": [[ctx.areas[a] for a in org.areas if a in ctx.areas] for org in layer],
                "vulnerable_groups": [[ctx.vulnerable[g] for g in org.groups if g in ctx.vulnerable] for org in layer],
            },
        )
    persons = [person.obj for c in countries for person in c.persons]
    _create(Stakeholder, persons)

    positions = [position for c in countries for position, _ in c.positions]
    _create(Position, positions)
    _create(Tenure, [t for c in countries for t in c.tenures])

    rounds = [r for c in countries for r in c.rounds]
    _create(MappingRound, rounds, m2m={"practices": [r.seed_practices for r in rounds]})
    _create(MappingAnswer, [a for c in countries for a in c.answers])

    assessments = [a for c in countries for a in c.assessments]
    _create(
        Assessment,
        assessments,
        m2m={
            "sources": [a.seed_sources for a in assessments],
            "vulnerable_groups": [a.seed_groups for a in assessments],
        },
    )
    # The current view is the latest assessment (by date, then id), as services.refresh_current_assessment
    # keeps it. These rows were created by this same seeding a moment ago (version 1, in no sync yet): setting the
    # pointers completes their creation rather than changing them, so one UPDATE per chunk is right here (and
    # the only raw update of a versioned model outside ``shrhub.services.write_fields``).
    stakeholder_ids = [obj.pk for c in countries for obj in c.stakeholders]
    for start in range(0, len(stakeholder_ids), 5000):
        Stakeholder.objects.filter(pk__in=stakeholder_ids[start : start + 5000]).update(**current_assessment_pointers())

    _create(Relationship, [rel for c in countries for rel in c.relationships])
    engagements = [e for c in countries for e in c.engagements]
    _create(
        Engagement,
        engagements,
        m2m={
            "stakeholders": [[s.pk for s in e.seed_stakeholders] for e in engagements],
            "practices": [e.seed_practices for e in engagements],
            "company_participants": [e.seed_users for e in engagements],
        },
    )

    counts["jurisdictions"] += sum(len(js) for c in countries for js in c.jurisdictions.values())
    counts["organisations"] += len(orgs)
    counts["persons"] += len(persons)
    counts["stakeholders"] += len(orgs) + len(persons)
    counts["positions"] += len(positions)
    counts["vacant key positions"] += sum(vacant for c in countries for _, vacant in c.positions)
    counts["tenures"] += sum(len(c.tenures) for c in countries)
    counts["mapping rounds"] += len(rounds)
    counts["mapping answers"] += sum(len(c.answers) for c in countries)
    counts["assessments"] += len(assessments)
    counts["relationships"] += sum(len(c.relationships) for c in countries)
    counts["engagements"] += len(engagements)
