"""JSON API of the awards app (issue 5; api.md \"Awards\")."""

api_urlpatterns: list = []
