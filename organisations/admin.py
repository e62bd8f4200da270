from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import InformalGroupMember, Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class GroupMemberInline(admin.TabularInline):
    model = InformalGroupMember
    extra = 0


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["email", "role", "created_at", "accepted_at"]
    readonly_fields = ["created_at", "accepted_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_form", "krs", "nip", "city", "created_at"]
    list_filter = ["legal_form", "city"]
    search_fields = ["name", "krs", "nip", "regon", "email"]
    autocomplete_fields = ["sponsor"]
    inlines = [MembershipInline, GroupMemberInline, InvitationInline]
    fieldsets = [
        (None, {"fields": ["name", "legal_form", "sponsor"]}),
        (_("Registry numbers"), {"fields": ["krs", "nip", "regon"]}),
        (
            _("Address and contact"),
            {"fields": ["street", "postal_code", "city", "email", "phone", "website"]},
        ),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
