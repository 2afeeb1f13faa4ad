"""German question words (umlauts optional: `Rücken` and `Rucken` fold the same; ß = ss)."""

from __future__ import annotations

from core.questions.lexicon import HELP, HOW_TO, Cue, Lexicon, PeriodRule
from core.questions.model import Intent
from core.questions.periods import PeriodKind as K

_BEST, _LAST, _HISTORY = Cue(Intent.BEST), Cue(Intent.LAST), Cue(Intent.HISTORY)
_VOLUME, _COUNT, _TREND = Cue(Intent.VOLUME), Cue(Intent.COUNT), Cue(Intent.TREND)
_FAILURE, _MUSCLE = Cue(Intent.FAILURE), Cue(Intent.MUSCLE)
_SHOW = Cue(Intent.HISTORY, strong=False)

_LAST_ = "letzte|letzten|letzter|letztem|letztes|vorige|vorigen|voriger|vergangene|vergangenen"

LEXICON = Lexicon(
    language="de",
    phrases={
        # time
        "heute|heutige|heutigen": PeriodRule(K.TODAY),
        "gestern|gestrige|gestrigen": PeriodRule(K.YESTERDAY),
        "vorgestern": PeriodRule(K.DAYS_AGO, 2),
        "vor <n> tagen|tag": PeriodRule(K.DAYS_AGO, takes="n"),
        "<n> <mon>": PeriodRule(K.ON_DATE, takes="n", with_month=True),
        "<n> <mon> <year>": PeriodRule(K.ON_DATE, takes="n", with_month=True, with_year=True),
        "diese|dieser|diesen woche": PeriodRule(K.THIS_WEEK),
        f"{_LAST_} woche": PeriodRule(K.LAST_WEEK),
        "diesen|diesem|dieser monat|monats": PeriodRule(K.THIS_MONTH),
        f"{_LAST_} monat|monats": PeriodRule(K.LAST_MONTH),
        "dieses|diesem|diesen jahr|jahres": PeriodRule(K.THIS_YEAR),
        f"{_LAST_} jahr|jahres": PeriodRule(K.LAST_YEAR),
        f"{_LAST_} <n> tage|tagen|tag": PeriodRule(K.LAST_DAYS, takes="n"),
        f"{_LAST_} <n> wochen|woche": PeriodRule(K.LAST_WEEKS, takes="n"),
        f"{_LAST_} <n> monate|monaten|monat": PeriodRule(K.LAST_MONTHS, takes="n"),
        "seit <wd>": PeriodRule(K.SINCE_WEEKDAY, takes="wd"),
        "im <mon>": PeriodRule(K.IN_MONTH, takes="mon"),
        "im <mon> <year>": PeriodRule(K.IN_MONTH, takes="mon", with_year=True),
        "seit <mon>": PeriodRule(K.SINCE_MONTH, takes="mon"),
        "seit <mon> <year>": PeriodRule(K.SINCE_MONTH, takes="mon", with_year=True),
        "im jahr <year>": PeriodRule(K.IN_YEAR, takes="year"),
        "seit <year>": PeriodRule(K.SINCE_MONTH, takes="year"),
        "aller zeiten": PeriodRule(K.ALL_TIME),
        "jemals|überhaupt": PeriodRule(K.ALL_TIME),
        "seit beginn|anfang": PeriodRule(K.ALL_TIME),
        # records
        "rekord|rekorde|bestleistung|bestleistungen|bestwert|bestwerte|bestzeit": _BEST,
        "bestes|beste|besten|bester|maximum|maximal|maximalkraft|schwerste|schwersten": _BEST,
        "meiste|meisten": _BEST,
        # last time
        "wann": _LAST,
        "zuletzt": _LAST,
        "letzte|letztes mal": _LAST,
        "letzte|letztes training|einheit": _LAST,
        # history
        "was hab|habe|hatte ich": _HISTORY,
        "verlauf|protokoll|tagebuch|historie": _HISTORY,
        "zeig|zeige|zeigen|anzeigen|liste": _SHOW,
        # amounts
        "wie viel|viele": _VOLUME,
        "wieviel|wieviele": _VOLUME,
        "volumen|gesamtgewicht|trainingsvolumen": _VOLUME,
        "statistik|statistiken|zusammenfassung|überblick": _VOLUME,
        "wie oft": _COUNT,
        "wie viele male|trainings|einheiten|tage|workouts|mal": _COUNT,
        "wieviele male|trainings|einheiten|tage|workouts|mal": _COUNT,
        "anzahl trainings|einheiten|workouts": _COUNT,
        "häufigkeit": _COUNT,
        # progress
        "fortschritt|fortschritte|entwicklung|diagramm|grafik|kurve|steigerung": _TREND,
        # failure
        "versagen|muskelversagen|ausbelastung": _FAILURE,
        # muscles
        "muskel|muskeln|muskelgruppe|muskelgruppen|körperteil|körperteile": _MUSCLE,
        "was kann ich fragen": HELP,
        "wie kann|soll|muss|trage ich": HOW_TO,
    },
    weak=(
        "ich mein meine meinen meinem meiner meines mir mich der die das den dem des ein eine"
        " einen einem im in am an auf bei beim zum zur von vom mit für und oder hab habe hatte"
        " hast ist war sind wurde bin es wie so bisher schon noch mal denn eigentlich bitte kilo"
        " pfund insgesamt gerade jetzt letzte letzten letztes pro je bis"
    ),
    training=(
        "trainiert training trainings trainieren workout einheit einheiten sätze satz"
        " wiederholungen übung übungen gemacht getan fitnessstudio gym"
    ),
    asks="welche welcher welches welchen",
    # `was` alone is English too (`I was tired`): only with its verb.
    shapes=(
        "welche|welcher|welches|welchen|wie|wann|wo|warum|wieviel|wieviele|zeig|zeige|zeigen"
        "|anzeigen",
        "was ist|sind|war|waren|hab|habe|hatte",
    ),
    chatter="danke hallo moin servus tschuss super toll",
    weekdays={
        "montag": 0,
        "dienstag": 1,
        "mittwoch": 2,
        "donnerstag": 3,
        "freitag": 4,
        "samstag sonnabend": 5,
        "sonntag": 6,
    },
    months={
        "januar jänner": 1,
        "februar": 2,
        "märz": 3,
        "april": 4,
        "mai": 5,
        "juni": 6,
        "juli": 7,
        "august": 8,
        "september": 9,
        "oktober": 10,
        "november": 11,
        "dezember": 12,
    },
    numbers={
        "eins einen": 1,
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "fünf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
    },
    muscles={
        "beine|bein|beintag|unterkörper": "legs",
        "oberkörper": "upper_body",
        "brust|brustmuskel|brustmuskeln": "chest",
        "rücken": "back",
        "unterer rücken|unteren rücken": "lower_back",
        "oberer rücken|oberen rücken": "upper_back",
        "latissimus": "lats",
        "nacken|trapez": "traps",
        "schultern|schulter": "shoulders",
        "arme|arm": "arms",
        "bizeps": "biceps",
        "trizeps": "triceps",
        "unterarme|unterarm": "forearms",
        "bauch|bauchmuskeln|rumpf": "core",
        "po|gesäß|gluteus": "glutes",
        "hamstrings": "hamstrings",
        "quadrizeps|oberschenkel": "quads",
        "waden|wade": "calves",
        "hals": "neck",
    },
)
