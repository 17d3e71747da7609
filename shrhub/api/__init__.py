"""API foundations every app's API builds on: ``serializers`` (the serializer base and its fields),
``validation`` (query parameters, JSON body types, If-Match) and ``viewsets`` (the model viewset base)."""
