from django.urls import path

from assessment.views import cohorts, firms, public, questionnaire

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
    # Associations and cohorts
    path("associations/", cohorts.association_list, name="association_list"),
    path("associations/new/", cohorts.association_create, name="association_create"),
    path(
        "associations/<int:association_id>/",
        cohorts.association_detail,
        name="association_detail",
    ),
    path(
        "associations/<int:association_id>/admins/",
        cohorts.association_admin_add,
        name="association_admin_add",
    ),
    path(
        "associations/<int:association_id>/cohorts/new/",
        cohorts.cohort_create,
        name="cohort_create",
    ),
    path(
        "associations/cohorts/<int:cohort_id>/", cohorts.cohort_dashboard, name="cohort_dashboard"
    ),
    path("associations/cohorts/<int:cohort_id>/edit/", cohorts.cohort_edit, name="cohort_edit"),
    path(
        "associations/cohorts/<int:cohort_id>/join-code/",
        cohorts.join_code_regenerate,
        name="join_code_regenerate",
    ),
    path(
        "associations/cohorts/<int:cohort_id>/aggregates.<str:fmt>",
        cohorts.cohort_export,
        name="cohort_export",
    ),
    path("associations/join/<int:firm_id>/", cohorts.cohort_join, name="cohort_join"),
    path(
        "associations/memberships/<int:membership_id>/withdraw/",
        cohorts.consent_withdraw,
        name="consent_withdraw",
    ),
]
