"""The manager views: the champion/spoiler map, change between rounds, the relationship network with its
brokers, national ↔ local coordination, and coverage and bias (DESIGN.md, "Views that managers come for").

- ``manager_views``: the registry, one ``ManagerView`` declaration per view; pages, URLs, API twins, the
  Insights menu and the warnings provider are built from it.
- ``filters``: the filters every view shares (jurisdiction with everything under it, level, sector, mapping
  round), resolved once into a ``Scope``.
- ``figures``: one module per view computing its figure as plain dataclasses, with a fixed number of
  queries whatever the number of stakeholders; the pure rules and graph walks apart (``figures.rules``,
  ``figures.graphs``).
- ``charts``: the charts, drawn on the server, one module per chart (``canvas`` the shared drawing); every mark
  links to its stakeholder (or to the filtered list).
- ``exports``: CSV rows and PNG rendering of the same figures.
- ``views``, ``api`` (with ``serializers``) and ``urls``: the pages and their API twins; only
  ``shrhub.view_manager_views`` opens them.
- ``warnings``: what each view's figure warns of, for the manager home page.
"""
