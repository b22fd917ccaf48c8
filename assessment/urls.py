from django.urls import path

from assessment.views import firms, public

app_name = "assessment"

urlpatterns = [
    path("method/", public.method, name="method"),
    path("dashboard/", firms.dashboard, name="dashboard"),
    path("firms/new/", firms.firm_create, name="firm_create"),
    path("firms/<int:firm_id>/edit/", firms.firm_edit, name="firm_edit"),
]
