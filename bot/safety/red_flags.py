"""Red flags in a visitor's message: infection or an allergic reaction after a treatment, and
thoughts of self-harm, in English, Spanish and the mix of both that San Antonio writes.

A missed red flag can cost a life; a false one scares a visitor and ends the intake. So a cue
("pus", "can't breathe", "me quiero morir") only counts when the clause it is in *reports* it:

- not negated ("no pus", "no tengo fiebre", "I'm not suicidal"): NegEx-style, a negation word
  shortly before the cue in the same clause; "but", "pero", a comma or a new subject end it;
- not a question about a risk ("could PRP trigger an allergy?", "is a fever normal after
  microneedling?") or a hypothetical ("what if I get a fever", "worried about infection"),
  unless the clause also says it is happening to the visitor ("is it normal that MY FACE IS
  oozing", "a fever after MY session");
- not a story about someone else in the past ("my friend got an infection at a spa");
- not figurative ("this price is killing my budget", "I'm dying to try PRP", "me muero por");
- not the answer to the screening question that asked about it ("yes, a small infection on my
  chin" answering "do you have a skin infection right now?"), unless it says the infection
  followed a treatment or is spreading.

Thoughts of self-harm count in questions too ("should I just kill myself?"). Everything here
is plain Python so the NLU pipeline, the self-assessment and the evaluation share one reading;
tests/red_flags/heldout.yml measures it (`make eval`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import List, Pattern, Protocol

SELF_HARM = "self_harm"
ALLERGIC_REACTION = "allergic_reaction"
INFECTION = "infection"
KINDS = (SELF_HARM, ALLERGIC_REACTION, INFECTION)  # strongest first
# How staff are told which red flag it was (never the visitor's words).
LABELS = {
    INFECTION: "possible infection",
    ALLERGIC_REACTION: "possible allergic reaction",
    SELF_HARM: "thoughts of self-harm",
}


@dataclass(frozen=True)
class RedFlag:
    kind: str
    cue: str  # the words that decided it, for logs and tests (never the whole message)


def _any(*patterns: str) -> Pattern[str]:
    return re.compile(r"(?:" + "|".join(patterns) + r")")


# Words are matched on normalised text: lower case, no accents, straight apostrophes removed
# ("can't" -> "cant"), so one pattern covers "can't", "cant" and "can not" where noted.
_BREATHE = r"(?:breathe?|breath|breathing|brethe|breth|breathin)"
_CANT = r"(?:cant|cannot|can not|couldnt|could not|hard to|trouble|difficulty|struggling to|" \
        r"struggle to|hardly|barely|problems?|hard time)"

SELF_HARM_CUES = _any(
    r"\bsuicid\w*", r"\bsu[ie]?c[iu]?d(?:e|al)\b", r"\bsuis?id\w*", r"\bkill(?:ing)? my ?sel(?:f|ves)\b",
    r"\bcutting (?:again|my (?:arms?|wrists?|legs?|thighs?|skin))\b", r"\b(?:been|feel like|started) cutting\b",
    r"\bcut(?:ting)? (?:my )?wrists?\b", r"\bslit\w* (?:my )?wrists?\b", r"\brazor to my\b",
    r"\b(?:hit|hitting|punch|punching|scratch|scratching|burn|burning) my ?self\b",
    r"\bpills? (?:saved|stocked|stashed)\b", r"\btake all (?:my|the|of my) (?:pills|meds|medication)\b",
    r"\b(?:goodbye|suicide) (?:letters?|notes?)\b", r"\bjump(?:ing)? off (?:the|a|of) \w+\b",
    r"\bplan to end\b", r"\bending it\b", r"\bend(?:ing)? my l\w{0,2}fe\b", r"\bonly way out\b",
    r"\b(?:happier|better) (?:off )?if i (?:was|were|wasnt|werent|died|was gone|were gone|never)\b",
    r"\bcar running\b", r"\bnever (?:wake|waking) up\b", r"\bsleep\b.{0,30}\b(?:not|never) wake up\b",
    r"\bunaliv\w*", r"\bkil+(?:ing)? my ?self\b", r"\bif i died\b", r"\bdeserve to (?:die|be dead)\b",
    r"\b(?:stop|quit) existing\b", r"\b(?:notice|care) if i (?:was|were) gone\b",
    r"\bojala (?:me muriera|estuviera muert[oa]|no despertara)\b", r"\bme muriera\b",
    r"\bno quiero (?:estar|seguir) en este mundo\b", r"\bme (?:he estado|estoy|sigo|volvi a) cort\w*", r"\bkms\b", r"\bunalive\b",
    r"\boff my ?self\b", r"\bhang my ?self\b", r"\bjump off\b",
    r"\b(?:take|taking|took) my (?:own )?life\b",
    r"\b(?:end|ending) (?:my (?:own )?life|it all|everything)\b",
    r"\b(?:want|wanna|going|gonna|about|ready) to end it\b",
    r"\bwant(?:ed)? (?:it|everything|this|it all) to (?:end|stop)\b",
    r"\b(?:want|wanna|wish|wishing|going|ready|gonna|about) (?:to )?die\b",
    r"\b(?:want|wanna|wish) (?:to )?(?:be|was|were) dead\b", r"\bwish i (?:was|were) dead\b",
    r"\bbetter off (?:dead|without me|if i (?:was|were)n?t (?:here|around|alive))\b",
    r"\b(?:rather|prefer to) (?:be )?dead\b",
    r"\b(?:hurt|harm|cut|cutting|hurting|harming|burn|burning|punish) my ?self\b",
    r"\bself ?harm\w*", r"\bnot worth (?:living|it anymore|being alive)\b",
    r"\b(?:life|living) (?:isnt|is not|aint) worth\b",
    r"\bno (?:reason|point|purpose) (?:to|in|for) (?:live|living|go on|going on|keep going|be here|"
    r"being here|being alive|stay alive|staying alive|life|me)\b",
    r"\b(?:dont|do not|cant|cannot) see (?:a|any|the) (?:reason|point) (?:to|in) (?:go(?:ing)? on|"
    r"live|living|keep going|be here|being here|stay(?:ing)? alive)\b",
    r"\b(?:whats|what is) (?:even )?the point (?:of|in) (?:living|life|going on|being alive|me)\b",
    r"\b(?:dont|do not|no longer|dont even) (?:want|wanna|wish) (?:to )?(?:live|be alive|be here|exist|"
    r"wake up|go on|be around|keep living)\b(?! with)",
    r"\b(?:cant|cannot|can not) (?:go on|keep going|keep living)\b",
    r"\b(?:tired|sick) of (?:living|being alive|life|existing)\b",
    r"\bdone with (?:life|living|being alive)\b", r"\bgive up on (?:life|living)\b",
    r"\b(?:nobody|no one|noone) (?:would|will) (?:even )?(?:miss|care if i|notice if i)\b",
    r"\b(?:go to |fall a)?sleep and (?:never|not) wake up\b",
    r"\bdisappear (?:forever|for good|permanently)\b",
    r"\boverdos\w*", r"\bkill me\b",
    # Spanish (without accents, as normalised)
    r"\b(?:me )?quiero morir\w*", r"\bquisiera (?:morir\w*|estar muert[oa]|desaparecer)\b",
    r"\bme (?:quiero|voy a) matar\b", r"\bmatarme\b", r"\bquitarme la vida\b",
    r"\b(?:ya )?no quiero (?:vivir|seguir viviendo|estar aqui|existir|despertar)\b",
    # "no quiero seguir" alone can mean not wanting to live; with the questions, no.
    r"\b(?:ya )?no quiero seguir\b(?! (?:con|en) (?:las|el|la|los|este|esta|estas|mi|su) "
    r"(?:preguntas?|cuestionario|tratamiento|cita|proceso|evaluacion|formulario|chat|"
    r"conversacion|test|encuesta)\b| (?:contestando|respondiendo|con el chat|aqui en el chat))",
    r"\bhacerme dano\b", r"\b(?:cortarme|lastimarme|me corto|me estoy cortando)\b",
    r"\bno vale la pena (?:vivir|seguir)\b", r"\bno tiene sentido (?:vivir|seguir)\b",
    r"\bmejor (?:estaria |estar )?muert[oa]\b", r"\bestarian mejor sin mi\b",
    r"\bacabar con (?:todo|mi vida)\b", r"\bdesaparecer para siempre\b",
    r"\bdormir(?:me)? y (?:ya )?no (?:volver a )?despertar\w*", r"\bno le veo (?:el )?sentido a (?:seguir )?vivi\w*",
    r"\btomarme todas las pastillas\b", r"\bcansad[oa] de vivir\b", r"\bme canse de vivir\b",
    r"\bdesaparecer y no volver\b", r"\bquiero desaparecer\b", r"\bme quiero matar\b", r"\bsin (?:razon|ganas) (?:para|de) vivir\b",
    r"\bno aguanto (?:mas )?(?:vivir|la vida)\b", r"\bmorirme\b",
)
# "I'm dying to try it", "this price is killing my budget", "me muero por probarlo".
FIGURATIVE = _any(
    r"\bdying (?:to|for)\b", r"\bto die for\b", r"\bkill(?:ing|s|ed)? (?:my|the|our|your) "
    r"(?:budget|wallet|bank|savings|confidence|vibe|mood|self esteem|selfesteem)",
    r"\bkill for\b", r"\bdrop dead\b", r"\bdead skin\b", r"\bkiller\b",
    r"\bme muero (?:por|de (?:ganas|risa|verguenza|la pena))\b", r"\b(?:lol|lmao|haha\w*|jk|rofl)\b",
    r"\bsuicide (?:prevention|hotline)\b", r"\b(?:price|prices|cost|costs|bill)\b.{0,30}\bkill",
)

ALLERGIC_CUES = _any(
    rf"\b{_CANT} (?:i )?(?:to )?{_BREATHE}\b", r"\bshort(?:ness)? of breath\b", r"\bwheez\w*",
    r"\bgasping\b", r"\bchest (?:is |feels |getting )?(?:tight|tightening)\b",
    r"\bthroat (?:(?:is|feels|getting|keeps|started|starting|like|its|it is|gets) )*(?:to )?(?:tight\w*|"
    r"clos\w*|swell\w*|swollen)\b",
    rf"\b{_CANT} (?:to )?swallow\w*\b",
    r"\b(?:lips?|tongue|eyes?|eyelids?|mouth) (?:are |is |keep |keeps |getting |started |starting |"
    r"r )?(?:to )?(?:swell\w*|swollen|puff\w*|blow\w* up|balloon\w*)",
    r"\bswollen (?:lips?|tongue|eyes?|eyelids?|throat)\b",
    r"\b(?:face|cheeks?|skin|eyes?) (?:is |are |keeps |started |starting )?(?:to )?(?:swell\w*|puff\w*|blow\w* up|"
    r"balloon\w*) (?:up )?(?:fast|quickly|rapidly|so much|really bad|badly|like crazy)\b",
    r"\bhives\b", r"\bwelts?\b", r"\banaphyla\w*", r"\bepi ?pen\b", r"\bairway\b.{0,20}\b(?:clos|tight|swell)",
    r"\bthroat\b(?:(?!\b(?:isnt|not|no|nor)\b).){0,25}\b(?:tight|clos|swell|swollen)", r"\bse me (?:esta )?ci?err\w* la garganta\b",
    r"\b(?:mouth|lips?|tongue|throat)(?: and (?:mouth|lips?|tongue|throat|face))+ (?:are |is )?(?:swel\w*|swol+en)",
    r"\b(?:lips?|labios|lengua|tongue) (?:se )?(?:me )?(?:estan |esta )?hinch\w*",
    r"\b(?:lips?|tongue|throat|mouth) (?:feels?|is|are|looks?|getting|got) (?:so |really |super )?(?:huge|thick|big|tight|numb and swollen)",
    r"\b(?:lips?|tongue|mouth) (?:are |is )?tingl\w*", r"\bhuge and swol+en\b", r"\bswol+en and itchy\b",
    r"\bitchy and swol+en\b", r"\bbigger by the minute\b",
    r"\ballergic reaction (?:happening|rn|right now|now|going on)\b",
    r"\b(?:harder|hard) (?:and harder )?to (?:breathe?|breath)\b", r"\bhurts to (?:swallow|breathe?)\b",
    r"\bthroat (?:feels |is )?(?:like (?:its|it is) )?(?:closing|tight\w*|swelling)",
    r"\b(?:no puedo|cant|cannot) (?:breathe?|breath|respirar)\b",
    r"\b(?:me dio|tengo|tuve|me esta dando) una? (?:allergic reaction|reaccion alergica)\b",
    r"\b(?:my )?(?:whole )?face (?:is |keeps )?swel+ing(?: up)?\b(?! a little| a bit| slightly)",
    r"\b(?:whole )?face (?:is )?swol+en\b(?=.{0,40}(?:lips?|itch|tingl|throat|breath))",
    r"\b(?:rash|itchy bumps|bumps|itching) (?:all over|everywhere|spreading)\b",
    r"\b(?:having|had|have|got|getting|its|this is|think im having|is) an? (?:bad |severe |serious )?"
    r"allergic reaction\b",
    r"\ballergic reaction (?:to|from|after)\b",
    r"\breacting (?:badly )?to (?:the )?(?:numbing|cream|serum|prp|lidocaine)\b",
    # Spanish
    r"\b(?:no puedo|me cuesta|dificultad para|casi no puedo)(?: mucho| trabajo| harto)? (?:respirar|tragar)\b",
    r"\bme falta (?:el )?aire\b", r"\bno me entra (?:el )?aire\b",
    r"\bgarganta (?:se )?(?:me )?(?:esta )?(?:cerrando|cerrada|hinchada|apretada)\b",
    r"\bse me (?:esta )?cerrando la garganta\b",
    r"\b(?:labios|lengua|ojos|parpados|boca) (?:se )?(?:me )?(?:estan |esta )?(?:hinchad\w*|inflamad\w*)\b",
    r"\bse me (?:estan |esta )?(?:hincha|hinchan|hinchando|hincharon|hincho|inflamando|inflamaron) "
    r"(?:los |la )?"
    r"(?:labios|lengua|ojos|garganta|cara)\b",
    r"\bronchas\b", r"\burticaria\b", r"\breaccion alergica\b",
    r"\bno (?:puedo|puede) abrir (?:bien )?los ojos\b", r"\bojos cerrados de (?:lo )?hinchad\w*",
)

INFECTION_CUES = _any(
    r"\bpus+\b", r"\bpus filled\b", r"\bpustules?\b(?= .{0,20}(?:spread|everywhere|worse))",
    r"\booz\w*", r"\bdrain(?:ing|s)\b", r"\bdischarge\b",
    r"\b(?:yellow|green|greenish|yellowish|cloudy) (?:fluid|liquid|stuff|gunk|goo|crust\w*|scabs?|discharge)\b",
    r"\bhoney (?:colou?red )?(?:crust\w*|scabs?)\b", r"\bcrusty yellow\b", r"\babscess\w*",
    r"\bfever\w*", r"\bfebrile\b", r"\bchills\b", r"\btemperature of 10\d\b",
    r"\b(?:hot|warm|burning) to (?:the )?touch\b", r"\bred streaks?\b", r"\bred lines?\b",
    r"\bstreaks? of red\b",
    r"\b(?:redness|red|swelling|swollen|rash|pain|bump|area|it) (?:is |keeps |has been |started |been )?"
    r"(?:spreading|getting (?:worse|bigger|redder)|growing|worse every day|worse each day)\b",
    r"\bspreading (?:redness|rash|swelling|red)\b", r"\bthrobb\w*",
    r"\b(?:its|it is|thats|keeps|now its|and its) (?:still )?spreading\b", r"\bgot (?:worse|redder|bigger)\b",
    r"\b(?:hot|warm) (?:and )?(?:painful|swollen|red|tender)\b", r"\bred and (?:hot|warm)\b",
    r"\bpainful lump\b", r"\blump\b.{0,40}\bgrowing\b", r"\bweeping\b", r"\bcrust\w* yellow\b",
    r"\bpus bumps\b", r"\byellow and crusty\b", r"\bcrusty and yellow\b", r"\bscabs are yellow\b",
    r"\b(?:theyre|they are) spreading\b", r"\b(?:a|running a|high) temperature\b",
    r"\binstead of (?:healing|getting better)\b", r"\bmore (?:red|swollen)\b.{0,25}\bmore (?:red|swollen|pain\w*)\b",
    r"\bse pone (?:mas|bien) (?:roj|hinchad)\w*", r"\bse me infect\w*", r"\binfecto\b", r"\brayas rojas\b", r"\bcaliente y (?:me )?(?:punza|duele)\b", r"\bme punza\w*", r"\bpunzadas?\b",
    r"\b(?:worse|more painful|more swollen|redder) (?:every|each) day\b",
    r"\b(?:smells?|smelly|foul) (?:bad|funny|weird|smell)\b", r"\bfoul\b",
    r"\binfected\b", r"\binfecc?ted\b", r"\binfect(?:ion|ed)\b", r"\binfecton\b", r"\binfection\b",
    # Spanish
    r"\bsupura\w*", r"\bfiebre\b", r"\bcalentura\b", r"\bescalofrios?\b", r"\binfectad[oa]s?\b",
    r"\binfeccion\b", r"\bcaliente al tacto\b",
    r"\b(?:se )?(?:me )?(?:esta|estan) poniendo (?:mas |bien )?(?:roj[oa]s?|hinchad[oa]s?|caliente)\b",
    r"\b(?:rojez|enrojecimiento|hinchazon|lo rojo|la hinchazon) (?:se )?(?:esta )?"
    r"(?:extendiendo|empeorando|creciendo)\b",
    r"\bcada vez (?:mas roj\w*|mas hinchad\w*|peor)\b", r"\blineas rojas\b",
    r"\bcostras amarillas\b", r"\bliquido amarillo\b",
)

# A cue inside these kinds of clause is not a report: talk about a risk, not an event.
HYPOTHETICAL = _any(
    r"\bwhat if\b", r"\bif\b", r"\bin case\b", r"\bworried about\b", r"\bafraid of\b",
    r"\bscared of\b", r"\bnervous about\b", r"\brisks?\b", r"\bchances?\b", r"\bprevent\w*",
    r"\bavoid\w*", r"\bpossib\w*", r"\bside effects?\b", r"\bhow (?:do|does|would|will|can)\b",
    r"\bcould (?:i|it|you|prp|this|that|microneedling|the)\b", r"\bcan (?:i|it|you|prp|this|that|microneedling|the)\b",
    r"\bwill (?:i|it|prp|this|microneedling)\b", r"\bmight\b", r"\bsterile\b", r"\bsanitary\b",
    r"\bsi (?:me|se|tengo|sale|hay|le)\b", r"\bque pasa si\b", r"\bcomo se si\b", r"\ben caso\b", r"\briesgo\w*", r"\bpuede (?:causar|dar|provocar)\b",
    r"\bes normal (?:tener|que de|que haya)\b", r"\bpreocupa\w* (?:de|por) (?:que|una|la)\b",
    r"\bhistory of\b", r"\ballergic to\b", r"\bsoy alergic[oa]\b", r"\bknow (?:what|if|when|how)\b",
)
# A clause that says it is happening to the visitor now: a question with one of these is a
# report ("is it normal that my cheek is oozing?").
EXPERIENCE = _any(
    r"\bi (?:have|ve got|ve had|got|am|m|ve been|keep|started|noticed|notice|see|feel|felt|"
    r"woke up|think (?:i|it|my)|can)\b",
    r"\bmy (?:face|skin|cheeks?|chin|forehead|lips?|tongue|throat|eyes?|nose|jaw|neck|arm|"
    r"temples?|scars?|chest|mouth|body|whole face|treated area|area)\b",
    r"\b(?:after|since|from) (?:my|the last|yesterdays?|last weeks?) ?(?:treatment|session|procedure|"
    r"appointment|facial|microneedling|micro needling|prp|visit|needling|numbing)?\b",
    r"\b(?:its|it is|theyre|they are|there is|theres) (?:still )?(?:oozing|draining|swollen|swelling|"
    r"spreading|infected|hot|full of)\b",
    r"\b(?:right now|currently|todays?|tonight|this morning|since yesterday|for \w+ days)\b",
    r"\bwhy (?:is|are|am|do|does|cant|did) (?:my|i)\b", r"\bcant i\b",
    r"\bsince the (?:numbing|cream|treatment|session|facial|procedure|serum|microneedling)\b",
    r"\b(?:tengo|me (?:sale|salio|duele|dio|da|pica)|se me|estoy|me estoy|mi (?:cara|piel|mejilla|"
    r"frente|barbilla|labio)|mis (?:labios|ojos|mejillas)|desde (?:el|mi|ayer))\b",
)
# After a treatment, or getting worse: an infection that answers "do you have a skin infection
# right now?" is still an emergency when it says one of these.
POST_TREATMENT_OR_SPREADING = _any(
    r"\b(?:after|since|from) (?:my|the|last|yesterday)\b", r"\bspread\w*", r"\bfever\w*",
    r"\bchills\b", r"\bstreaks?\b", r"\bworse\b", r"\bdesde\b", r"\bdespues\b", r"\bfiebre\b",
    r"\bextendiendo\b", r"\bpeor\b",
)
# "... after MY session": the visitor has had the treatment, so a symptom they ask about is theirs.
OWN_TREATMENT = re.compile(
    r"\b(?:after|since|from) my (?:last |first |recent )?(?:treatment|session|procedure|appointment|"
    r"facial|microneedling|micro needling|prp|visit|needling)\b"
)
THIRD_PARTY = _any(
    r"\bmy (?:friend|friends|sister|brother|mom|mother|dad|father|cousin|aunt|coworker|co worker|"
    r"bff|girlfriend|boyfriend|wife|husband|partner|roommate|neighbor|neighbour|coworkers|son|"
    r"daughter|kid|kids|child|baby|grandma|grandmother)\b",
    r"\b(?:she|he|somebody|a friend|mi (?:amiga|amigo|hermana|hermano|prima|primo|mama|tia|vecina|"
    r"hijo|hija))\b",
)
PAST_ONLY = _any(
    r"\b(?:years ago|months ago|last year|once|in the past|back in|when i was|a while ago|hace anos|"
    r"hace tiempo|el ano pasado|una vez|as a (?:kid|child|teen|baby)|de nin[oa]|used to|never since)\b",
    # What happens each time, not now: "se me hincha la cara cuando me pongo crema".
    r"\bcuando (?:me )?(?:pongo|uso|como|tomo|aplico|echo)\b",
    r"\bin (?:19|20)\d\d\b", r"\b(?:last|the other) (?:week|month)\b", r"\b(?:died|passed away) (?:of|from)\b", r"\b(?:get|gets|got|break out in) (?:hives|welts|a rash|rashes) (?:from|when)\b",
)
# An ordinary illness explains a fever that no treatment preceded.
ILLNESS = re.compile(r"\b(?:flu|covid|cold|virus|strep|gripe|resfriado)\b")
LAUGHTER = re.compile(r"\blaugh\w*|\b(?:lol|lmao|haha\w*|jaja\w*|rofl)\b")
# Names that contain a symptom word: San Antonio's cedar pollen season, hay fever.
NOT_A_SYMPTOM = re.compile(r"\b(?:cedar|hay|cabin|spring) fever\b|\bfiebre del heno\b|\bfever blisters?\b")
TREATMENT_WORDS = re.compile(
    r"\b(?:treatment|session|needl\w*|facial|procedure|prp|microneedl\w*|appointment|numbing|"
    r"serum|tratamiento|sesion|clinic)\b")
# Signs of an allergic reaction that no infection shares; a swollen, red, hot eye with a fever
# is read as the infection it more likely is.
STRONG_ALLERGIC = re.compile(
    r"breath|respir|throat|garganta|swallow|tragar|hives|welts|ronchas|urticaria|anaphyla|"
    r"epi ?pen|wheez|tongue|lengua|allergic|alergic")
NOW = _any(r"\b(?:now|right now|still|today|currently|since|ahora|todavia|aun|desde)\b")

NEGATION = _any(
    r"\bno\b", r"\bnot\b", r"\bnever\b", r"\bwithout\b", r"\bdont\b", r"\bdoesnt\b", r"\bdidnt\b",
    r"\bdo not\b", r"\bdoes not\b", r"\bdid not\b", r"\bisnt\b", r"\barent\b", r"\bwasnt\b",
    r"\bwerent\b", r"\bhavent\b", r"\bhasnt\b", r"\bhadnt\b", r"\bnone\b", r"\bnor\b", r"\bzero\b",
    r"\bfree of\b", r"\bno longer\b", r"\bdenies\b", r"\bnada de\b", r"\bsin\b", r"\bnunca\b",
    r"\bni\b", r"\btampoco\b", r"\bnope\b", r"\bnah\b", r"\bnothing\b", r"\blong gone\b",
)
# Words that look like a negation but are not one ("not sure it's infected" still reports).
PSEUDO_NEGATION = _any(
    r"\bnot (?:sure|certain|positive)\b", r"\bno (?:se|idea|clue)\b", r"\bno doubt\b",
    r"\bnot only\b", r"\bno joke\b", r"\bno kidding\b", r"\bno lie\b", r"\bno cap\b",
    r"\bnot (?:gonna|going to) lie\b", r"\bnot to be dramatic\b",
    # "no dejo de pensar en matarme": I can't stop thinking about it.
    r"\bno (?:dejo|paro|puedo dejar|puedo parar) de\b",
)
NEGATION_WINDOW = 6  # words between a negation and the cue it denies
# Where a negation's reach ends: a contrast or a new clause with its own subject.
SCOPE_END = _any(
    r"\bbut\b", r"\bhowever\b", r"\balthough\b", r"\bthough\b", r"\bexcept\b", r"\byet\b",
    r"\bpero\b", r"\baunque\b", r"\bsino\b", r"\bonly\b", r"\bjust\b", r"\bsolo\b",
    r"\band (?:now |then )?(?:i|im|it|its|my|the|there|theres|this|they)\b", r"\b(?:im|ill|ive|id)\b",
    r"\by (?:ahora |me|mi|se|tengo|esta)\b",
)
CLAUSE_SPLIT = re.compile(r"[.!?;:\n]+|,(?=\s)|\s-\s")
QUESTION_START = re.compile(
    r"^\s*(?:can|could|does|do|is|are|will|would|what|whats|how|why|should|may|might|any|"
    r"anyone|when|which|es|puede|pueden|que|como|cual|hay|se puede|si)\b"
)


def normalise(text: str) -> str:
    """Lower case, accents and apostrophes removed, common misspellings straightened."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub("['\u2019`\u00b4]", "", plain)
    plain = re.sub(r"\bcan not\b", "cannot", plain)
    plain = re.sub(r"\bi\s?m\b", "im", plain)
    plain = re.sub(r"[^\w\s?.!,;:\-¿¡\n]", " ", plain)
    plain = plain.replace("¿", " ").replace("¡", " ")
    return re.sub(r"[ \t]+", " ", plain).strip()


class KindGuesser(Protocol):
    def likely_kind(self, text: str) -> str | None: ...


def detect(
    text: str, pending: str | None = None, second_reading: KindGuesser | None = None
) -> RedFlag | None:
    """The red flag `text` reports, if any. `pending` is the self-assessment question being
    answered (a slot name such as "face_infection"), when there is one. `second_reading` (the
    trained classifier of bot/safety/classifier.py) may add a red flag the patterns miss, when
    nothing in the message says it is not a report."""
    normal = NOT_A_SYMPTOM.sub(" ", normalise(text))
    if not normal.strip():
        return None
    flag = _from_patterns(text, normal, pending)
    if flag or second_reading is None:
        return flag
    kind = second_reading.likely_kind(text)
    if kind and plausible_report(text, normal, kind, pending) and not _denied(kind, normal):
        return RedFlag(kind, "(classifier)")
    return None


def _denied(kind: str, normal: str) -> bool:
    """The message names the red flag only to deny it ("I'm not suicidal", "puedo respirar")."""
    cues = {SELF_HARM: SELF_HARM_CUES, ALLERGIC_REACTION: ALLERGIC_CUES,
            INFECTION: INFECTION_CUES}[kind]
    for clause in CLAUSE_SPLIT.split(normal):
        if any(_negated(clause, m.start()) for m in cues.finditer(clause)):
            return True
    return bool(re.search(r"\b(?:not|never|no) (?:\w+ )?(?:suicidal|going to hurt|hurt|harm)\b|"
                          r"\bpuedo respirar bien\b|\bcan breathe (?:fine|ok|normally)\b", normal))


def plausible_report(text: str, normal: str, kind: str, pending: str | None) -> bool:
    """Nothing in the whole message says it is not a report: no joke or figure of speech, and
    for symptoms no negation, no question about a risk, no past story, no screening answer."""
    if LAUGHTER.search(normal) or (kind == SELF_HARM and FIGURATIVE.search(normal)):
        return False
    if kind == SELF_HARM:
        return True
    if pending in ("face_infection", "immune_suppression", "keloid_tendency"):
        return False
    cleaned = PSEUDO_NEGATION.sub(" ", normal)
    question = text.strip().endswith("?") or bool(QUESTION_START.match(normal))
    return not (NEGATION.search(cleaned) or HYPOTHETICAL.search(normal)
                or (question and not _asserted(normal))
                or (PAST_ONLY.search(normal) and not NOW.search(normal)))


def _from_patterns(text: str, normal: str, pending: str | None) -> RedFlag | None:
    clauses = [c.strip() for c in CLAUSE_SPLIT.split(normal) if c.strip()]
    whole_is_question = text.strip().endswith("?") or text.strip().startswith("\u00bf")
    found = {}
    for kind, cues in ((SELF_HARM, SELF_HARM_CUES), (ALLERGIC_REACTION, ALLERGIC_CUES),
                       (INFECTION, INFECTION_CUES)):
        flag = _first_report(kind, cues, clauses, whole_is_question, pending, normal)
        if flag:
            found[kind] = flag
    if SELF_HARM in found:
        return found[SELF_HARM]
    allergic, infection = found.get(ALLERGIC_REACTION), found.get(INFECTION)
    if allergic and infection and not STRONG_ALLERGIC.search(allergic.cue):
        return infection
    return allergic or infection


def _first_report(
    kind: str, cues: Pattern[str], clauses: List[str], whole_is_question: bool,
    pending: str | None, normal: str,
) -> RedFlag | None:
    for index, clause in enumerate(clauses):
        question = (whole_is_question and index == len(clauses) - 1) or bool(
            QUESTION_START.match(clause))
        for match in cues.finditer(clause):
            if _reports(kind, clause, match, question, pending, normal):
                return RedFlag(kind, match.group(0).strip())
    return None


def _reports(
    kind: str, clause: str, match: re.Match[str], question: bool, pending: str | None,
    whole: str,
) -> bool:
    if _negated(clause, match.start(), None if kind == SELF_HARM else match.end()):
        return False
    if kind == SELF_HARM:
        return not FIGURATIVE.search(clause)
    experienced = bool(EXPERIENCE.search(clause))
    hypothetical = bool(HYPOTHETICAL.search(clause[: match.start()]))
    if (question or hypothetical) and not _asserted(clause):
        return False
    if question and hypothetical and not (OWN_TREATMENT.search(clause) or NOW.search(clause)):
        return False  # "how do I know if it's infected?", "what if my throat gets tight?"
    if LAUGHTER.search(whole):
        return False  # "can't breathe, I'm laughing so hard"
    if kind == INFECTION and ILLNESS.search(clause) and not TREATMENT_WORDS.search(whole):
        return False
    # Someone else's allergic reaction is an emergency all the same; their infection is the
    # clinic's business only after a treatment ("need to reschedule, my son has a fever").
    if (kind == INFECTION and THIRD_PARTY.search(clause) and not experienced
            and not TREATMENT_WORDS.search(whole)):
        return False
    if PAST_ONLY.search(clause) and not NOW.search(clause):
        return False
    if kind == INFECTION and pending == "face_infection":
        # Answering "do you have a skin infection or cold sore right now?": an infection is a
        # contraindication to note, an emergency only when it followed a treatment or spreads.
        return bool(POST_TREATMENT_OR_SPREADING.search(whole))
    return not (kind == ALLERGIC_REACTION and HYPOTHETICAL.search(clause) and not experienced)


def _asserted(clause: str) -> bool:
    """The clause says the visitor has it now, even inside a question."""
    if OWN_TREATMENT.search(clause):
        return True
    return bool(EXPERIENCE.search(clause)) and not re.search(
        r"\b(?:could|can|will|would|might|should) i\b|\bto (?:have|get)\b|\bif i\b", clause)


# Said after the symptom: "fever is long gone", "the swelling went away".
RESOLVED_AFTER = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:(?:is|are|was|were) (?:long )?gone|went away|"
                            r"cleared up|has resolved|resolved|se me quito|ya se fue)\b")


def _negated(clause: str, cue_start: int, cue_end: int | None = None) -> bool:
    if cue_end is not None and RESOLVED_AFTER.search(clause[cue_end:]):
        # Only for symptoms: "if I was gone" is no relief.
        return True
    before = clause[:cue_start]
    scope_ends = [m.end() for m in SCOPE_END.finditer(before)]
    if scope_ends:
        before = before[max(scope_ends):]
    for pseudo in PSEUDO_NEGATION.finditer(before):
        before = before[: pseudo.start()] + " " * len(pseudo.group(0)) + before[pseudo.end():]
    negations = list(NEGATION.finditer(before))
    if not negations:
        return False
    words_between = len(before[negations[-1].end():].split())
    return words_between <= NEGATION_WINDOW
