"""Answers written in Spanish or Spanglish are read as the visitor means them, whatever the
conversation's language; a request to explain the question is never an answer."""

import pytest

from bot.intake.corrections import find_corrections
from bot.intake.questions import ANSWER_SLOTS, CONTACT_SLOTS, QUESTIONS
from bot.intake.several_answers import read_message, reads_like_question
from bot.intake.spanish_answers import as_english, asks_instead_of_answering


def read(slot: str, text: str):
    return QUESTIONS[slot].read(text)[0]


SAFETY = ["isotretinoin_recent", "pregnant_or_breastfeeding", "keloid_tendency",
          "bleeding_risk", "face_infection", "immune_suppression"]


@pytest.mark.parametrize("slot", SAFETY)
@pytest.mark.parametrize("text", ["sí", "si", "Sí, claro", "claro", "ándale", "andale", "órale",
                                  "simón", "sale", "por supuesto", "correcto", "claro que sí"])
def test_a_spanish_yes_is_a_yes(slot, text):
    assert read(slot, text) == "yes"


@pytest.mark.parametrize("slot", SAFETY)
@pytest.mark.parametrize("text", ["no", "nel", "para nada", "nunca", "No, nunca", "claro que no",
                                  "de ninguna manera"])
def test_a_spanish_no_is_a_no(slot, text):
    assert read(slot, text) == "no"


@pytest.mark.parametrize("slot", SAFETY)
@pytest.mark.parametrize("text", ["no sé", "no se", "No estoy segura", "creo que sí",
                                  "no me acuerdo", "tal vez"])
def test_a_spanish_not_sure_is_unsure(slot, text):
    assert read(slot, text) == "unsure"


@pytest.mark.parametrize("slot", [*QUESTIONS])
@pytest.mark.parametrize("text", ["no entiendo", "¿qué significa eso?", "que significa eso",
                                  "no sé qué es eso", "sí, no entiendo", "no le entendí",
                                  "no hablo inglés", "¿a qué se refiere?"])
def test_a_request_to_explain_in_spanish_is_never_an_answer(slot, text):
    assert asks_instead_of_answering(text)
    assert read(slot, text) is None


@pytest.mark.parametrize("slot, text, expected", [
    ("isotretinoin_recent", "sí, tomé accutane el año pasado", "yes"),
    ("isotretinoin_recent", "estoy tomando isotretinoína", "yes"),
    ("isotretinoin_recent", "nunca he tomado roacután", "no"),
    ("pregnant_or_breastfeeding", "estoy embarazada", "yes"),
    ("pregnant_or_breastfeeding", "no estoy embarazada", "no"),
    ("pregnant_or_breastfeeding", "estoy amamantando", "yes"),
    ("pregnant_or_breastfeeding", "le estoy dando pecho a mi bebé", "yes"),
    ("pregnant_or_breastfeeding", "lactancia", "yes"),
    ("pregnant_or_breastfeeding", "soy hombre", "no"),
    ("pregnant_or_breastfeeding", "estoy embarazada pero no amamantando", "unsure"),
    ("pregnant_or_breastfeeding", "ni embarazada ni amamantando", "no"),
    ("pregnant_or_breastfeeding", "no estoy embarazada ni amamantando", "no"),
    ("face_infection", "no tengo ninguna infección", "no"),
    ("bleeding_risk", "no que yo sepa", "unsure"),
    ("isotretinoin_recent", "ni idea", "unsure"),
    ("keloid_tendency", "sí, me salen queloides", "yes"),
    ("keloid_tendency", "no tengo queloides", "no"),
    ("bleeding_risk", "tomo aspirina diario", "yes"),
    ("bleeding_risk", "sí, tomo anticoagulantes", "yes"),
    ("bleeding_risk", "no tomo anticoagulantes", "no"),
    ("bleeding_risk", "no tomo ninguna medicina", "no"),
    ("bleeding_risk", "sangro muy fácil", "yes"),
    ("face_infection", "me dan fuegos", "yes"),
    ("face_infection", "tengo herpes labial", "yes"),
    ("face_infection", "no tengo fuegos", "no"),
    ("immune_suppression", "tomo esteroides", "yes"),
    ("immune_suppression", "no, nada de eso", "no"),
])
def test_safety_answers_in_spanish_name_their_topic(slot, text, expected):
    assert read(slot, text) == expected


