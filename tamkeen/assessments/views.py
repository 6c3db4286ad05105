from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tamkeen.core.audit import audit_read

from . import selectors, services
from .access import (
    access_assessment,
    access_assessment_for_entry,
    access_member,
    access_member_for_assessment,
    members_assessable_by,
)
from .forms import CapacityForm, SectionForm, TrackDecisionForm


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def member_history(request, member_pk):
    member = access_member(request.user, member_pk)
    audit_read(actor=request.user, obj=member, member_id=member.pk, action="assessment.history_read")
    assessments = selectors.completed_assessments(member)
    rows = selectors.baseline_and_latest(assessments)
    return render(
        request,
        "assessments/member_history.html",
        {
            "member": member,
            "assessments": assessments,
            "rows": rows,
            "chart": selectors.history_chart(rows) if rows else None,
            "baseline": assessments[0] if assessments else None,
            "latest": assessments[-1] if assessments else None,
            "open_assessment": selectors.open_assessment(member),
            "can_assess": members_assessable_by(request.user).filter(pk=member.pk).exists(),
        },
    )


@login_required
@require_POST
def start(request, member_pk):
    member = access_member_for_assessment(request.user, member_pk)
    try:
        assessment = services.assessment_start(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("assessments:member", member_pk=member.pk)
    return redirect("assessments:section", pk=assessment.pk, step=selectors.first_unfinished_step(assessment))


@login_required
def section(request, pk, step):
    assessment = access_assessment_for_entry(request.user, pk)
    if assessment.is_completed:
        return redirect("assessments:detail", pk=assessment.pk)
    sections = selectors.sections_of(assessment)
    if not 1 <= step <= len(sections):
        raise Http404
    current = sections[step - 1]
    items = list(current.items.order_by("order"))
    if request.method == "POST":
        form = SectionForm(request.POST, items=items)
        error = ""
        if form.is_valid():
            try:
                services.assessment_save_section(
                    actor=request.user, assessment=assessment, section=current, answers=form.answers()
                )
            except ValidationError as failure:
                error = _error_text(failure)
        else:
            error = _("Answers are on a scale from 1 to 5.")
        if request.htmx:
            # Each tap is saved as it is made; the buttons still move between screens without JavaScript.
            return render(
                request, "assessments/section.html#save_status", {"saved": not error, "error": error}
            )
        if error:
            messages.error(request, error)
        elif "later" in request.POST:
            messages.success(request, _("Saved. You can resume this assessment later."))
            return redirect("assessments:member", member_pk=assessment.member_id)
        elif "previous" in request.POST and step > 1:
            return redirect("assessments:section", pk=assessment.pk, step=step - 1)
        elif step < len(sections):
            return redirect("assessments:section", pk=assessment.pk, step=step + 1)
        else:
            return redirect("assessments:capacity", pk=assessment.pk)
    else:
        saved = dict(assessment.answers.filter(item__in=items).values_list("item_id", "value"))
        form = SectionForm(initial={f"item_{k}": str(v) for k, v in saved.items()}, items=items)
    return render(
        request,
        "assessments/section.html",
        {
            "assessment": assessment,
            "member": assessment.member,
            "section": current,
            "form": form,
            "step": step,
            "steps": len(sections) + 1,
        },
    )


@login_required
def capacity(request, pk):
    assessment = access_assessment_for_entry(request.user, pk)
    if assessment.is_completed:
        return redirect("assessments:detail", pk=assessment.pk)
    steps = len(selectors.sections_of(assessment)) + 1
    if request.method == "POST":
        form = CapacityForm(request.POST)
        if form.is_valid():
            try:
                services.assessment_record_capacity(
                    actor=request.user, assessment=assessment, **form.cleaned_data
                )
                if "later" in request.POST:
                    messages.success(request, _("Saved. You can resume this assessment later."))
                    return redirect("assessments:member", member_pk=assessment.member_id)
                if "previous" in request.POST:
                    return redirect("assessments:section", pk=assessment.pk, step=steps - 1)
                services.assessment_complete(actor=request.user, assessment=assessment)
            except ValidationError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, _("Assessment completed."))
                return redirect("assessments:detail", pk=assessment.pk)
    else:
        form = CapacityForm(
            initial={
                "work_capacity": assessment.work_capacity,
                "is_exempt_student": assessment.is_exempt_student,
                "is_exempt_caregiver": assessment.is_exempt_caregiver,
            }
        )
    return render(
        request,
        "assessments/capacity.html",
        {
            "assessment": assessment,
            "member": assessment.member,
            "form": form,
            "step": steps,
            "steps": steps,
            "progress": selectors.section_progress(assessment),
        },
    )


@login_required
def detail(request, pk):
    assessment = access_assessment(request.user, pk)
    audit_read(actor=request.user, obj=assessment, member_id=assessment.member_id)
    can_decide = (
        assessment.is_completed
        and members_assessable_by(request.user).filter(pk=assessment.member_id).exists()
    )
    form = None
    if can_decide:
        form = TrackDecisionForm(
            initial={
                "track": assessment.chosen_track or assessment.recommended_track,
                "reason": assessment.override_reason,
            },
            recommended=assessment.recommended_track,
        )
    return render(request, "assessments/detail.html", _detail_context(assessment, form, can_decide))


def _detail_context(assessment, form, can_decide):
    from tamkeen.opportunities.models import Track

    from .models import CoreSkill, Dimension

    return {
        "assessment": assessment,
        "member": assessment.member,
        "recommendation": selectors.recommendation_text(assessment),
        "dimensions": [(label, assessment.dimension_scores.get(v)) for v, label in Dimension.choices],
        "tracks": [(label, assessment.track_scores.get(v)) for v, label in Track.choices],
        "skills": [(label, assessment.skill_scores.get(v)) for v, label in CoreSkill.choices],
        "form": form,
        "can_decide": can_decide,
    }


@login_required
@require_POST
def decide_track(request, pk):
    assessment = access_assessment_for_entry(request.user, pk)
    form = TrackDecisionForm(request.POST, recommended=assessment.recommended_track)
    if form.is_valid():
        try:
            services.assessment_decide_track(
                actor=request.user,
                assessment=assessment,
                track=form.cleaned_data["track"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Track recorded."))
            return redirect("assessments:detail", pk=assessment.pk)
    return render(request, "assessments/detail.html", _detail_context(assessment, form, True), status=200)


__all__ = ["PermissionDenied"]
