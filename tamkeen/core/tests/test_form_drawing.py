"""An empty form is drawn once per language and choices; a bound form, or changed choices, are drawn afresh."""

import pytest
from django import forms
from django.utils import translation

from tamkeen.core.form_drawing import as_div_once
from tamkeen.partners.models import Entity

pytestmark = pytest.mark.django_db


class BoothLikeForm(forms.Form):
    number = forms.CharField(label="Booth number", max_length=10)
    entity = forms.ModelChoiceField(queryset=Entity.objects.filter(is_active=True), required=False)


def test_an_empty_form_is_drawn_as_django_draws_it_and_kept(world):
    form = BoothLikeForm(prefix="booth")
    first = as_div_once(form)
    assert first == BoothLikeForm(prefix="booth").as_div()
    assert as_div_once(BoothLikeForm(prefix="booth")) is first


def test_a_new_entity_in_the_list_is_a_new_drawing(world):
    before = as_div_once(BoothLikeForm(prefix="booth"))
    entity = Entity.objects.filter(is_active=True).first()
    Entity.objects.filter(pk=entity.pk).update(name_ar="جهة جديدة", name_en="A new entity")
    after = as_div_once(BoothLikeForm(prefix="booth"))
    assert after != before
    assert after == BoothLikeForm(prefix="booth").as_div()


def test_each_language_has_its_own_drawing(world):
    with translation.override("en"):
        english = as_div_once(BoothLikeForm(prefix="booth"))
    with translation.override("ar"):
        arabic = as_div_once(BoothLikeForm(prefix="booth"))
        assert arabic == BoothLikeForm(prefix="booth").as_div()
    assert english != arabic  # the entities' names in each language


def test_a_bound_form_shows_its_values_and_errors(world):
    as_div_once(BoothLikeForm(prefix="booth"))
    drawn = as_div_once(BoothLikeForm({"booth-number": "A-12345678901"}, prefix="booth"))
    assert "A-12345678901" in drawn
    assert "errorlist" in drawn