@pytest.mark.parametrize("slot", SAFETY)
def test_si_inside_a_sentence_is_if_not_yes(slot):
    assert read(slot, "a quien llamo en la noche si tengo un problema") is None
    assert read(slot, "si, tengo eso") == read(slot, "pues si") == "yes"


@pytest.mark.parametrize("slot", SAFETY)
@pytest.mark.parametrize("text", ["ya basta de preguntas", "y el prp qué es",
                                  "si se me infecta un domingo qué hago",
                                  "lo tomé hace 3 años"])
def test_spanish_ya_y_si_and_a_past_without_when_are_no_yes(slot, text):
    assert read(slot, text) is None


@pytest.mark.parametrize("text", ["day 3 and peeling", "is there peeling afterwards",
                                  "skin is peeling around my nose"])
def test_english_peeling_is_no_chemical_peel(text):
    assert read("previous_treatments", text) is None


@pytest.mark.parametrize("text", ["peelings", "un peeling químico", "peeling y láser"])
def test_a_spanish_peeling_is_a_chemical_peel(text):
    assert "peel" in read("previous_treatments", text)


@pytest.mark.parametrize("text, expected", [
    ("tengo veinticinco años", 25), ("Tengo 34 años", 34), ("treinta y cinco", 35),
    ("cuarenta y dos años", 42), ("dieciséis", 16), ("tengo 34", 34),
])
def test_an_age_in_spanish_words_or_digits(text, expected):
    assert read("age", text) == expected


@pytest.mark.parametrize("text, expected", [
    ("como 3 o 4", "up_to_10"), ("unas cuantas", "up_to_10"), ("un par", "up_to_10"),
    ("unas quince", "11_to_20"), ("entre 10 y 20", "11_to_20"), ("como once", "11_to_20"),
    ("tengo 12 cicatrices", "11_to_20"), ("más de veinte", "over_20"),
    ("muchísimas", "over_20"), ("un montón", "over_20"),
])
def test_a_scar_count_in_spanish(text, expected):
    assert read("scar_count", text) == expected


@pytest.mark.parametrize("text, expected", [
    ("picahielo", ["icepick"]), ("de pica hielo", ["icepick"]), ("hoyitos profundos", ["icepick"]),
    ("en forma de caja", ["boxcar"]), ("onduladas", ["rolling"]), ("queloide", ["raised"]),
    ("picahielo y onduladas", ["icepick", "rolling"]),
    ("no son de picahielo, son onduladas", ["rolling"]),
    ("si tengo ice pick scars", ["icepick"]),  # Spanglish
    ("tengo boxcar y rolling", ["boxcar", "rolling"]),
    ("tengo de las dos, picahielo y de caja", ["icepick", "boxcar"]),
    ("no sé", ["unsure"]),
])
def test_scar_kinds_in_spanish_and_spanglish(text, expected):
    assert read("scar_types", text) == expected


@pytest.mark.parametrize("slot, text, expected", [
    ("scar_areas", "en los cachetes y la frente", ["cheeks", "forehead"]),
    ("scar_areas", "en toda la cara", ["whole_face"]),
    ("scar_areas", "la espalda y el pecho", ["back", "chest"]),
    ("scar_visibility", "casi no se ven", "hidden"),
    ("scar_visibility", "se notan mucho", "noticeable"),
    ("scar_visibility", "no se quitan cuando estiro la piel", "stays_when_stretched"),
    ("scar_years", "hace 3 años", "1_to_5"),
    ("scar_years", "desde que era adolescente", "over_5"),
    ("scar_years", "unos meses", "under_1"),
    ("scar_years", "tengo 8 años con ellas", "over_5"),
    ("active_acne", "sí, seguido", "frequent"),
    ("active_acne", "de vez en cuando", "occasional"),
    ("active_acne", "ya no", "none"),
    ("previous_treatments", "ninguno", ["none"]),
    ("previous_treatments", "láser y peelings", ["laser", "peel"]),
    ("previous_treatments", "nunca me he hecho nada", ["none"]),
])
def test_the_assessment_answers_in_spanish(slot, text, expected):
    assert read(slot, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("me quemo fácil", "I-II"), ("me quemo facil y nunca me bronceo", "I-II"),
    ("piel blanca, me quemo siempre", "I-II"), ("a veces me quemo", "III"),
    ("piel morena", "IV"), ("nunca me quemo", "V-VI"), ("piel morena oscura", "V-VI"),
    ("me quemo un poco y luego me bronceo", "III"), ("soy güera y me quemo", "I-II"),
])
def test_skin_type_in_spanish(text, expected):
    assert read("skin_type", text) == expected


