"""Text as people paste it: control characters removed wherever text is saved.

A vertical tab or a form feed copied from a word processor is invisible in the admin, but
XML cannot carry it: one in a title used to take every feed that listed the article down.
``strip_control_characters`` removes the C0 controls except tab, newline and carriage
return, DEL, the C1 controls, U+FFFE and U+FFFF (not characters) and lone surrogates
(unencodable). The model fields below strip them whenever a model is cleaned or saved,
and give forms a field that strips them before validation, so every form, admin page,
script and data loader gets the same rule from the model.
"""

import re

from django import forms
from django.db import models

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def strip_control_characters(text):
    """``text`` without control characters; anything that is not a string is left alone."""
    if not isinstance(text, str):
        return text
    return CONTROL_CHARACTERS.sub("", text)


class CleanTextFormField(forms.CharField):
    """A form ``CharField`` that drops control characters before validating."""

    def to_python(self, value):
        return super().to_python(strip_control_characters(value))


class CleanTextMixin:
    """Strip control characters when the model is cleaned and again when it is saved."""

    # The database column is the one of the parent field: migrations record the parent
    # class, so switching a field to its clean variant needs no migration.
    parent_field_path = None

    def to_python(self, value):
        return strip_control_characters(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = strip_control_characters(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CleanTextFormField, **kwargs})

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, self.parent_field_path, args, kwargs


class CleanCharField(CleanTextMixin, models.CharField):
    """A ``CharField`` that never stores a control character."""

    parent_field_path = "django.db.models.CharField"


class CleanTextField(CleanTextMixin, models.TextField):
    """A ``TextField`` that never stores a control character."""

    parent_field_path = "django.db.models.TextField"
