from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect

from thidua.organizations.selectors import visible_provinces


@login_required
def home(request):
    provinces = list(visible_provinces(request.user).filter(valid_to__isnull=True))
    if len(provinces) == 1:
        return redirect("organizations:province_detail", pk=provinces[0].pk)
    return redirect("organizations:province_list")


login_view = auth_views.LoginView.as_view(
    template_name="core/login.html", redirect_authenticated_user=True
)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
