from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from centres import demo as centres_demo
from centres.models import Area, Centre
from events import demo as events_demo
from events import demo_second_year as events_second_year
from front.roles import PROGRAMME_OFFICER, REVIEWER, roles_sync
from front.site import site_sync
from grants import demo as grants_demo
from grants import demo_projects as grants_demo_projects
from organisations import demo as organisations_demo
from organisations.models import Membership
from reports import services as reports_services
from reports.models import Report
from trainings import demo as trainings_demo
from trainings import demo_second_year as trainings_second_year

DEMO_PASSWORD = "cil-demo-2017"
# The 2017 Poznań year, and a second year modelled on the Słupsk seed.
PUBLISHED_YEARS = (2017, 2018)
OFFICIAL_EMAIL = "urzednik@cil.example.org"
APPLICANT_EMAIL = "ngo@cil.example.org"
REVIEWERS = [
    ("recenzentka@cil.example.org", "Ewa", "Recenzentka"),
    ("recenzent@cil.example.org", "Marek", "Recenzent"),
]


class Command(BaseCommand):
    help = (
        "Load the demo data (the 2017 Poznań year and a second year, 2018) and publish "
        "their reports. Safe to run again: nothing is duplicated."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            site_sync()
            roles_sync()
            organisations = organisations_demo.load()
            centres_demo.load()
            grants_demo.load()
            official = self.demo_user(OFFICIAL_EMAIL, "Urzędnik", "Demo", staff=True)
            official.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
            applicant = self.demo_user(APPLICANT_EMAIL, "Anna", "Organizatorka")
            Membership.objects.get_or_create(
                organisation=organisations[0],
                user=applicant,
                defaults={"role": Membership.Role.OWNER},
            )
            organiser = {
                "organiser_organisation": organisations[1],
                "organiser_centre": Centre.objects.order_by("active_from", "slug").first(),
            }
            trainings_demo.load(**organiser)
            events_demo.load(**organiser)
            reviewers = []
            for email, first, last in REVIEWERS:
                reviewer = self.demo_user(email, first, last, staff=True)
                reviewer.groups.add(Group.objects.get(name=REVIEWER))
                reviewers.append(reviewer)
            grants_demo.load_live(officer=official, reviewers=reviewers, applicant=applicant)
            grants_demo_projects.load(officer=official, reviewers=reviewers)
            trainings_second_year.load()
            events_second_year.load()
        for year in PUBLISHED_YEARS:
            self.publish(year, official)
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
        if not Area.objects.with_boundary().exists():
            self.stdout.write(
                _(
                    "Osiedla boundaries (for the map and 'which centre is mine?'), see README:\n"
                    "  python manage.py import_areas <the city's osiedla as GeoJSON>"
                )
            )
        accounts = [
            (_("Official (admin)"), OFFICIAL_EMAIL, "/admin/"),
            (_("Applicant (NGO)"), APPLICANT_EMAIL, "/account/"),
            (_("Reviewer"), REVIEWERS[0][0], "/admin/"),
        ]
        width = max(len(str(label)) for label, _email, _path in accounts) + 2
        for label, email, path in accounts:
            self.stdout.write(f"{label + ':':<{width}} {email} / {DEMO_PASSWORD}  ->  {path}")

    def publish(self, year: int, official) -> None:
        """Publish the year's report, unless it is published with the same figures."""
        report = Report.objects.published().filter(year=year).first()
        if report is not None and not reports_services.report_is_outdated(report=report):
            return
        report = report or Report.objects.get_or_create(year=year)[0]
        reports_services.report_publish(report=report, by=official)
        self.stdout.write(
            _("Published the report for %(year)d: %(url)s")
            % {"year": year, "url": f"/reports/{year}/"}
        )

    def demo_user(self, email: str, first: str, last: str, *, staff: bool = False):
        """Create the account once; later runs reset only its password and flags."""
        User = get_user_model()
        user, _created = User.objects.get_or_create(
            email=email, defaults={"username": email, "first_name": first, "last_name": last}
        )
        user.is_staff = staff
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user
