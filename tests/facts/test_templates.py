from __future__ import annotations

from pathlib import Path

import pytest

from outreach_lint.facts.templates import kind_for
from outreach_lint.facts.templates import read_template as read_with
from outreach_lint.rulepack import load_pack

PHRASES = load_pack().phrases


def read_template(text: str, kind: str) -> dict[str, object]:
    return read_with(text, kind, PHRASES)


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "templates"
FACTS = ("unsubscribe", "postal_address", "privacy_link", "source_statement", "objection_notice", "ad_label", "pixel")


def facts(name: str) -> dict[str, object]:
    return read_template((FIXTURES / name).read_text("utf-8"), kind_for(name))


@pytest.mark.parametrize(
    "name, expected",
    [
        ("newsletter-compliant.html", {"unsubscribe", "postal_address", "privacy_link", "objection_notice"}),
        ("newsletter-de.html", {"unsubscribe", "postal_address", "privacy_link", "objection_notice"}),
        ("cold-no-footer.html", set()),
        ("hidden-pixel.html", {"unsubscribe", "postal_address", "pixel"}),
        ("update.md", {"unsubscribe", "postal_address", "privacy_link", "source_statement"}),
        ("sms-stop.txt", {"unsubscribe"}),
        ("newsletter.mjml", {"unsubscribe", "postal_address", "privacy_link", "ad_label"}),
    ],
)
def test_fixture_facts(name: str, expected: set[str]) -> None:
    result = facts(name)
    assert {fact for fact in FACTS if result[fact]} == expected


def test_evidence_strings_name_what_was_found() -> None:
    assert facts("newsletter-compliant.html")["unsubscribe_evidence"] == "link to {{ unsubscribe_url }}"
    assert facts("newsletter-de.html")["unsubscribe_evidence"] == 'link "Newsletter abbestellen"'
    assert facts("sms-stop.txt")["unsubscribe_evidence"] == 'instruction "Reply STOP to opt out."'
    assert facts("cold-no-footer.html")["unsubscribe_evidence"] == ""
    pixel = facts("hidden-pixel.html")
    assert pixel["pixel_evidence"] == "1x1 image from t.mailtrack.example.net (line 10)"
    assert pixel["pixel_hosts"] == ["open.example.org", "t.mailtrack.example.net"]
    assert facts("cold-no-footer.html")["pixel_hosts"] == []


@pytest.mark.parametrize(
    "name, kind",
    [
        ("a.HTML", "html"),
        ("a.htm", "html"),
        ("a.mjml", "mjml"),
        ("a.md", "markdown"),
        ("a.markdown", "markdown"),
        ("a.txt", "text"),
        ("a.j2", "text"),
        ("README", "text"),
    ],
)
def test_kind_for(name: str, kind: str) -> None:
    assert kind_for(name) == kind


def html(body: str) -> str:
    return f"<html><body>{body}</body></html>"


@pytest.mark.parametrize(
    "body",
    [
        '<a href="https://x.example.com/u?id=1">Unsubscribe</a>',
        '<a href="{{unsubscribe_url}}">here</a>',
        '<a href="{{{ unsubscribe }}}">click</a>',
        '<a href="*|UNSUB|*">Abmelden</a>',
        '<a href="%unsubscribe_url%">x</a>',
        '<a href="<%asm_group_unsubscribe_raw_url%>">x</a>',
        '<a href="https://x.example.com/optout">Opt out</a>',
        '<a href="https://x.example.com/a">Newsletter abbestellen</a>',
        '<a href="https://x.example.com/a">Se désinscrire</a>',
        '<a href="https://x.example.com/a">Désabonnement</a>',
        '<a href="https://x.example.com/a">Darse de baja</a>',
        '<a href="https://x.example.com/a">Cancellare l\'iscrizione</a>',
        '<a href="https://x.example.com/a">Disiscriviti</a>',
        '<a href="https://x.example.com/a">Afmelden</a>',
        '<a href="https://x.example.com/a">Uitschrijven</a>',
        '<a href="mailto:optout@example.com?subject=Unsubscribe">write to us</a>',
        '<a href="mailto:news@example.com?subject=unsubscribe%20me">x</a>',
        "<p>To stop receiving these e-mails, reply with the word REMOVE.</p>",
        "<p>Antworten Sie mit „Abmelden“, wenn Sie keine Nachrichten mehr möchten.</p>",
    ],
)
def test_unsubscribe_positive(body: str) -> None:
    assert read_template(html(body), "html")["unsubscribe"] is True


@pytest.mark.parametrize(
    "body",
    [
        '<a href="https://x.example.com/offer">See the offer</a>',
        '<a href="mailto:sales@example.com?subject=Question">Ask us</a>',
        "<p>Subscribe to our blog for more tips.</p>",
        '<a href="{{ preferences_url }}">Preferences</a>',
        "<p>We hope you enjoy this subscription box.</p>",
    ],
)
def test_unsubscribe_negative(body: str) -> None:
    assert read_template(html(body), "html")["unsubscribe"] is False


