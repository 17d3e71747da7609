"""Each user's language and time zone: the switcher (before and after logging in), the preferences page, the
session and cookie that carry the choice, and the helpers e-mails will write with."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from shrhub.models import Preferences
from shrhub.preferences import language_for, speaking_to, zone_for
from shrhub.roles import Role

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def switch(client: Client, language: str, next_url: str = "/"):
    return client.post(reverse("switch_language"), {"language": language, "next": next_url})


def test_an_anonymous_visitor_switches_on_the_login_page_and_keeps_the_choice_in_a_cookie(client):
    response = switch(client, "fr", next_url=reverse("login"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.cookies[COOKIE].value == "fr"
    assert client.cookies[COOKIE]["max-age"] == settings.LANGUAGE_COOKIE_AGE
    assert client.get(reverse("login"))["Content-Language"] == "fr"
    assert not Preferences.objects.exists()


def test_the_browser_language_is_the_default(client):
    assert client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es-CO,es;q=0.9")["Content-Language"] == "es"
    assert client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de-DE")["Content-Language"] == "en"


def test_a_signed_in_user_switching_stores_the_language_on_the_user(client, make_user):
    user = make_user(Role.SECURITY)
    client.force_login(user)
    response = switch(client, "es", next_url=reverse("stakeholders:stakeholder_list"))
    assert response["Location"] == reverse("stakeholders:stakeholder_list")
    assert Preferences.objects.get(user=user).language == "es"
    assert client.get(reverse("home"))["Content-Language"] == "es"


def test_the_stored_language_wins_over_the_browser_in_a_new_session(make_user):
    user = make_user(Role.COMMUNITY)
    Preferences.objects.create(user=user, language="fr")
    other_browser = Client(HTTP_ACCEPT_LANGUAGE="es")
    other_browser.force_login(user)  # the login signal copies the preferences into the session
    response = other_browser.get(reverse("home"))
    assert response["Content-Language"] == "fr"
    assert other_browser.cookies[COOKIE].value == "fr", "the cookie follows, so the login page after logout agrees"


def test_an_unknown_language_is_refused(client):
    response = switch(client, "xx")
    assert response.status_code == 400
    assert COOKIE not in client.cookies


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", ""])
def test_the_switcher_never_sends_anyone_to_another_site(client, make_user, next_url):
    client.force_login(make_user(Role.MANAGER))
    assert switch(client, "fr", next_url=next_url)["Location"] == reverse("home")


def test_the_switcher_takes_post_only(client):
    assert client.get(reverse("switch_language")).status_code == 405


def test_the_preferences_page_saves_language_and_time_zone(client, make_user):
    user = make_user(Role.MANAGER)
    client.force_login(user)
    assert client.get(reverse("preferences")).status_code == 200
    response = client.post(reverse("preferences"), {"language": "fr", "time_zone": "Africa/Kinshasa"})
    assert response.status_code == 302
    saved = Preferences.objects.get(user=user)
    assert (saved.language, saved.time_zone) == ("fr", "Africa/Kinshasa")
    page = client.get(reverse("preferences"))
    assert page["Content-Language"] == "fr"
    assert page.context["TIME_ZONE"] == "Africa/Kinshasa"
    assert "Africa/Kinshasa" in page.content.decode()


def test_a_bad_time_zone_is_refused_beside_the_field_and_nothing_is_saved(client, make_user):
    user = make_user(Role.SECURITY)
    client.force_login(user)
    response = client.post(reverse("preferences"), {"language": "es", "time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 400
    assert response.context["form"].errors["time_zone"]
    assert 'id="id_time_zone_errors"' in response.content.decode()
    assert not Preferences.objects.filter(user=user).exists()


def test_blank_preferences_follow_the_browser_and_the_operation(client, make_user):
    user = make_user(Role.SECURITY)
    client.force_login(user)
    client.post(reverse("preferences"), {"language": "", "time_zone": ""})
    page = client.get(reverse("preferences"), HTTP_ACCEPT_LANGUAGE="es")
    assert page["Content-Language"] == "es"
    assert page.context["TIME_ZONE"] == settings.TIME_ZONE


def test_e_mails_speak_the_users_language_and_zone(make_user):
    user = make_user(Role.COMMUNITY)
    assert language_for(user) == settings.LANGUAGE_CODE
    assert str(zone_for(user)) == settings.TIME_ZONE
    Preferences.objects.create(user=user, language="es", time_zone="America/Lima")
    before = translation.get_language(), timezone.get_current_timezone_name()
    with speaking_to(user):
        assert translation.get_language() == "es"
        noon_utc = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
        assert timezone.localtime(noon_utc).hour == 7  # Lima is UTC-5 all year
    assert (translation.get_language(), timezone.get_current_timezone_name()) == before
