"""From a sign-up list to the training or event it belongs to, for the e-mails that say
when and where (signups knows the abstract Offering, not the apps that extend it)."""

import datetime
from dataclasses import dataclass

from django.apps import apps

from .models import Offering, SignupList


@dataclass(frozen=True)
class Slot:
    """One meeting of an offering: an event, or one session of a training."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    place: str


def offering_for(signup_list: SignupList) -> Offering | None:
    for model in apps.get_models():
        if issubclass(model, Offering):
            item = model.objects.filter(signup_list=signup_list).first()
            if item is not None:
                return item
    return None


def schedule_for(signup_list: SignupList) -> list[Slot]:
    """When and where the people signed up are to come; empty when not yet planned."""
    item = offering_for(signup_list)
    return item.schedule() if item is not None else []