def test_plain_text_stop_and_list_unsubscribe_header() -> None:
    assert read_template("Deals this week!\nText STOP to 12345 to end.\n", "text")["unsubscribe"] is True
    header = "List-Unsubscribe: <mailto:leave@example.com>\n\nHello"
    assert read_template(header, "text")["unsubscribe_evidence"] == "header List-Unsubscribe: <mailto:leave@example.com>"
    assert read_template("Hi Sam, can we talk on Friday?\nJane", "text")["unsubscribe"] is False


@pytest.mark.parametrize(
    "line",
    [
        "Example Widgets Ltd, 1600 Example Avenue, Springfield, IL 62701",
        "Example Inc., 10 Example St., Springfield",
        "Beispiel GmbH, Musterstr. 1, 10115 Berlin",
        "Beispiel AG · Bahnhofstrasse 12 · 8001 Zürich",
        "Exemple SAS, 12 rue de la Paix, 75002 Paris",
        "Ejemplo S.L., Calle Mayor 5, 28013 Madrid",
        "Esempio S.r.l., Via Roma 10, 00184 Roma",
        "Voorbeeld B.V., Keizersgracht 12, 1015 CS Amsterdam",
        "Example Ltd, London SW1A 1AA",
        "PO Box 1234, Springfield",
        "Postfach 10 01 01",
        "{{ sender.postal_address }}",
        "*|LIST:ADDRESSLINE|*",
        "Przykład Sp. z o.o., ul. Marszałkowska 1, 00-001 Warszawa",
        "Exemplo Lda, Rua Augusta 10, 1100-053 Lisboa",
        "Exempel AB, Storgatan 1, 111 22 Stockholm",
        "Eksempel ApS, Vesterbrogade 1, 1620 København V",
        "Beispiel AG, CH-8001 Zürich",
        "Voorbeeld B.V., Postbus 1234, 1000 AB Amsterdam",
        "Exempel AB, Box 1234, 111 22 Stockholm",
        "Eksempel ApS, Postboks 12",
        "{{ site_settings.company_street_address_1 }}",
        "[[POSTAL_ADDRESS]]",
        "%SENDER-INFO%",
    ],
)
def test_postal_address_positive(line: str) -> None:
    assert read_template(f"<p>{line}</p>", "html")["postal_address"] is True


@pytest.mark.parametrize(
    "line",
    [
        "We have 10000 happy customers in 40 countries.",
        "Top 5 ideas to put in place before the end of the year, and 3 more for the next quarter that help",
        "This email was sent to {{ email_address }}.",
        "Contact us via email, 24/7.",
        "During 3 days we ran a workshop.",
        "In 2024 we grew by 40 percent.",
        "Our offering 3 new plans this spring.",
        "*|REWARDS|*",
    ],
)
def test_postal_address_negative(line: str) -> None:
    assert read_template(f"<p>{line}</p>", "html")["postal_address"] is False


@pytest.mark.parametrize(
    "body, expected",
    [
        ('<a href="https://www.example.com/privacy-policy">here</a>', True),
        ('<a href="https://beispiel.example/info">Datenschutzhinweise</a>', True),
        ('<a href="https://exemple.example/confidentialite">x</a>', True),
        ('<a href="https://ejemplo.example/x">Política de privacidad</a>', True),
        ('<a href="{{ privacy_url }}">x</a>', True),
        ('<a href="https://www.example.com/pricing">Pricing</a>', False),
        ("<p>We care about your privacy.</p>", False),
    ],
)
def test_privacy_link(body: str, expected: bool) -> None:
    assert read_template(html(body), "html")["privacy_link"] is expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("We got your address from the attendee list of the Example Summit.", True),
        ("We found your profile on LinkedIn.", True),
        ("Your contact details come from the public register of companies.", True),
        ("Ihre Kontaktdaten stammen aus dem Handelsregister.", True),
        ("Ihre Daten haben wir von der Messe Beispiel 2026 erhalten.", True),
        ("Vos coordonnées proviennent de l'annuaire professionnel.", True),
        ("Nous avons obtenu votre adresse auprès de notre partenaire.", True),
        ("Thank you for your order! We shipped it from our warehouse.", False),
        ("We look forward to hearing from you.", False),
    ],
)
def test_source_statement(sentence: str, expected: bool) -> None:
    assert read_template(html(f"<p>{sentence}</p>"), "html")["source_statement"] is expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("You have the right to object to this processing at any time.", True),
        ("You may object to direct marketing at any time.", True),
        ("Sie können der Verwendung Ihrer Daten jederzeit widersprechen.", True),
        ("Sie haben ein Widerspruchsrecht.", True),
        ("Vous pouvez vous opposer à tout moment au traitement.", True),
        ("Tiene derecho de oposición.", True),
        ("Hai il diritto di opposizione.", True),
        ("U kunt bezwaar maken tegen het gebruik.", True),
        ("Reply to this e-mail with any questions.", False),
    ],
)
def test_objection_notice(sentence: str, expected: bool) -> None:
    assert read_template(html(f"<p>{sentence}</p>"), "html")["objection_notice"] is expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ("<p>[Ad] Winter sale</p>", True),
        ("<p>Advertisement</p><p>Winter sale now on.</p>", True),
        ("<p>Anzeige</p>", True),
        ("<p>(Werbung) Neue Angebote</p>", True),
        ("<p>Publicidad: ofertas de invierno</p>", True),
        ("<p>Publi - ofertas</p>", True),
        ("<p>This message is an advertisement from Example Widgets.</p>", True),
        ("<p>Our advertising platform helps you reach customers in 40 countries.</p>", False),
        ("<p>Sie können der Nutzung Ihrer Daten für Werbung jederzeit widersprechen.</p>", False),
        ("<p>Let's add a meeting.</p>", False),
    ],
)
def test_ad_label(body: str, expected: bool) -> None:
    assert read_template(html(body), "html")["ad_label"] is expected


