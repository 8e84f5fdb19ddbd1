"""The words every public page shares (skip link, menu, footer, language switch), in English
and Spanish. Each page's own text lives in its template, one template per language."""

from __future__ import annotations

from typing import Dict

LANGUAGE_NAMES: Dict[str, str] = {"en": "English", "es": "Español"}  # each in its own words

SITE_TEXT: Dict[str, Dict[str, str]] = {
    "en": {
        "skip": "Skip to the main content",
        "menu": "Main",
        "treatments": "Treatments",
        "prices": "Prices",
        "visit": "Visit us",
        "call": "Call",
        "languages": "Language",
        "disclaimer": (
            "This site gives general information, not medical advice or a diagnosis. A "
            "provider examines your skin in person before recommending any treatment. In an "
            "emergency call 911; in a crisis call or text 988."),
        "privacy": "Privacy",
    },
    "es": {
        "skip": "Ir al contenido principal",
        "menu": "Principal",
        "treatments": "Tratamientos",
        "prices": "Precios",
        "visit": "Cómo llegar",
        "call": "Llame al",
        "languages": "Idioma",
        "disclaimer": (
            "Este sitio da información general; no es consejo médico ni un diagnóstico. Un "
            "proveedor le revisa la piel en persona antes de recomendarle cualquier "
            "tratamiento. En una emergencia, llame al 911; si está pasando por una crisis, "
            "llame al 988 (oprima 2 para español) o mande un texto al 988."),
        "privacy": "Privacidad",
    },
}
