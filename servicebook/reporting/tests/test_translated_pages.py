"""No page shows an untranslated string in Chinese."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.test import Client as Browser

from servicebook.clients.tests.helpers import register

pytestmark = pytest.mark.django_db

# Two English words in a row in visible text means a string escaped translation.
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}\b")
ALLOWED: set[str] = set()


class _VisibleText(HTMLParser):
    """Collects text a person sees: not scripts/styles, plus titles, placeholders, labels.

    Text inside an element marked ``lang="en"`` is English on purpose (the language switch,
    the English column names the importer also accepts) and is left out.
    """

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0
        self._open: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        if tag in {"span", "button", "td", "div", "a"}:
            english = dict(attrs).get("lang") == "en"
            self._open.append(english)
            self._skip += english
        for name, value in attrs:
            if name in {"placeholder", "title", "aria-label", "alt"} and value:
                self.chunks.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1
        if tag in {"span", "button", "td", "div", "a"} and self._open:
            self._skip -= self._open.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


def _untranslated(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return [
        chunk
        for chunk in parser.chunks
        if chunk not in ALLOWED and ENGLISH_PHRASE.search(chunk) and "@" not in chunk
    ]


def test_the_chinese_catalogue_is_complete():
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/zh_Hans/LC_MESSAGES/django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


@pytest.mark.parametrize("persona", ["gm", "mkt_manager", "ae"])
def test_every_page_reads_in_chinese(request, persona, ae, mkt_manager, gm):
    user = request.getfixturevalue(persona)
    client = register(ae, client_type="mid")
    browser = Browser()
    browser.force_login(user)
    pages = [
        "/",
        "/clients/",
        "/clients/?q=nothing-matches",
        "/clients/new/",
        "/clients/import/",
        "/accounts/organisation/",
        "/accounts/password/",
    ]
    if user.is_manager:
        pages += [f"/clients/{client.pk}/", f"/clients/{client.pk}/edit/"]
    for url in pages:
        response = browser.get(url)
        assert response.status_code == 200, url
        assert _untranslated(response.content.decode()) == [], url


def test_the_sign_in_page_reads_in_chinese():
    html = Browser().get("/accounts/login/").content.decode()
    assert _untranslated(html) == []