@pytest.mark.parametrize(
    "img, host",
    [
        ('<img src="https://t.example.com/o.gif" width="1" height="1">', "t.example.com"),
        ('<img src="https://t.example.com/a.png" width="1px" height="1px">', "t.example.com"),
        ('<img src="//t.example.com/a.png" style="display: none">', "t.example.com"),
        ('<img src="https://t.example.com/a.png" style="visibility:hidden">', "t.example.com"),
        ('<img src="https://t.example.com/a.png" width="0">', "t.example.com"),
        ('<img src="https://x.mailtrack.io/trace/mail/abc.png">', "x.mailtrack.io"),
        ('<img src="https://x.list-manage.com/track/open.php?u=1">', "x.list-manage.com"),
        ('<img src="https://img.example.org/track/open/{{id}}">', "img.example.org"),
    ],
)
def test_pixel_positive(img: str, host: str) -> None:
    result = read_template(html(img), "html")
    assert result["pixel"] is True
    assert result["pixel_hosts"] == [host]


@pytest.mark.parametrize(
    "img",
    [
        '<img src="https://images.example.com/logo.png" width="120" height="40">',
        '<img src="cid:logo" width="1" height="1">',
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="1" height="1">',
        '<img src="/spacer.gif" width="1" height="1">',
        '<img src="https://images.example.com/banner.png" width="600">',
    ],
)
def test_pixel_negative(img: str) -> None:
    assert read_template(html(img), "html")["pixel"] is False


def test_placeholder_pixel_src() -> None:
    result = read_template(html('<img src="{{ open_tracking_pixel_url }}">'), "html")
    assert (result["pixel"], result["pixel_hosts"]) == (True, [])


def test_markdown_links_and_images() -> None:
    text = "Hi\n\n[Unsubscribe]({{ unsub }}) · [Privacy](https://example.com/privacy)\n\n![](https://t.example.com/pixel/1.gif)\n"
    result = read_template(text, "markdown")
    assert (result["unsubscribe"], result["privacy_link"], result["pixel"]) == (True, True, True)


def test_placeholders_do_not_break_parsing() -> None:
    text = (
        "{% if user.vip %}<p>Hi {{ user.name | title }}</p>{% else %}<p>Hello</p>{% endif %}"
        "{{#each items}}<a href='{{url}}'>{{title}}</a>{{/each}}"
        "<p>{% raw %}{{ not a var }}{% endraw %} {{ a > b }}</p>"
        "<footer><a href='{{ unsubscribe_link }}'>Unsubscribe</a></footer>"
    )
    assert read_template(text, "html")["unsubscribe"] is True


# ~100 KB each: html.parser alone took 25 s on 150 KB of unclosed tags before defuse().
@pytest.mark.parametrize(
    "hostile",
    [
        "<img src=//x.example/a width=1 " * 3500,
        "<" * 100_000,
        '<a href="x' * 10_000,
        "{{unsub" * 15_000,
        "we got your data from " * 5000,
        "<p>" + "1 a " * 30_000 + "Street</p>",
    ],
)
def test_hostile_input_finishes_and_returns_booleans(hostile: str) -> None:
    for kind in ("html", "markdown", "text", "mjml"):
        result = read_template(hostile, kind)
        assert all(isinstance(result[fact], bool) for fact in FACTS)


@pytest.mark.parametrize(
    "opener, name",
    [
        ("{#", "x.njk"),
        ("{{!--", "x.hbs"),
        ("{%", "x.liquid"),
        ("<%", "x.erb"),
        ("<?", "x.php"),
        ("<#", "x.ftl"),
        ("{*", "x.tpl"),
        ("{{--", "x.blade.php"),
        ("@if(", "x.blade.php"),
        ("{% x %}", "x.twig"),
        ("<a href=x>y</a>. ", "x.html"),
    ],
)
def test_hostile_template_syntax_is_linear(opener: str, name: str) -> None:
    """Unclosed comments and statements: each opener is searched once (a regex per opener took minutes)."""
    import time

    from outreach_lint.facts.templates import read_template_file

    started = time.monotonic()
    result = read_template_file(opener * (300_000 // len(opener)), name, PHRASES)
    assert isinstance(result["unsubscribe"], bool)
    assert time.monotonic() - started < 30
