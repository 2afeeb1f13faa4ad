"""English question words: intents, time phrases, muscle groups."""

from __future__ import annotations

from core.questions.lexicon import HELP, HOW_TO, Cue, Lexicon, PeriodRule
from core.questions.model import Intent
from core.questions.periods import PeriodKind as K

_BEST, _LAST, _HISTORY = Cue(Intent.BEST), Cue(Intent.LAST), Cue(Intent.HISTORY)
_VOLUME, _COUNT, _TREND = Cue(Intent.VOLUME), Cue(Intent.COUNT), Cue(Intent.TREND)
_FAILURE, _MUSCLE = Cue(Intent.FAILURE), Cue(Intent.MUSCLE)
_SHOW = Cue(Intent.HISTORY, strong=False)
_TRENDED, _FAILED = Cue(Intent.TREND, statement=True), Cue(Intent.FAILURE, statement=True)
_DELOAD = Cue(Intent.DELOAD, statement=True)  # `deload week` alone is chat
_DELOAD_ASKED = Cue(Intent.DELOAD)

LEXICON = Lexicon(
    language="en",
    phrases={
        # time
        "today|tonight|todays": PeriodRule(K.TODAY),
        "this morning|afternoon|evening": PeriodRule(K.TODAY),
        "yesterday|yesterdays|yday": PeriodRule(K.YESTERDAY),
        "day before yesterday": PeriodRule(K.DAYS_AGO, 2),
        "<n> days|day ago": PeriodRule(K.DAYS_AGO, takes="n"),
        "<day>": PeriodRule(K.ON_DATE, takes="day"),
        "<day> of <mon>": PeriodRule(K.ON_DATE, takes="day", with_month=True),
        "<n> <mon>": PeriodRule(K.ON_DATE, takes="n", with_month=True),
        "<day> <mon>": PeriodRule(K.ON_DATE, takes="day", with_month=True),
        "<mon> <n>": PeriodRule(K.ON_DATE, takes="n", with_month=True),
        "<mon> <day>": PeriodRule(K.ON_DATE, takes="day", with_month=True),
        "in|on <mon> <n>": PeriodRule(K.ON_DATE, takes="n", with_month=True),
        "in|on <mon> <day>": PeriodRule(K.ON_DATE, takes="day", with_month=True),
        "<n> <mon> <year>": PeriodRule(K.ON_DATE, takes="n", with_month=True, with_year=True),
        "<mon> <n> <year>": PeriodRule(K.ON_DATE, takes="n", with_month=True, with_year=True),
        "this|current week|wk|weeks": PeriodRule(K.THIS_WEEK),
        "last|previous week|wk|weeks": PeriodRule(K.LAST_WEEK),
        "past week": PeriodRule(K.LAST_DAYS, 7),
        "past|last fortnight": PeriodRule(K.LAST_DAYS, 14),
        "this|current month|months": PeriodRule(K.THIS_MONTH),
        "last|previous month|months": PeriodRule(K.LAST_MONTH),
        "past month": PeriodRule(K.LAST_DAYS, 30),
        "this|current year|yr": PeriodRule(K.THIS_YEAR),
        "ytd": PeriodRule(K.THIS_YEAR),
        "year to date": PeriodRule(K.THIS_YEAR),
        "last|previous year|yr": PeriodRule(K.LAST_YEAR),
        "past year": PeriodRule(K.LAST_DAYS, 365),
        "last|past|previous <n> days|day|d": PeriodRule(K.LAST_DAYS, takes="n"),
        "last|past|previous <n> weeks|week|wks|wk|w": PeriodRule(K.LAST_WEEKS, takes="n"),
        "last|past|previous <n> months|month|mo|mos": PeriodRule(K.LAST_MONTHS, takes="n"),
        "<wd>": PeriodRule(K.ON_WEEKDAY, takes="wd"),
        "on mon": PeriodRule(K.ON_WEEKDAY, 0),
        "on tue|tues": PeriodRule(K.ON_WEEKDAY, 1),
        "on wed": PeriodRule(K.ON_WEEKDAY, 2),
        "on thu|thur|thurs": PeriodRule(K.ON_WEEKDAY, 3),
        "on fri": PeriodRule(K.ON_WEEKDAY, 4),
        "on sat": PeriodRule(K.ON_WEEKDAY, 5),
        "on sun": PeriodRule(K.ON_WEEKDAY, 6),
        "since <wd>": PeriodRule(K.SINCE_WEEKDAY, takes="wd"),
        "in|during|for <mon>": PeriodRule(K.IN_MONTH, takes="mon"),
        "in|during|for <mon> <year>": PeriodRule(K.IN_MONTH, takes="mon", with_year=True),
        "<mon> <year>": PeriodRule(K.IN_MONTH, takes="mon", with_year=True),
        "since|from <mon>": PeriodRule(K.SINCE_MONTH, takes="mon"),
        "since|from <mon> <year>": PeriodRule(K.SINCE_MONTH, takes="mon", with_year=True),
        "in|during <year>": PeriodRule(K.IN_YEAR, takes="year"),
        "since|from <year>": PeriodRule(K.SINCE_MONTH, takes="year"),
        "ever|alltime|overall": PeriodRule(K.ALL_TIME),
        "all time": PeriodRule(K.ALL_TIME),
        "since i started|began|begun": PeriodRule(K.ALL_TIME),
        "since the start|beginning": PeriodRule(K.ALL_TIME),
        # records
        "best|pr|prs|pb|pbs|record|records|max|maxes|maximum|1rm|e1rm|heaviest|strongest": _BEST,
        "personal best|bests|record|records": _BEST,
        "one rep max|maxes": _BEST,
        "rep max|maxes": _BEST,
        "top set|sets|weight": _BEST,
        "most weight|reps": _BEST,
        "the most": _BEST,
        "how much can i": _BEST,
        "how heavy": _BEST,
        "how strong": _BEST,  # how strong is my bench
        # last time
        "when": _LAST,
        "last time|session|workout|training": _LAST,
        "how long ago|since": _LAST,
        "most recent|recently": _LAST,
        "last|latest": Cue(Intent.LAST, strong=False),
        # history
        "what did i do|train|lift|log|hit": _HISTORY,
        "what have i done|trained|lifted|logged": _HISTORY,
        "what i did|trained": _HISTORY,
        "history|log|logs|logbook|diary|journal": _HISTORY,
        "show|list|see|display|view": _SHOW,
        "did i": _SHOW,
        "have i": _SHOW,
        # amounts
        "how much|many": _VOLUME,
        "volume|tonnage|workload": _VOLUME,
        "total weight|volume|tonnage|sets|reps": _VOLUME,
        "stats|statistics|summary|recap|overview|numbers": _VOLUME,
        "how many times|sessions|workouts|days|trainings|visits": _COUNT,
        "how many training|gym sessions|days": _COUNT,
        "how often|frequently|regularly": _COUNT,
        "number of times|sessions|workouts|days": _COUNT,
        "frequency": _COUNT,
        # progress
        "progress|progression|trend|trends|chart|graph|plot|improvement|evolution|curve": _TREND,
        "progressing|progressed|improving|improved": _TRENDED,
        "getting stronger|better|weaker": _TRENDED,
        "going up|down": _TRENDED,
        "going": _TRENDED,  # how's my bench going
        "coming along": _TRENDED,
        "plateau": _TREND,
        "increasing|increased|decreasing|stalling|stalled|plateaued": _TRENDED,
        "over time": _TREND,
        # failure
        "failure|failures|fails": _FAILURE,
        "fail|failed|failing": _FAILED,
        "to failure": _FAILURE,
        "failure share|rate|ratio|percentage|percent": _FAILURE,
        # deload
        "deload|deloads|deloading|overtraining|overtrained|overreaching|overreached": _DELOAD,
        "rest|recovery|easy week": _DELOAD,
        # asked, though shaped like no other question (`should` asks for advice, not data)
        "should|shall|must i deload|rest": _DELOAD_ASKED,
        "time for a|an deload|rest": _DELOAD_ASKED,
        "due a|an|for a|for an deload": _DELOAD_ASKED,
        # muscles
        "muscle|muscles|bodypart|bodyparts": _MUSCLE,
        "per|by|each|every muscle|muscles": _MUSCLE,
        "muscle group|groups": _MUSCLE,
        "per|by|each|every muscle group|groups": _MUSCLE,
        "body part|parts": _MUSCLE,
        "which|what muscles": _MUSCLE,
        # the list of questions
        "what can i ask": HELP,
        "what can you answer|tell": HELP,
        "what questions": HELP,
        # about the bot, not one's data: the not-a-log answer shows how to log
        "how do|does|can|could|should|would i|you|we": HOW_TO,
        "how to": HOW_TO,
    },
    weak=(
        "i im ive id me my mine myself we our us the a an of on in at for to with from by about"
        " and or so far did do does done doing have has had ve s t d ll m is was were are am be"
        " been being it its that this these those what whats which how hows can could would will"
        " you u ya please pls plz tell give get got go went going just also all any some there here"
        " now currently recently lately yet again first already then than really"
        " actually exactly roughly approx approximately like lol hey hi hello yo ok okay um"
        " thanks thx bro man dude buddy bot coach kg kgs kilo kilos kilograms lb lbs pound pounds"
        " didnt dont whens where wheres why over weekly week weeks per enough vs versus"
        " percent percentage share ratio proportion too much many often hard far"
        " need needs should shall must time due start starts starting before after soon"
    ),
    training=(
        "train trained training trainings workout workouts work worked working out exercise"
        " exercises exercised gym session sessions lift lifted lifting lifts set sets rep reps"
        " weight weights hit"
    ),
    asks="what whats which",
    shapes=(
        "what|whats|which|how|hows|when|whens|where|wheres|why|show|list|display|view|tell|give",
        # `is my bench …`
        "is|are|am|was|were|did|do|does|has|have|can|could|will i|my|you",
        "see my",
    ),
    chatter=(
        "thanks thank thx ty lol lmao haha hahaha nice cool great awesome amazing love hello hi"
        " hey yo ok okay sure bye cheers wow omg yay yeah nope new good bad"
    ),
    weekdays={
        "monday mondays": 0,
        "tuesday tuesdays": 1,
        "wednesday wednesdays": 2,
        "thursday thursdays": 3,
        "friday fridays": 4,
        "saturday saturdays": 5,
        "sunday sundays": 6,
    },
    months={
        "january jan": 1,
        "february feb": 2,
        "march mar": 3,
        "april apr": 4,
        "may": 5,
        "june jun": 6,
        "july jul": 7,
        "august aug": 8,
        "september sep sept": 9,
        "october oct": 10,
        "november nov": 11,
        "december dec": 12,
    },
    numbers={
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
    },
    muscles={
        "legs|leg|leg day|lower body|lower": "legs",
        "upper body|upper": "upper_body",
        "chest|pecs|pec|chest day": "chest",
        "back|back day": "back",
        "upper back": "upper_back",
        "lower back": "lower_back",
        "lats|lat": "lats",
        "traps|trap": "traps",
        "shoulders|shoulder|delts|delt|shoulder day": "shoulders",
        "front delts|front delt": "front_delts",
        "side delts|side delt|lateral delts": "side_delts",
        "rear delts|rear delt": "rear_delts",
        "arms|arm|arm day": "arms",
        "biceps|bicep": "biceps",
        "triceps|tricep": "triceps",
        "forearms|forearm|grip": "forearms",
        "core|abs|ab|obliques|midsection": "core",
        "glutes|glute|butt|booty": "glutes",
        "hamstrings|hamstring|hammies|hams": "hamstrings",
        "quads|quad|quadriceps|thighs": "quads",
        "calves|calf": "calves",
        "adductors|adductor": "adductors",
        "abductors|abductor": "abductors",
        "neck": "neck",
    },
    verbs={
        "benched benching": "bench",
        "squatted squatting": "squat",
        "deadlifted deadlifting": "deadlift",
        "pressed pressing": "press",
        "curled curling": "curl",
        "rowed": "row",
    },
)
