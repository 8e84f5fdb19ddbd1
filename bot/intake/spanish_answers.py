"""Spanish (and Spanglish) answers read as the English words the intake's readers know.

The readers in bot.intake (answers, skin_type, mentions) understand English lay words. A
Spanish answer is read by rewriting its Spanish phrases into those words first: "sí, tengo
unas 15 cicatrices de picahielo" is read as "yes, i have about 15 scars of ice pick", "me quemo
fácil, casi nunca me bronceo" as "burn easily, almost never tan". Only Spanish phrases are
rewritten; the rest of the message keeps its letters, case and accents (a name stays "María
López"), so English and Spanglish messages read as before, and rewriting twice changes
nothing.

A request to explain the question ("no entiendo", "¿qué significa eso?", "no sé qué es eso")
or to speak the other language ("no hablo inglés") is never an answer, in either language.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import List, Tuple

_NUMBERS = {
    "cero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
    "veintiuno": 21, "veintiun": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24,
    "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28,
    "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "una docena": 12,
    "media docena": 6,
}
_TENS = "treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa"
_UNITS = "uno|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve"
# "once" is also English ("once in a while"): eleven only where Spanish words surround it.
_ONCE_AFTER = (r"\b(como|unas|unos|tengo|son|de|y|a|las|hasta|entre|hace|tenia|cumpli|cumplo|"
               r"edad) once\b")
_ONCE = r"\bonce(?= (?:anos|cicatrices|meses|semanas|o|y)\b)|^once$"
# "no se" is "not sure" unless it starts "they don't show" ("no se ven", "no se notan").
_NO_SE = (r"\bno se\b(?! (?:ven|ve|notan|nota|me|te|le|les|nos|quitan|quita|van|va|puede|"
          r"pueden|hacen|hace|marcan|forman|sienten|quema|queman|broncea|tuesta|pone|pela|"
          r"irrita|mancha|hincha|infecta|enrojece|oscurece))")

_AND = "<and>"  # "y" is "and", except inside a name ("José Ortega y Gasset")

# (pattern on the lower-case text without accents, English), most specific first.
_GLOSSARY: Tuple[Tuple[str, str], ...] = (
    # Consent ("no estoy de acuerdo" before "no estoy").
    (r"\bno (?:estoy de acuerdo|acepto)\b", "i don't agree"),
    (r"\bestoy de acuerdo\b|\bde acuerdo\b|\bacepto\b", "i agree"),
    (r"\besta bien\b", "that's fine"),
    # Correcting an earlier answer.
    (r"\bperdon\b|\bperdona\b|\bperdone\b|\bdisculpa\b|\bdisculpe\b", "sorry"),
    (r"\bespera\b|\bespere\b|\bespereme\b|\besperame\b|\baguanta\b", "wait"),
    (r"\ben realidad\b|\bmas bien\b|\ben verdad\b", "actually"),
    (r"\bquise decir\b|\bqueria decir\b", "i meant"),
    (r"\bme equivoque\b", "i made a mistake"),
    (r"\bno\b(?= \d)", "not"),
    (r"\bmi nombre\b(?! es\b)", "my name"),
    (r"(?<!unas )(?<!unos )\bcuant[ao]s\b", "how many"),
    (r"\bpor favor\b", "please"),
    # Yes, no and not sure.
    (r"\b(?:claro|por supuesto|pues|obvio) que no\b", "no"),
    (r"\b(?:claro|por supuesto|pues|obvio) que si\b", "yes"),
    (r"\bpara nada\b|\bde ninguna manera\b|\bnel\b|\bnop\b|\bnones\b", "no"),
    (r"\bcreo que si\b|\bpienso que si\b|\bcreo que\b(?= (?:estoy|tengo|tomo|me|si\b))",
     "i think so"),
    (r"\bcreo que no\b|\bno creo\b", "i don't think so"),
    (r"\bno estoy segur[oa]\b|\bno se si\b|\bquien sabe\b", "not sure"),
    (r"\bno me acuerdo\b|\bno recuerdo\b", "can't remember"),
    (r"\bno que yo sepa\b", "not that i know"),
    (r"\bni (?:la menor |la mas minima )?idea\b", "no idea"),
    (r"\btal vez\b|\bquizas?\b|\ba lo mejor\b|\bpuede ser\b|\bpodria ser\b", "maybe"),
    (r"\bmas o menos\b", "kind of"),
    (r"\bno (?:son|es|eran|fueron|tengo) (?:de |del tipo |tipo )?(?=\w)", "not "),
    (_NO_SE, "not sure"),
    (r"\bya no\b", "no longer"),
    # Spanish "ya" (already, enough) is not the English "ya" (yes).
    (r"\bya\b(?= (?:basta|esta|estoy|es|me|se|te|le|lo|la|las|los|tengo|tome|tomo|termine|"
     r"deje|paso|pasaron|hace|no|van|voy|fui|hice|perdi|acabe|casi|mero|merito|mas|sin|con|ni|"
     r"nada|nunca|nomas|solo|ahorita)\b)", ""),
    # Spanish "y" (and) opening a message is not the English "y" (yes).
    (r"^\W*y\b(?= [a-z])", "and"),
    # Pregnancy (before "pecho", the chest).
    (r"\b(?:estoy )?(?:amamantando|lactando|dando (?:el )?pecho|dando de mamar|"
     r"dando (?:leche|pecho) materna)\b|\blactancia\b|\bamamanto\b|\bdoy pecho\b",
     "breastfeeding"),
    (r"\bembarazad[ao]\b", "pregnant"),
    (r"\bembarazo\b", "pregnancy"),
    (r"\besperando (?:un |una )?(?:bebe|nino|nina|bebito)\b", "expecting"),
    (r"\b(?:soy|es) (?:un )?(?:hombre|varon|senor|muchacho|chavo|papa|padre)\b",
     "i'm a man"),
    (r"\bmenopausia\b", "menopause"),
    (r"\bno puedo (?:tener hijos|embarazarme|quedar embarazada)\b", "not possible"),
    # Medicines and health.
    (r"\bisotretinoina\b", "isotretinoin"),
    (r"\broa?c?cutan\b|\broacutane\b", "roaccutane"),
    (r"\b(?:medicinas?|medicamentos?|pastillas?) para (?:adelgazar|diluir|aguadar) la "
     r"sangre\b|\banticoagulantes?\b|\badelgazantes? de la sangre\b", "blood thinners"),
    (r"\baspirinas?\b", "aspirin"),
    (r"\bwarfarina\b", "warfarin"),
    (r"\bclopidogrel\b", "clopidogrel"),
    (r"\bheparina\b", "heparin"),
    (r"\bsangro (?:mucho|muy )?(?:facil(?:mente)?|con facilidad|mucho)\b|"
     r"\bsangrado facil\b", "bleed easily"),
    (r"\b(?:trastorno|problemas?|enfermedad) de (?:la )?(?:coagulacion|sangre)\b",
     "bleeding disorder"),
    (r"\bhemofilia\b", "hemophilia"),
    (r"\bno tomo (?:ninguna |ningun |nada de )?(?:medicinas?|medicamentos?|pastillas?|"
     r"nada)\b", "i don't take any medication"),
    (r"\b(?:herpes labial|fuegos? (?:labiales|labial|en la boca|en los labios)|fuegos?|"
     r"calenturas? (?:en la boca|en los labios)?|boqueras?|ampollas? de (?:fiebre|calentura))\b",
     "cold sores"),
    (r"\binfeccion (?:en|de) (?:la )?(?:cara|piel)\b", "skin infection"),
    (r"\binfeccion\b", "infection"),
    (r"\binfectad[ao]s?\b", "infected"),
    (r"\bdefensas bajas\b|\bsistema inmune (?:debil|bajo)\b|\binmunosuprimid[ao]\b|"
     r"\binmun\w*\b", "immune"),
    (r"\besteroides?\b", "steroids"),
    (r"\bprednisona\b", "prednisone"),
    (r"\bquimio(?:terapia)?\b", "chemo"),
    (r"\btrasplante\b", "transplant"),
    (r"\bvih\b", "hiv"),
    (r"\bmetotrexato\b", "methotrexate"),
    (r"\bbiologicos?\b", "biologics"),
    (r"\bqueloides?\b", "keloid"),
    (r"\bhipertrofic[ao]s?\b", "hypertrophic"),
    # Age and time spans ("tengo 34 años", "tengo 5 años con ellas").
    (r"\btengo (\d+) anos (?:con (?:ellas|ellos|las cicatrices|esto|eso)|de tener(?:las)?)\b",
     r"i've had them for \1 years"),
    (r"\btengo (\d+) anos(?: de edad)?\b", r"i'm \1 years old"),
    (r"\b(\d+) anos de edad\b", r"\1 years old"),
    (r"\bcumpli\b", "just turned"),
    (r"\bmi edad\b", "my age"),
    (r"\bedad\b", "age"),
    (r"\b(?:desde hace|hace|por)\b(?= (?:\d+|un|una|unos|unas|como|mas|menos|varios) )", "for"),
    (r"\bdesde (?:que (?:era|estaba en|iba a)|la|el|mi) (?:una |un |la |el )?(?:adolescen\w*|"
     r"secundaria|prepa|preparatoria|high school|pubertad)\b", "since i was a teenager"),
    (r"\bdesde (?:que (?:era|estaba)|mi) (?:una |un )?(?:nina|nino|chiquit[ao]|chic[ao]|"
     r"infancia|ninez)\b", "since i was a kid"),
    (r"\bdesde (?:la|que estaba en la|que iba a la) (?:universidad|escuela|uni)\b",
     "since college"),
    (r"\bdesde (?:el )?(\d{4})\b", r"since \1"),
    (r"\btoda (?:mi|la) vida\b", "my whole life"),
    (r"\b(?:hace )?mucho tiempo\b|\bhace mucho\b|\bhace anos\b", "long time"),
    (r"\bhace poco\b|\brecientemente\b", "recently"),
    (r"\bmenos de un ano\b", "less than a year"),
    (r"\b(?:unos|varios|algunos) (?:cuantos )?anos\b", "a few years"),
    (r"\bun par de anos\b", "a couple of years"),
    (r"\bun ano\b", "a year"),
    (r"\banos?\b", "years"),
    (r"\bmeses\b", "months"),
    (r"\bun mes\b", "a month"),
    (r"\bsemanas\b", "weeks"),
    # Counts.
    (r"\bentre\b(?= \d)", "between"),
    (r"(?<=\d) y (?=\d)", " and "),
    (r"(?<=\d) o (?=\d)", " or "),
    (r"(?<=\d) a (?=\d)", " to "),
    (r"\b(?:como|alrededor de|aproximadamente|unas|unos|aprox)\b(?= (?:\d|un |una ))",
     "about"),
    (r"\bmas de\b", "more than"),
    (r"\bmenos de\b", "less than"),
    (r"\bhasta\b(?= \d)", "up to"),
    (r"\bde (?=\d+ to \d)", ""),
    (r"\bun par\b|\bun parcito\b", "a couple"),
    (r"\bno (?:muchas|muchos|tantas|tantos)\b", "not many"),
    (r"\b(?:unas|unos) (?:cuantas|cuantos|poquitas|poquitos)\b|\bpoquitas\b|\bpocas\b|"
     r"\bpocos\b|\balgunas\b|\balgunos\b", "a few"),
    (r"\bmuchisim[ao]s\b|\bun monton\b|\bun chorro\b|\bbastantes\b|\bdemasiad[ao]s\b|"
     r"\bun chingo\b|\bun buen\b|\bmuchas\b|\bmuchos\b", "lots"),
    # Scar kinds.
    (r"\bpica ?hielos?\b|\bpica-hielos?\b", "ice pick"),
    (r"\b(?:en forma de|tipo|como|de) (?:caja|cajita)s?\b|\bcuadrad[ao]s\b", "boxcar"),
    (r"\bhundimientos redondos\b|\bhoyos redondos\b", "round dents"),
    (r"\bbordes marcados\b|\borillas marcadas\b", "sharp edges"),
    (r"\b(?:la piel )?(?:se ve )?ondulad[ao]s?\b|\bondas\b", "rolling"),
    (r"\bpoco profund[ao]s\b", "shallow"),
    (r"\b(?:hoyitos|hoyos|agujeritos|agujeros|poros abiertos)\b", "holes"),
    (r"\bangost[ao]s\b", "narrow"),
    (r"\babultad[ao]s?\b|\blevantad[ao]s?\b|\belevad[ao]s?\b|\bbolitas\b", "raised"),
    (r"\bgruesas?\b", "thick"),
    (r"\bmanchas? (?:oscuras?|cafes?)\b", "dark marks"),
    (r"\bmanchas? rojas?\b", "red marks"),
    (r"\bmanchas? planas?\b|\bplanas?\b", "flat marks"),
    (r"\bmanchas?\b", "marks"),
    (r"\bcicatrices\b", "scars"),
    (r"\bcicatriz\b", "scar"),
    # Where.
    (r"\b(?:en |por )?toda (?:la|mi) cara\b|\bla cara completa\b", "whole face"),
    (r"\b(?:en |por )?todos lados\b|\ben todas partes\b", "everywhere"),
    (r"\bmejillas?\b|\bcachetes?\b|\bpomulos?\b|\bcachetitos\b", "cheeks"),
    (r"\bfrente\b", "forehead"),
    (r"\bsienes\b|\bsien\b", "temples"),
    (r"\bbarbilla\b|\bmenton\b", "chin"),
    (r"\bmandibula\b|\bquijada\b", "jaw"),
    (r"\bnariz\b", "nose"),
    (r"\b(?:en )?(?:la|mi) espalda\b", "my back"),
    (r"\bespalda\b", "back"),
    (r"\bpecho\b", "chest"),
    (r"\b(?:la|mi) cara\b", "my face"),
    # How they show.
    (r"\bno se (?:quitan|van|borran) (?:cuando|si|al) (?:estiro|estirar|jalo|jalar)"
     r"(?: la piel)?\b|\bse quedan (?:cuando|si|al) (?:estiro|estirar)(?: la piel)?\b",
     "they stay when i stretch"),
    (r"\b(?:cuando|si|al) (?:estiro|estirar|jalo|jalar) la piel\b", "when stretched"),
    (r"\bcasi no se (?:ven|notan)\b|\bapenas se (?:ven|notan)\b", "hard to see"),
    (r"\bno se (?:ven|notan)(?: mucho| tanto)?\b", "not noticeable"),
    (r"\b(?:solo|nada mas|nomas) de cerca\b", "only up close"),
    (r"\bel maquillaje (?:o la barba )?(?:las|los)? ?(?:tapa|cubre|esconde)\b|"
     r"\b(?:las|los) (?:tapo|cubro|escondo) con maquillaje\b", "makeup covers them"),
    (r"\bse (?:ven|notan) (?:facil(?:mente)?|mucho|bastante|luego luego|a leguas)\b",
     "easy to see"),
    (r"\bla gente (?:las |los |me )?(?:nota|ve|pregunta)\w*\b", "people notice"),
    (r"\bse (?:ven|notan)\b", "noticeable"),
    # Breakouts.
    (r"\btodavia me salen\b|\bsigo con (?:granos|acne|brotes)\b", "still breaking out"),
    (r"\bmuy seguido\b|\bseguido\b|\bfrecuentemente\b|\btodo el tiempo\b|\bconstantemente\b|"
     r"\bcada semana\b", "often"),
    (r"\bde vez en cuando\b|\ba veces\b|\bocasionalmente\b|\bde repente\b", "sometimes"),
    (r"\b(?:con|cuando me baja) (?:la regla|mi regla|mi periodo|el periodo)\b|\bcada mes\b",
     "monthly"),
    (r"\bacne activo\b", "active acne"),
    (r"\b(?:granos|granitos|barros|espinillas)\b", "pimples"),
    (r"\bbrotes\b", "breakouts"),
    # Skin and sun.
    (r"\b(?:me pongo|me quedo) (?:roj[ao]|colorad[ao]) (?:como (?:un )?camaron|"
     r"como jitomate)\b", "burn"),
    (r"\b(?:se|te) (?:quema|quemas|insola|enrojece)\b|\b(?:se|te) pones? roj[ao]\b|"
     r"\bme (?:quemo|insolo|enrojezco)\b|\bme pongo roj[ao]\b|\bquemarme\b|"
     r"\bme (?:he|ha) quemado\b", "burn"),
    (r"\b(?:se|te) (?:broncea|bronceas|tuesta|tuestas|oscurece)\b|"
     r"\b(?:se|te) pones? (?:mas )?(?:moren[ao]|priet[ao])\b|\bme pongo mas moren[ao]\b|"
     r"\bme (?:bronceo|asoleo|tuesto)\b|\bme pongo (?:moren[ao]|prieto|prieta)\b|"
     r"\bme (?:oscurezco)\b|\bbroncearme\b", "tan"),
    (r"\bcasi nunca\b", "almost never"),
    (r"\bcasi siempre\b|\bsiempre\b", "always"),
    (r"\busualmente\b|\bnormalmente\b|\bgeneralmente\b|\bpor lo general\b", "usually"),
    (r"\bno mucho\b", "not much"),
    (r"\bun poco\b|\bun poquito\b|\bpoquito\b", "a little"),
    (r"\bmucho\b", "a lot"),
    (r"\brara vez\b|\bcasi no\b", "rarely"),
    (r"\bpoco a poco\b|\bdespacio\b|\bdespacito\b", "gradually"),
    (r"\bfacil(?:mente)?\b|\bcon facilidad\b", "easily"),
    (r"\bpiel (?:muy )?(?:blanca|clara|guera)\b|\b(?:blanca|guera|blanquita) de piel\b",
     "fair skin"),
    (r"\bpiel (?:moren[ao]|morenita) (?:oscur[ao]|obscur[ao])\b", "dark brown skin"),
    (r"\bpiel (?:moren[ao]|morenita)(?: clara)?\b|\bpiel canela\b|\bpiel apinonada\b",
     "brown skin"),
    (r"\bpiel triguena\b", "medium skin"),
    (r"\b(?:soy|muy|bien) (?:triguen[ao]|apinonad[ao]|morenit[ao])\b|"
     r"^\W*(?:triguen[ao]|apinonad[ao]|morenit[ao])\W*$", "brown skin"),
    (r"\bpiel (?:oscura|obscura|negra|prieta)\b", "dark skin"),
    # "Chris Moreno" is a name: the colour only after "soy", "muy" or alone.
    (r"\b(?:soy|muy|bien) moren[ao]\b|^\W*moren[ao]\W*$", "brown skin"),
    (r"\boscur[ao]s?\b", "dark"),
    # Treatments.
    (r"(?<=\w )ningun[oa]?\b", "any"),  # "no tengo ninguna infección"
    (r"\bningun tratamiento\b|\bnunca me he hecho nada\b|\bno me he hecho nada\b|"
     r"\btodavia nada\b|\bningun[oa]\b", "none"),
    (r"\bmicro ?agujas\b|\bmicropuncion\b|\bmicro ?punciones\b", "microneedling"),
    # English "peeling" is skin peeling; the treatment is "peelings", "un peeling químico".
    (r"\bpeelings(?: quimicos)?\b|\bpeeling quimico\b|\b(?:un|el|unos|los) peelings?\b|"
     r"\bpeeling(?= (?:y|o)\b)|^\W*peeling\W*$|\bexfoliacion(?:es)? quimicas?\b", "peels"),
    (r"\brellenos?\b", "fillers"),
    (r"\bcremas?\b", "creams"),
    (r"\botra cosa\b|\botros?\b(?: \(escribalo\))?", "other"),
    (r"\bme (?:he )?hecho\b|\bme hice\b|\bme han hecho\b|\bme hicieron\b", "i had"),
    (r"\bprobe\b|\bhe probado\b|\bintente\b", "tried"),
    # Contact.
    (r"\bme llamo\b|\bmi nombre es\b", "my name is"),
    (r"\bmi (?:numero|telefono|cel|celular)(?: de (?:telefono|celular|cel))?(?: es)?\b",
     "my number is"),
    (r"\bmi correo(?: electronico)?(?: es)?\b", "my email is"),
    (r"\bcorreo electronico\b|\bcorreo\b", "email"),
    (r"\bcelular\b", "cell"),
    (r"\b(?:mandenme|mandeme|mandame|me mandan|me manda|enviame|envienme) (?:un )?"
     r"(?:texto|mensaje|mensajito)\b", "text me"),
    (r"\b(?:mandenme|mandeme|mandame|me mandan|envienme|enviame) (?:un )?email\b",
     "email me"),
    (r"\b(?:llamenme|llameme|llamame|hablenme|hableme|marquenme|que me llamen|"
     r"que me hablen)\b", "call me"),
    (r"\bpor (?:mensaje|texto|mensajito)\b", "by text"),
    (r"\bpor telefono\b", "by phone"),
    (r"\buna llamada\b|\bllamada\b", "a call"),
    (r"\b(?:texto|mensaje|mensajito)\b", "text"),
    (r"\bprefiero no\b", "rather not"),
    (r"\bprefiero\b", "prefer"),
    (r"\bdespues del trabajo\b|\bsaliendo del trabajo\b", "after work"),
    (r"\b(?:a|al) mediodia\b|\bla hora de la comida\b|\bhora del almuerzo\b", "lunchtime"),
    (r"\b(?:a )?cualquier hora\b|\bcuando sea\b|\ba la hora que sea\b|\btodo el dia\b|"
     r"\bme da igual\b|\bno importa\b", "any time"),
    (r"\b(?:despues|luego) de (?:las |la )?(?=\d)", "after "),
    (r"\bantes de (?:las |la )?(?=\d)", "before "),
    (r"\bluego\b(?! de)|\bdespues\b(?! de)", "then"),
    (r"\b(?:como|tipo) a (?:las |la )?(?=\d)", "around "),
    (r"\ba (?:las |la )(?=\d)", "at "),
    (r"(?<=\d) de la (?:tarde|noche)\b", " pm"),
    (r"(?<=\d) de la manana\b", " am"),
    (r"\b(?:en|por) las mananas\b|\b(?:en|por) la manana\b|\btemprano\b", "morning"),
    (r"\b(?:en|por) las tardes\b|\b(?:en|por) la tarde\b", "afternoon"),
    (r"\b(?:en|por) las noches\b|\b(?:en|por) la noche\b", "evening"),
    (r"\btardes?\b", "afternoon"),
    (r"\bnoches?\b", "evening"),
    # Common words around the answers.
    (r"\bno estoy\b", "i'm not"),
    (r"\bno tengo\b", "i don't have"),
    (r"\bno tomo\b", "i don't take"),
    (r"\bno uso\b", "i don't use"),
    (r"\bno me (?:dan|da|salen|sale)\b", "i don't get"),
    (r"\bnunca he tomado\b|\bnunca tome\b", "never taken"),
    (r"\b(?:lo |la )?(?:tome|tomaba|he tomado)\b", "i took"),  # like "I took": not when
    (r"\bestoy\b", "i'm"),
    (r"\bsoy\b", "i'm"),
    (r"\btengo\b", "i have"),
    (r"\btomo\b|\bestoy tomando\b", "i take"),
    (r"\bme (?:dan|da|salen|sale)\b", "i get"),
    (r"\bnunca\b|\bjamas\b", "never"),
    (r"\btampoco\b", "not"),
    (r"\bsin\b", "without"),
    (r"\bnada\b", "nothing"),
    # "ni embarazada ni amamantando": each one said no to.
    (r"^\W*ni\b", "not"),
    (r"\bni\b", "and not"),
    (r"\bpero\b", "but"),
    (r"\btambien\b", "too"),
    (r"\bademas\b", "plus"),
    (r"\bque no\b", "no"),
    (r"\bque si\b", "yes"),
    (r"\ba (?:los|las|la)\b(?! \d)|\bal\b", "to the"),
    (r"(?<=[\w,]) y (?=\w)", _AND),
    # "sí" without its accent: "if" inside a sentence ("a quién llamo si tengo un problema").
    (r"\b(?:pues|pos|ah|oh|bueno|ok|okey|pero|y|eso|este) si+\b", "yes"),
    (r"(?<=[a-z] )si\b|^\W*si\b(?= (?:se|ya|hay|no|quiero|puedo|es|fuera|quisiera)\b)", "if"),
    (r"\bsi+\b", "yes"),
    (r"\bgracias\b", "thanks"),
    (r"\bclaro\b|\bpor supuesto\b|\bcorrecto\b|\bexacto\b|\basi es\b", "yes"),
    (r"\bmandenme\b|\bmandeme\b|\benvienme\b", "send me"),
    (r"\bofertas\b|\bpromociones\b", "offers"),
)

# A request to explain the question or to speak the other language, never an answer.
_NOT_AN_ANSWER = re.compile(
    r"\bno[\s-]+(?:le |te )?(?:entiendo|entendi|comprendo|capto|entiende)\b|"
    r"\bque (?:significa|quiere decir|es eso|es esto)\b|\ba que se refiere\b|"
    r"\bno se (?:que|lo que) (?:es|son|significa|quiere decir)\b|"
    r"\bno se de que\b|\bcomo que\b.*\?|^\W*(?:mande|como|que)\W*\?\W*$|"
    r"\bno (?:hablo|entiendo|se) (?:ingles|english|espanol)\b|"
    r"\b(?:habla|hablan|hablas|hablo|en) (?:espanol|ingles)\b|"
    r"\bi (?:don'?t|do not|dont) (?:understand|get it|get what)\b|"
    r"\bwhat (?:does|do) (?:that|this|it|you) mean\b|\bwhat do you mean\b|"
    r"\b(?:don'?t|do not|dont) know what (?:that|this|it) (?:is|means)\b|"
    r"\bno idea what (?:that|this|it) (?:is|means)\b|\bin (?:spanish|english) please\b|"
    r"\b(?:do you|can you) speak (?:spanish|english)\b")


def fold(text: str) -> str:
    """Lower case without accents, one character for each ("Sí" -> "si"), so positions in
    the folded text are positions in the text."""
    return "".join(_fold_char(char) for char in text)


@lru_cache(maxsize=512)
def _fold_char(char: str) -> str:
    lowered = char.lower()
    plain = "".join(part for part in unicodedata.normalize("NFKD", lowered)
                    if not unicodedata.combining(part))
    return plain if len(plain) == 1 else char if len(lowered) != 1 else lowered


_NUMBER_WORDS = sorted(_NUMBERS, key=len, reverse=True)
_NUMBER = "<number>"  # a number word, spelt in digits unless it is a name ("María Díez")
_PATTERNS: List[Tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b({_TENS}) y ({_UNITS})\b"), ""),  # "treinta y cinco", spelt out below
    (re.compile(_ONCE_AFTER), r"\1 11"),
    (re.compile(_ONCE), "11"),
    # "dos" is also a surname's particle ("María dos Santos").
    *((re.compile(rf"\b{word}\b(?! (?:santos|reis|anjos|passos)\b)"), _NUMBER)
      for word in _NUMBER_WORDS),
    *((re.compile(pattern), english) for pattern, english in _GLOSSARY),
]
_UNIT_VALUES = {"uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
                "seis": 6, "siete": 7, "ocho": 8, "nueve": 9}


def _tens_and_units(match: re.Match[str]) -> str:
    return str(_NUMBERS[match[1]] + _UNIT_VALUES[match[2]])


def _replacement(pattern: re.Pattern[str], english: str, match: re.Match[str], text: str
                 ) -> str:
    if pattern is _PATTERNS[0][0]:
        return _tens_and_units(match)
    if english == _AND:
        return text[match.start():match.end()] if text[match.end():][:1].isupper() else " and "
    if english == _NUMBER:
        word = text[match.start():match.end()]
        if match.start() > 0 and word[:1].isupper():
            return word
        return str(_NUMBERS[match.group(0)])
    return match.expand(english)


@lru_cache(maxsize=4096)  # each reader of a message reads its fragments again
def as_english(text: str) -> str:
    """The text with its Spanish answer phrases in the English words the readers know."""
    folded = fold(text)
    if folded.isascii() and not _MAYBE_SPANISH.search(folded):
        return text
    for pattern, english in _PATTERNS:
        if not pattern.search(folded):
            continue
        pieces, last = [], 0
        for match in pattern.finditer(folded):
            pieces += [text[last:match.start()], _replacement(pattern, english, match, text)]
            last = match.end()
        text = "".join(pieces) + text[last:]
        folded = fold(text)
    return " ".join(text.split()) if text.strip() else text


def asks_instead_of_answering(text: str) -> bool:
    """A request to explain the question ("no entiendo", "¿qué significa eso?", "what does
    that mean?") or to speak the other language ("no hablo inglés"): never an answer."""
    return bool(_NOT_AN_ANSWER.search(fold(text)))


# A quick look for any word the glossary knows, so plain English skips the rewriting.
_MAYBE_SPANISH = re.compile(
    "|".join([*(f"(?:{pattern})" for pattern, _ in _GLOSSARY), _ONCE, _ONCE_AFTER,
              rf"\b(?:{'|'.join(_NUMBER_WORDS)})\b"]))
