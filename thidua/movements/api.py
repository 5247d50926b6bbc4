api_urlpatterns: list = []
