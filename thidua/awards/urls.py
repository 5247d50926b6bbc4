"""Pages of the awards app (issue 5)."""

app_name = "awards"
urlpatterns: list = []
