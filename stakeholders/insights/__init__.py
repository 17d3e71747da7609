"""The manager views: the champion/spoiler map, change between rounds, the relationship network with its
brokers, national ↔ local coordination, and coverage and bias (DESIGN.md, "Views that managers come for").

- ``filters``: the filters every view shares (jurisdiction with everything under it, level, sector, mapping
  round), resolved once into a ``Scope``.
- ``selectors``: one function per view computing its figures as plain dataclasses, with a fixed number of
  queries whatever the number of stakeholders.
- ``svg``: the charts, drawn on the server; every mark links to its stakeholder (or to the filtered list).
- ``exports``: CSV rows and PNG rendering of the same figures.
- ``views`` and ``api``: the pages and their API twins; only ``shrhub.view_manager_views`` opens them.
- ``warnings``: what the views find, registered with ``shrhub.registry`` for the manager home page.
"""
