from django.urls import path

from assessment.views import cohorts, firms, public, questionnaire, respond, workshops

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
    # Consultants and workshops (facilitator)
    path("firms/<int:firm_id>/people/", workshops.firm_people, name="firm_people"),
    path(
        "firms/<int:firm_id>/people/<int:membership_id>/remove/",
        workshops.consultant_remove,
        name="consultant_remove",
    ),
    path("firms/<int:firm_id>/workshops/new/", workshops.workshop_create, name="workshop_create"),
    path("workshops/<int:round_id>/", workshops.workshop, name="workshop"),
    path("workshops/<int:round_id>/live/", workshops.workshop_live, name="workshop_live"),
    path(
        "workshops/<int:round_id>/links/",
        workshops.invitations_create,
        name="invitations_create",
    ),
    path("workshops/<int:round_id>/rooms/", workshops.room_link_create, name="room_link_create"),
    path(
        "workshops/<int:round_id>/rooms/<int:room_id>/",
        workshops.room_display,
        name="room_display",
    ),
    path(
        "workshops/<int:round_id>/links/<int:respondent_id>/qr/",
        workshops.respondent_qr,
        name="respondent_qr",
    ),
    path(
        "workshops/<int:round_id>/<str:kind>/<int:object_id>/revoke/",
        workshops.link_revoke,
        name="link_revoke",
    ),
    path(
        "workshops/<int:round_id>/<str:kind>/<int:object_id>/reissue/",
        workshops.link_reissue,
        name="link_reissue",
    ),
    path(
        "workshops/<int:round_id>/consensus/",
        workshops.consensus_record,
        name="consensus_record",
    ),
    path("workshops/<int:round_id>/close/", workshops.workshop_close, name="workshop_close"),
    # Respondents with an invitation link (no account)
    path("w/", respond.code_entry, name="code_entry"),
    path("room/<str:code>/", respond.room_join, name="room_join"),
    path("w/<str:code>/", respond.respond, name="respond"),
    path("w/<str:code>/answer/", respond.respond_resume, name="respond_resume"),
    path("w/<str:code>/page/<int:number>/", respond.respond_page, name="respond_page"),
    path("w/<str:code>/review/", respond.respond_review, name="respond_review"),
    path("w/<str:code>/submit/", respond.respond_submit, name="respond_submit"),
    path("w/<str:code>/later/", respond.respond_later, name="respond_later"),
    path("w/<str:code>/done/", respond.respond_done, name="respond_done"),
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
