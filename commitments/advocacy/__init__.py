"""The case for the VPs (challenge 1.1.b): the team's benefit arguments, the standards raised with each agency in
an engagement and the arguments put there (``Advocacy``, ``ArgumentPut``), each stakeholder's dated commitment to
an in-country process, and the readiness of each level of government in a country.

Its own modules (selectors, services, filtersets, forms, views, API, readiness figure, warnings, panels, demo),
kept apart from the agreements' so that the two grow without treading on each other; the models are the app's
(``commitments.models``)."""
