from django.contrib import admin

from .models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ar", "name_en", "parent", "is_active", "order")
    list_filter = ("is_active",)
    # Categories are reference data; service-level times are set through their page so they stay dated.
