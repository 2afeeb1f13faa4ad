"""Spanish question words (accents optional: `cuántas` and `cuantas` fold the same)."""

from __future__ import annotations

from core.questions.lexicon import HELP, HOW_TO, Cue, Lexicon, PeriodRule
from core.questions.model import Intent
from core.questions.periods import PeriodKind as K

_BEST, _LAST, _HISTORY = Cue(Intent.BEST), Cue(Intent.LAST), Cue(Intent.HISTORY)
_VOLUME, _COUNT, _TREND = Cue(Intent.VOLUME), Cue(Intent.COUNT), Cue(Intent.TREND)
_FAILURE, _MUSCLE = Cue(Intent.FAILURE), Cue(Intent.MUSCLE)
_SHOW = Cue(Intent.HISTORY, strong=False)

LEXICON = Lexicon(
    language="es",
    phrases={
        # time
        "hoy": PeriodRule(K.TODAY),
        "ayer": PeriodRule(K.YESTERDAY),
        "anteayer|antier": PeriodRule(K.DAYS_AGO, 2),
        "hace <n> dias|dia": PeriodRule(K.DAYS_AGO, takes="n"),
        "<n> de <mon>": PeriodRule(K.ON_DATE, takes="n", with_month=True),
        "<n> de <mon> de <year>": PeriodRule(K.ON_DATE, takes="n", with_month=True, with_year=True),
        "esta|estas semana": PeriodRule(K.THIS_WEEK),
        "semana pasada|anterior": PeriodRule(K.LAST_WEEK),
        "ultima semana": PeriodRule(K.LAST_DAYS, 7),
        "este mes": PeriodRule(K.THIS_MONTH),
        "mes pasado|anterior": PeriodRule(K.LAST_MONTH),
        "ultimo mes": PeriodRule(K.LAST_DAYS, 30),
        "este año": PeriodRule(K.THIS_YEAR),
        "año pasado|anterior": PeriodRule(K.LAST_YEAR),
        "ultimos|ultimas <n> dias|dia": PeriodRule(K.LAST_DAYS, takes="n"),
        "ultimas|ultimos <n> semanas|semana": PeriodRule(K.LAST_WEEKS, takes="n"),
        "ultimos|ultimas <n> meses|mes": PeriodRule(K.LAST_MONTHS, takes="n"),
        "desde <wd>": PeriodRule(K.SINCE_WEEKDAY, takes="wd"),
        "desde el <wd>": PeriodRule(K.SINCE_WEEKDAY, takes="wd"),
        "en|durante <mon>": PeriodRule(K.IN_MONTH, takes="mon"),
        "en|durante <mon> <year>": PeriodRule(K.IN_MONTH, takes="mon", with_year=True),
        "en|durante <mon> de <year>": PeriodRule(K.IN_MONTH, takes="mon", with_year=True),
        "desde <mon>": PeriodRule(K.SINCE_MONTH, takes="mon"),
        "desde <mon> de <year>": PeriodRule(K.SINCE_MONTH, takes="mon", with_year=True),
        "en <year>": PeriodRule(K.IN_YEAR, takes="year"),
        "desde <year>": PeriodRule(K.SINCE_MONTH, takes="year"),
        "todos los tiempos": PeriodRule(K.ALL_TIME),
        "de siempre": PeriodRule(K.ALL_TIME),
        "desde que empece": PeriodRule(K.ALL_TIME),
        # records
        "record|records|mejor|mejores|maximo|maxima|maximos|rm|marca|marcas": _BEST,
        "mas pesado|pesada|peso": _BEST,
        # last time
        "cuando": _LAST,
        "ultima vez": _LAST,
        "ultimo entrenamiento|entreno": _LAST,
        # history
        "que hice|entrene|levante|hizo": _HISTORY,
        "historial|registro|diario|bitacora": _HISTORY,
        "muestrame|muestra|mostrar|ensename|ver|lista": _SHOW,
        # amounts
        "cuanto|cuanta|cuantos|cuantas": _VOLUME,
        "volumen|tonelaje": _VOLUME,
        "peso total": _VOLUME,
        "estadisticas|resumen": _VOLUME,
        "cuantas veces": _COUNT,
        "cuantos entrenamientos|entrenos|dias|sesiones": _COUNT,
        "con que frecuencia": _COUNT,
        "frecuencia": _COUNT,
        # progress
        "progreso|progresion|evolucion|tendencia|grafico|grafica|mejora": _TREND,
        # failure
        "fallo|fallos|falla|fallas": _FAILURE,
        "fallar|falle": Cue(Intent.FAILURE, statement=True),
        # muscles
        "musculo|musculos|muscular|musculares": _MUSCLE,
        "que puedo preguntar": HELP,
        "como puedo|hago|registro|anoto|agrego|borro": HOW_TO,
    },
    weak=(
        "mi mis me yo el la los las lo un una unos unas de del al en a con por para y o es fue"
        " son era ha he has han hecho ya hasta ahora favor porfa porfavor kilos libras vez"
        " ultimo ultima mas total"
    ),
    training=(
        "entrene entreno entrenos entrenar entrenamiento entrenamientos gimnasio gym series serie"
        " repeticiones reps ejercicio ejercicios hice hizo levante"
    ),
    asks="que cual cuales",
    shapes=(
        "que|cual|cuales|como|cuando|donde|cuanto|cuanta|cuantos|cuantas|muestrame|muestra"
        "|mostrar|ensename",
    ),
    chatter="gracias hola vale genial jaja adios buenas",
    weekdays={
        "lunes": 0,
        "martes": 1,
        "miercoles": 2,
        "jueves": 3,
        "viernes": 4,
        "sabado": 5,
        "domingo": 6,
    },
    months={
        "enero": 1,
        "febrero": 2,
        "marzo": 3,
        "abril": 4,
        "mayo": 5,
        "junio": 6,
        "julio": 7,
        "agosto": 8,
        "septiembre setiembre": 9,
        "octubre": 10,
        "noviembre": 11,
        "diciembre": 12,
    },
    numbers={
        "uno una": 1,
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
    },
    muscles={
        "piernas|pierna|tren inferior|dia de pierna": "legs",
        "tren superior": "upper_body",
        "pecho|pectorales|pectoral": "chest",
        "espalda": "back",
        "espalda baja|lumbar|lumbares": "lower_back",
        "dorsales|dorsal": "lats",
        "trapecios|trapecio": "traps",
        "hombros|hombro|deltoides": "shoulders",
        "brazos|brazo": "arms",
        "biceps": "biceps",
        "triceps": "triceps",
        "antebrazos|antebrazo": "forearms",
        "abdominales|abdomen|abs|core": "core",
        "gluteos|gluteo": "glutes",
        "isquiotibiales|isquios|femorales|femoral": "hamstrings",
        "cuadriceps": "quads",
        "gemelos|pantorrillas|pantorrilla": "calves",
        "cuello": "neck",
    },
)
