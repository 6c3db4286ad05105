from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("team/", views.team, name="team"),
    path("approvals/", views.approvals, name="approvals"),
    path("member/<int:member_pk>/", views.member, name="member"),
    path("member/<int:member_pk>/plan/new/", views.plan_new, name="plan_new"),
    path("member/<int:member_pk>/notes/", views.note_add, name="note_add"),
    path("notes/<int:pk>/open/", views.note_break_glass, name="note_break_glass"),
    path("member/<int:member_pk>/reassign/", views.reassign, name="reassign"),
    path("plan/<int:pk>/", views.plan, name="plan"),
    path("plan/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plan/<int:pk>/actions/", views.action_add, name="action_add"),
    path("plan/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plan/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("plan/<int:pk>/return/", views.plan_return, name="plan_return"),
    path("plan/<int:pk>/revise/", views.plan_revise, name="plan_revise"),
    path("action/<int:pk>/done/", views.action_done, name="action_done"),
    path("household/<int:pk>/", views.household, name="household"),
    path("household/<int:pk>/assign/", views.household_assign, name="household_assign"),
    path("household/<int:pk>/graduate/", views.household_graduate, name="household_graduate"),
    path("household/<int:pk>/sanction/", views.household_sanction, name="household_sanction"),
    path("household/<int:pk>/reenter/", views.household_reenter, name="household_reenter"),
]
