"""The clinic's pages in Spanish (`/es`, `/es/privacidad`): the same settings in Spanish
words, `lang="es"`, hreflang links both ways, a visible English | Español switch, and the
widget told to speak Spanish."""

from __future__ import annotations

import json
import re

import requests

from tests.web.conftest import Page


def _get(url: str) -> requests.Response:
    response = requests.get(url, timeout=10)
    assert response.status_code == 200, response.text
    return response


def test_the_spanish_landing_page_shows_the_clinics_details_and_prices_in_spanish(web_app):
    with web_app() as url:
        html = _get(f"{url}/es").text
    page = Page(html)
    text = page.text
    assert '<html lang="es">' in html
    assert page.headings[0] == (1, "Microneedling y PRP para cicatrices de acné")
    assert "Quillfeather Scar Atelier" in page.title
    assert "4417 Quetzal Bend, Suite 9, Boerne, TX 78006" in text
    assert "Llame al (830) 555-0162" in text
    for day, hours in [("Lunes", "Cerrado"), ("Martes", "7:15 a. m. a 7:45 p. m."),
                       ("Domingo", "11:30 a. m. a 1:05 p. m.")]:
        assert f"{day} {hours}" in text
    assert "Microneedling, una sesión $417.35" in text
    assert ("Paquete de 5 sesiones de microneedling se ahorra $87.75 comparado con pagar "
            "cada sesión aparte $1,999") in text
    assert "Consulta aparte del precio del tratamiento $63" in text
    assert "Quokka Pay o Zebrafin" in text
    assert "hora del centro" in text
    # The same care as the English page: no promise of a result.
    assert "nadie le puede prometer un resultado" in text
    for promise in ("garantiza", "desaparecen por completo", "permanente", "cura"):
        assert promise not in text.lower()


def test_a_free_consultation_says_gratis_and_an_unset_fee_asks_to_call(web_app):
    with web_app(CONSULTATION_FEE="0") as url:
        assert "Consulta Gratis" in Page(_get(f"{url}/es").text).text
    with web_app(CONSULTATION_FEE="") as url:
        assert "Llámenos, por favor" in Page(_get(f"{url}/es").text).text


def test_the_spanish_page_shows_the_clinics_spanish_parking_and_offer_or_marks_the_english(
        web_app):
    with web_app(PARKING_INFO="Park in lot B", PARKING_INFO_ES="Estaciónese en el lote B",
                 CURRENT_OFFER="10% off", CURRENT_OFFER_ES="10 % de descuento") as url:
        html = _get(f"{url}/es").text
    assert "Estaciónese en el lote B" in html and "Park in lot B" not in html
    assert "10 % de descuento" in html and "10% off" not in html
    with web_app(PARKING_INFO="Park in lot B", PARKING_INFO_ES="") as url:
        assert '<span lang="en">Park in lot B</span>' in _get(f"{url}/es").text


def test_each_page_links_to_its_translation_with_hreflang_and_a_visible_switch(web_app):
    pairs = [("/", "/es"), ("/privacy", "/es/privacidad")]
    with web_app(WEB_BASE_URL="https://www.quillfeather.example") as url:
        for english, spanish in pairs:
            for path, lang in ((english, "en"), (spanish, "es")):
                page = Page(_get(f"{url}{path}").text)
                alternates = {link["hreflang"]: link["href"] for link in page.all("link")
                              if link.get("rel") == "alternate"}
                assert alternates == {
                    "en": f"https://www.quillfeather.example{english}",
                    "es": f"https://www.quillfeather.example{spanish}",
                    "x-default": f"https://www.quillfeather.example{english}",
                }
                switch = [(a["href"], a.get("aria-current")) for a in page.all("a")
                          if a.get("hreflang")]
                assert switch == [(english, "page" if lang == "en" else None),
                                  (spanish, "page" if lang == "es" else None)]
                assert "English" in page.text and "Español" in page.text


def test_the_spanish_pages_link_to_the_spanish_privacy_page_and_menu(web_app):
    with web_app() as url:
        for path in ("/es", "/es/privacidad"):
            page = Page(_get(f"{url}{path}").text)
            # The language switch aside, every link stays in Spanish.
            hrefs = {a["href"] for a in page.all("a") if not a.get("hreflang")}
            assert "/es/privacidad" in hrefs and "/privacy" not in hrefs
            assert {"/es#treatments", "/es#prices", "/es#visit"} <= hrefs
            assert "Ir al contenido principal" in page.text


def test_the_spanish_privacy_page_says_what_is_kept_and_how_to_have_it_deleted(web_app):
    with web_app() as url:
        html = _get(f"{url}/es/privacidad").text
    page = Page(html)
    assert re.search(r'<html lang="es">', html)
    assert page.headings[0] == (1, "Privacidad")
    text = page.text
    assert "solo con su permiso" in text
    assert "Nunca le mandamos detalles de su salud por correo ni por texto" in text
    assert "llámenos al (830) 555-0162" in text
    assert "el martes a el jueves" not in text  # the hours are said in Spanish, not pieced
    assert "de martes a jueves" in text
    assert "911" in text and "988 (oprima 2 para español)" in text


def test_the_spanish_page_tells_the_widget_to_speak_spanish(web_app, built_widget):
    with web_app(static_dir=built_widget) as url:
        spanish = Page(_get(f"{url}/es").text).scripts[0][1]
        english = Page(_get(f"{url}/").text).scripts[0][1]
    config = json.loads(spanish.removeprefix("window.ClinicChatConfig = ").rstrip(";"))
    assert config["language"] == "es"
    assert config["privacyUrl"] == "/es/privacidad"
    # The default title is the widget's own, in the page's language.
    assert "title" not in config
    assert json.loads(english.removeprefix("window.ClinicChatConfig = ").rstrip(";"))[
        "language"] == "en"


def test_spanish_pages_have_a_title_a_description_one_h1_and_described_images(web_app):
    with web_app() as url:
        for path in ("/es", "/es/privacidad"):
            page = Page(_get(f"{url}{path}").text)
            assert page.title.strip()
            descriptions = [m for m in page.all("meta") if m.get("name") == "description"]
            assert len(descriptions) == 1 and len(descriptions[0]["content"]) > 50
            assert [level for level, _ in page.headings].count(1) == 1
            assert all(len(img.get("alt", "")) > 20 for img in page.all("img"))
