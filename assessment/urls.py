from django.urls import path

from assessment.views import firms, public, questionnaire

app_name = "assessment"

urlpatterns = [
    path("method/", public.method, name="method"),
    path("dashboard/", firms.dashboard, name="dashboard"),
    path("firms/new/", firms.firm_create, name="firm_create"),
    path("firms/<int:firm_id>/edit/", firms.firm_edit, name="firm_edit"),
    path("firms/<int:firm_id>/self-audit/", questionnaire.round_start, name="round_start"),
    path("rounds/<int:round_id>/answer/", questionnaire.questionnaire, name="questionnaire"),
    path(
        "rounds/<int:round_id>/answer/page/<int:number>/",
        questionnaire.questionnaire_page,
        name="questionnaire_page",
    ),
    path(
        "rounds/<int:round_id>/answer/review/",
        questionnaire.questionnaire_review,
        name="questionnaire_review",
    ),
    path(
        "rounds/<int:round_id>/answer/submit/",
        questionnaire.questionnaire_submit,
        name="questionnaire_submit",
    ),
]
