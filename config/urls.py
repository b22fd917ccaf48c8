from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from assessment.views import accounts, public

urlpatterns = [
    path("", public.home, name="home"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("assessment.urls")),
    path("reports/", include("reports.urls")),
]
