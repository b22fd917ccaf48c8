from django.contrib import admin
from django.urls import include, path

from assessment.views import accounts, public

urlpatterns = [
    path("", public.home, name="home"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("favicon.ico", public.favicon),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("assessment.urls")),
    path("reports/", include("reports.urls")),
]
