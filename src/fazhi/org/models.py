"""Regions (GB/T 2260), agencies (机关/单位), people and their roles."""

from __future__ import annotations

import functools

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.org.managers import ScopedManager


@functools.lru_cache(maxsize=4096)
def _ancestor_names(path: str, code: str) -> tuple[str, ...]:
    codes = [c for c in path.strip("/").split("/") if c and c != code]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return tuple(names[c] for c in codes if c in names)


class Region(models.Model):
    """An administrative division (行政区划) identified by its GB/T 2260 code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County")
        TOWNSHIP = "township", _("Township")

    code = models.CharField(
        _("code"), max_length=12, unique=True,
        help_text=_("GB/T 2260 code: 6 digits for province, city and county; 9 digits for a township."),
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    path = models.CharField(
        _("path"), max_length=120, db_index=True, editable=False,
        help_text=_("Codes from the province down to this region, used for subtree queries."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path if self.parent_id else '/'}{self.code}/"
        super().save(*args, **kwargs)
        _ancestor_names.cache_clear()  # names rarely change; another process sees a rename after a restart

    @property
    def full_name(self) -> str:
        """Return the name with its ancestors, e.g. 山西省忻州市繁峙县 (cached: every page header shows it)."""
        names = [*_ancestor_names(self.path, self.code), self.name]
        # 北京市 › 市辖区 › 东城区 reads as 北京市东城区.
        return "".join(n for n in names if n not in {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

    def ancestors(self) -> list[Region]:
        codes = [c for c in self.path.strip("/").split("/") if c and c != self.code]
        by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    def subtree(self):
        """Return this region and every region below it."""
        return Region.objects.filter(path__startswith=self.path)


class Agency(models.Model):
    """A body (机关/单位) that keeps ledgers or reads them."""

    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("Party committee")
        GOVERNMENT = "government", _("People's government")
        DEPARTMENT = "department", _("Government department")
        RULE_OF_LAW_OFFICE = "rule_of_law_office", _("Rule-of-law office")
        TOWNSHIP = "township", _("Township government or sub-district office")
        PEOPLES_CONGRESS = "peoples_congress", _("People's congress standing committee")
        CPPCC = "cppcc", _("CPPCC committee")
        COURT = "court", _("Court")
        PROCURATORATE = "procuratorate", _("Procuratorate")
        OTHER = "other", _("Other body")

    code = models.SlugField(
        _("code"), max_length=40, unique=True,
        help_text=_("Short stable identifier used in URLs and on the command line, e.g. sfx-sfj."),
    )
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    region = models.ForeignKey(Region, models.PROTECT, related_name="agencies", verbose_name=_("region"))
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent agency"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager()

    scope_field = ""

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["region__code", "kind", "name"]

    def __str__(self):
        return self.name

    @property
    def brief(self) -> str:
        """The short form, only where space is tight: the header's switcher, a sheet tab, a list inside a sentence.

        Everywhere else, every list and page included, an agency is named in full (``name``).
        """
        return self.short_name or self.name


class User(AbstractUser):
    """A person who logs in. System administrators are superusers; other roles are memberships."""

    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"), default=False,
        help_text=_("Set when an administrator sets the password; cleared when the person changes it."),
    )
    failed_login_count = models.PositiveSmallIntegerField(_("failed log-ins in a row"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()


class Membership(models.Model):
    """A role a person holds in one agency; a person may hold several."""

    class Role(models.TextChoices):
        OFFICE = "office", _("Rule-of-law office staff")
        CLERK = "clerk", _("Department clerk")
        LEADER = "leader", _("Leader")
        SUPERVISOR = "supervisor", _("Supervisor")

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships", verbose_name=_("person"))
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="memberships", verbose_name=_("agency"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    title = models.CharField(_("title"), max_length=60, blank=True, help_text=_("Post, e.g. 科员, 主任."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="org_membership_unique_role"),
        ]

    def __str__(self):
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens", verbose_name=_("person"))
    name = models.CharField(_("name"), max_length=60, help_text=_("What the token is for, e.g. 省平台对接."))
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        import hashlib

        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str, expires_at=None) -> tuple[ApiToken, str]:
        """Create a token and return it with its key, which is shown once and never stored."""
        import secrets
        import string

        # Letters and digits only (43 of them, about 256 bits): a key or its prefix that began with "-"
        # would be read as an option by `fazhi token revoke`, and "_" would blur the "fz_" marker.
        alphabet = string.ascii_letters + string.digits
        key = "fz_" + "".join(secrets.choice(alphabet) for _ in range(43))
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash_key(key), prefix=key[3:11],
                                   expires_at=expires_at)
        return token, key

    @classmethod
    def authenticate(cls, key: str):
        """Return the active user the key belongs to, or None."""
        now = timezone.now()
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=cls.hash_key(key), revoked_at__isnull=True, user__is_active=True)
            .filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))
            .first()
        )
        if token is None:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user


class LoginFailure(models.Model):
    """One failed log-in: from which client address (an IPv6 client's /64 network) and on which account.

    The log-in throttle (``fazhi.core.throttle``) counts these rows: per address, to make it wait, and per
    account, to lock it only after failures from many addresses. Rows older than the longer of the two
    windows are deleted by ``fazhi tick``, and the table is trimmed to ``FAZHI_LOGIN_FAILURES_KEPT`` rows.
    ``account`` is cleared when its owner logs in or an administrator unlocks it: those failures then
    count for the address only.
    """

    address = models.CharField(_("client address"), max_length=64, blank=True)
    account = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("account"))
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("failed log-in")
        verbose_name_plural = _("failed log-ins")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["address", "at"], name="org_loginfailure_address_idx"),
            models.Index(fields=["account", "at"], name="org_loginfailure_account_idx"),
            models.Index(fields=["at"], name="org_loginfailure_at_idx"),
        ]

    def __str__(self):
        return f"{self.address or '?'} {self.at:%Y-%m-%d %H:%M:%S}"


class IdentityStamp(models.Model):
    """One row whose value changes whenever a person, a membership, an agency or a region changes.

    Each server process keeps who is asking (the person, their memberships and what they may read) from one request
    to the next (``fazhi.org.identity``). The session's own query reads this value as well, and a kept identity is
    used only while the value is the one it was kept with: a change made in any process is seen by every other at
    its next request.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("identity stamp")
        verbose_name_plural = _("identity stamps")

    def __str__(self):
        return str(self.value)
