from django.contrib import admin

from tamkeen.forum.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "venue", "starts_on", "ends_on"]
    filter_horizontal = ["committee"]
