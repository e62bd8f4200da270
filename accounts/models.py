from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person with an account: an applicant, a reviewer or an official.

    E-mail is how people sign in (django-allauth); the username stays for the admin.
    """

    email = models.EmailField(_("e-mail address"), unique=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """First and last name when given, else the e-mail address."""
        return self.get_full_name() or self.email or self.username

    @property
    def is_official(self) -> bool:
        return self.is_active and self.is_staff


def display_name(user) -> str:
    """allauth's ACCOUNT_USER_DISPLAY."""
    return user.display_name
