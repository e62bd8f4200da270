from datetime import timedelta

import factory
from django.utils import timezone

from signups.models import Registration
from trainings.models import Attendance, Session, Training, TrainingGroup


class TrainingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingGroup

    name = factory.Sequence(lambda n: f"Grupa szkoleń {n}")
    report_sentence = "cykle szkoleń dotyczących organizowania społeczności lokalnej"


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    title = factory.Sequence(lambda n: f"Szkolenie {n}")
    slug = factory.Sequence(lambda n: f"szkolenie-{n}")
    topic = "Organizowanie społeczności lokalnej"
    capacity = 2
    place_name = "CIL Bukowska"
    address = "ul. Bukowska 27/29, Poznań"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    training = factory.SubFactory(TrainingFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + timedelta(days=10)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))

    @factory.post_generation
    def sync(obj, create, extracted, **kwargs):
        if create:
            obj.training.sync_signup_list()


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    signup_list = factory.LazyAttribute(lambda o: TrainingFactory().signup_list)
    full_name = "Jan Kowalski"
    email = factory.Sequence(lambda n: f"osoba{n}@example.org")
    consent = True
    status = Registration.Status.CONFIRMED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    registration = factory.LazyAttribute(
        lambda o: RegistrationFactory(signup_list=o.session.training.signup_list)
    )
