"""The figures of the manager views, computed from a ``Scope`` (see ``..filters``), one module per view.

- ``champion_map``, ``round_changes``, ``network``, ``coordination``, ``coverage``: each reads the database
  through ``visible_to(user)`` and returns its figure as plain dataclasses, at a fixed number of queries
  whatever the number of stakeholders (aggregate queries, or one pass over a ``values()`` queryset bounded by
  the scope; nothing is loaded per row).
- ``records``: the records every figure shares (``Actor``, ``RoundRef``, ``Share``) and the axes and labels.
- ``reads``: the queries several figures share (the assessment in use, the last engagement) and
  ``fast_reads``, the transaction every view's reads run in.
- ``rules`` and ``graphs``: pure functions on plain data, no database: the classifications (quadrant, grid
  cell, direction of a move, review dates) and the graph and tree walks (components, Brandes betweenness,
  hierarchies, chains).

Conventions the figures share:
- stance is read from each stakeholder's current assessment, or from its latest assessment in the chosen
  mapping round; ``STANCE_SCORE`` orders it from spoiler (-2) to champion (+2); "unknown" has no score;
- influence and interest (1-5) count as *high* from ``rules.HIGH_FROM`` (4) upwards.
"""