@pytest.mark.parametrize("slot, text, expected", [
    ("data_consent", "sí, estoy de acuerdo", "yes"),
    ("data_consent", "está bien", "yes"),
    ("data_consent", "sí, por favor", "yes"),
    ("data_consent", "no estoy de acuerdo", "no"),
    ("data_consent", "¿qué hacen con mis datos?", None),
    ("marketing_consent", "no, gracias", "no"),
    ("contact_name", "Me llamo María López", "María López"),
    ("contact_name", "mi nombre es Dolores Villarreal", "Dolores Villarreal"),
    ("contact_name", "Chris Moreno", "Chris Moreno"),
    ("contact_name", "María Díez", "María Díez"),
    ("contact_name", "José Ortega y Gasset", "José Ortega y Gasset"),
    ("contact_phone", "mi número es 210 555 0199", "+12105550199"),
    ("contact_email", "mi correo es maria@example.com", "maria@example.com"),
    ("contact_email", "no tengo correo", ""),
    ("contact_method", "llámenme", "call"),
    ("contact_method", "por mensaje", "text"),
    ("contact_method", "mándenme un correo", "email"),
    ("contact_time", "en la mañana", "morning"),
    ("contact_time", "por la tarde", "afternoon"),
    ("contact_time", "después de las 5", "evening"),
    ("contact_time", "a cualquier hora", "any"),
])
def test_consent_and_contact_answers_in_spanish(slot, text, expected):
    assert read(slot, text) == expected


def test_one_spanish_message_answers_several_questions():
    reading = read_message("onduladas, como 12, en los cachetes y la barbilla", "scar_types",
                           list(ANSWER_SLOTS), {})
    assert reading.value == ["rolling"]
    assert reading.later == {"scar_count": "11_to_20", "scar_areas": ["cheeks", "chin"]}


def test_a_spanish_age_beside_a_safety_answer_is_not_its_yes():
    reading = read_message("tengo 34 años y no estoy embarazada", "pregnant_or_breastfeeding",
                           list(ANSWER_SLOTS), {})
    assert (reading.value, reading.later) == ("no", {"age": 34})


@pytest.mark.parametrize("text, changed", [
    ("perdón, tengo 35, no 25", {"age": 35}),
    ("en realidad tengo 35 años", {"age": 35}),
    ("espere, también en la frente", {"scar_areas": ["cheeks", "forehead"]}),
    ("quise decir que no a los anticoagulantes", {"bleeding_risk": "no"}),
])
def test_a_correction_in_spanish_changes_the_earlier_answer(text, changed):
    answered = {"age": 25, "scar_areas": ["cheeks"], "bleeding_risk": "yes"}
    found = find_corrections(text, "skin_type", answered, (*ANSWER_SLOTS, *CONTACT_SLOTS))
    assert found.changed == changed


@pytest.mark.parametrize("text", ["¿cuánto cuesta?", "cuanto cuesta", "cómo funciona",
                                  "¿duele?", "qué es eso", "cuantas sesiones ocupo",
                                  "a quien llamo en la noche si tengo un problema",
                                  "es seguro si estoy embarazada"])
def test_a_spanish_question_reads_as_a_question(text):
    assert reads_like_question(text)


@pytest.mark.parametrize("text", ["como 3 o 4", "que sí", "sí, seguido",
                                  "cuando me baja la regla"])
def test_a_spanish_answer_does_not_read_as_a_question(text):
    assert not reads_like_question(text)


@pytest.mark.parametrize("text", [
    "I burn easily and rarely tan", "once in a while", "not sure", "Chris Moreno",
    "ice pick and rolling, around 12", "my name is Maria Lopez", "I'm 34 and not pregnant",
    "two one zero five five five oh one nine nine", "y", "ya", "no"])
def test_english_is_left_as_it_is(text):
    assert as_english(text) == text


@pytest.mark.parametrize("text", ["sí, tengo unas 15 cicatrices de picahielo",
                                  "me quemo fácil, casi nunca me bronceo",
                                  "tengo 34 años y no estoy embarazada", "después de las 5"])
def test_reading_spanish_twice_changes_nothing_more(text):
    once = as_english(text)
    assert once != text
    assert as_english(once) == once
