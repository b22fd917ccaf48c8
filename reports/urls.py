from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("rounds/<int:round_id>/result/", views.result, name="result"),
    path("rounds/<int:round_id>/report/", views.report, name="report"),
]
