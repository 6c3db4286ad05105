from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods


@login_required
def home(request):
    from tamkeen.core.worklist import work_queues_for

    queues = work_queues_for(request.user, timezone.localdate())
    context = {
        "user": request.user,
        "queues": queues,
        "busy": [queue for queue in queues if queue.count],
        "clear": [queue for queue in queues if not queue.count],
    }
    return render(request, "core/home.html", context)


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def cache_answers() -> bool:
    """The shared cache (Redis in production) keeps rate limits and throttles: a round trip through it."""
    from django.core.cache import cache

    key = "tamkeen:health"
    try:
        cache.set(key, "ok", 10)
        return cache.get(key) == "ok"
    except Exception:  # whatever the cache backend raises when its server is gone
        return False


@require_GET
def health(request):
    """Readiness, without signing in: the database, the cache, the queue's oldest waiting task, the workers'
    heartbeats. 503 when the database or the cache cannot be reached (the process cannot serve); "degraded" when
    tasks wait too long or no worker is alive (pages work, jobs wait).

    Counts and ages only, never a task's arguments: nothing here is about a person."""
    from tamkeen.core.jobs import queue_health

    cache_ok = cache_answers()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        queue = queue_health()
    except DatabaseError:
        body = {"status": "down", "database": "unavailable", "cache": "ok" if cache_ok else "unavailable"}
        response = JsonResponse(body, status=503)
    else:
        max_wait = getattr(settings, "TAMKEEN_HEALTH_MAX_WAIT_SECONDS", 300)
        alive = any(worker["alive"] for worker in queue["workers"])
        stuck = (queue["oldest_waiting_seconds"] or 0) > max_wait or (queue["waiting"] and not alive)
        status = "down" if not cache_ok else "degraded" if stuck else "ok"
        body = {
            "status": status,
            "database": "ok",
            "cache": "ok" if cache_ok else "unavailable",
            "tasks": queue,
        }
        response = JsonResponse(body, status=503 if not cache_ok else 200)
    response["Cache-Control"] = "no-store"
    return response


def _rules_door(request, may) -> None:
    # core knows no roles: the checks read the user's own flags (tamkeen.core.rules.may_read_rules / may_set_rules).
    if not may(request.user):
        raise PermissionDenied


@login_required
@require_GET
def rules(request):
    from tamkeen.core.rules import may_read_rules, may_set_rules, rules_overview

    _rules_door(request, may_read_rules)
    return render(
        request,
        "core/rules.html",
        {"overview": rules_overview(timezone.localdate()), "may_set": may_set_rules(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_add(request, name):
    from tamkeen.core.forms import RuleVersionForm
    from tamkeen.core.rules import DatedRuleError, dated_rule_set, may_set_rules, policy_rule, rule_values_on

    _rules_door(request, may_set_rules)
    rule = policy_rule(name)
    if rule is None:
        raise Http404
    today = timezone.localdate()
    current = rule_values_on(rule.name, today, rule.default)
    form = RuleVersionForm(request.POST or None, rule=rule, current=current, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            dated_rule_set(
                actor=request.user,
                name=rule.name,
                values=form.values(),
                valid_from=form.cleaned_data["valid_from"],
                reason=form.cleaned_data["reason"],
                today=today,
            )
        except DatedRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The new version of “%(rule)s” is saved; it takes effect on its date.")
                % {"rule": rule.label},
            )
            return redirect("core:rules")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "core/rule_form.html", {"rule": rule, "form": form, "current": current}, status=status
    )
