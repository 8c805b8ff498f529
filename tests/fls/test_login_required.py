"""Every page needs a signed-in member of staff; signing out and changing a password work."""
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# A value for each path converter, so every route can be requested.
SAMPLE_ARGUMENT = {"int": "1", "slug": "north", "str": "x", "path": "x/y", "uuid": "00000000-0000-0000-0000-000000000000"}
# The language switch too: the sign-in page offers it (fls.languages.set_language; it only sets a cookie then).
OPEN_TO_ANONYMOUS = {"login", "set_language"}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            # The admin is covered below; its many generated routes add nothing here.
            if pattern.namespace != "admin":
                yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def _protected_urls():
    urls = []
    for route, pattern in _routes(get_resolver().url_patterns):
        assert "^" not in route, f"{route!r} is a regex route; teach this test to fill it in"
        if pattern.name in OPEN_TO_ANONYMOUS:
            continue
        path = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda match: SAMPLE_ARGUMENT[match.group(1) or "str"], route)
        urls.append(pytest.param(path, id=pattern.name or path))
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("path", _protected_urls())
def test_every_page_sends_anonymous_users_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=/")


@pytest.mark.django_db
def test_the_login_page_is_open_to_anonymous_users(client):
    assert client.get(reverse("login")).status_code == 200


def test_only_the_login_page_is_open_to_anonymous_users():
    open_views = {
        pattern.name for _route, pattern in _routes(get_resolver().url_patterns)
        if getattr(pattern.callback, "login_required", True) is False
    }
    assert open_views == OPEN_TO_ANONYMOUS


@pytest.mark.django_db
def test_the_admin_sends_anonymous_users_to_its_own_login_page(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login") + "?next=")


@pytest.mark.django_db
def test_a_nurse_can_log_in_with_the_login_form(client, nurse_a, persona_password):
    response = client.post(reverse("login"), {"username": "nurse_a", "password": persona_password})
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert not home.url.startswith(reverse("login"))  # on to her worklist


@pytest.mark.django_db
def test_logout_by_post_ends_the_session(client, nurse_a):
    client.force_login(nurse_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.get(reverse("home")).url.startswith(reverse("login"))


@pytest.mark.django_db
def test_logout_by_get_is_refused(client, nurse_a):
    # A GET must not sign anyone out (a link or an image could do it behind their back).
    client.force_login(nurse_a)
    assert client.get(reverse("logout")).status_code == 405
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert not home.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_nurse_can_change_her_password(client, nurse_a, persona_password):
    client.force_login(nurse_a)
    new_password = "staple-lantern-orbit-42"
    response = client.post(
        reverse("password_change"),
        {"old_password": persona_password, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    assert client.get(reverse("password_change_done")).status_code == 200

    client.logout()
    # Through the login form: login throttling (django-axes) needs the request, which client.login() lacks.
    old_password = client.post(reverse("login"), {"username": "nurse_a", "password": persona_password})
    assert old_password.status_code == 200 and "_auth_user_id" not in client.session
    assert client.post(reverse("login"), {"username": "nurse_a", "password": new_password}).status_code == 302
    assert client.session["_auth_user_id"] == str(nurse_a.pk)


@pytest.mark.django_db
def test_a_password_change_needs_the_old_password(client, nurse_a):
    client.force_login(nurse_a)
    new_password = "staple-lantern-orbit-42"
    response = client.post(
        reverse("password_change"),
        {"old_password": "not-my-password", "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
