app_name = "movements"

urlpatterns: list = []
