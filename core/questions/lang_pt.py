"""Portuguese question words (Brazil and Portugal; accents optional)."""

from __future__ import annotations

from core.questions.lexicon import HELP, HOW_TO, Cue, Lexicon, PeriodRule
from core.questions.model import Intent
from core.questions.periods import PeriodKind as K

_BEST, _LAST, _HISTORY = Cue(Intent.BEST), Cue(Intent.LAST), Cue(Intent.HISTORY)
_VOLUME, _COUNT, _TREND = Cue(Intent.VOLUME), Cue(Intent.COUNT), Cue(Intent.TREND)
_FAILURE, _MUSCLE = Cue(Intent.FAILURE), Cue(Intent.MUSCLE)
_SHOW = Cue(Intent.HISTORY, strong=False)

LEXICON = Lexicon(
    language="pt",
    phrases={
        # time
        "hoje": PeriodRule(K.TODAY),
        "ontem": PeriodRule(K.YESTERDAY),
        "anteontem": PeriodRule(K.DAYS_AGO, 2),
        "há <n> dias|dia": PeriodRule(K.DAYS_AGO, takes="n"),
        "<n> dias|dia atrás": PeriodRule(K.DAYS_AGO, takes="n"),
        "<n> de <mon>": PeriodRule(K.ON_DATE, takes="n", with_month=True),
        "esta|essa|nesta|nessa semana": PeriodRule(K.THIS_WEEK),
        "semana passada": PeriodRule(K.LAST_WEEK),
        "este|esse|neste|nesse mês": PeriodRule(K.THIS_MONTH),
        "mês passado": PeriodRule(K.LAST_MONTH),
        "último mês": PeriodRule(K.LAST_DAYS, 30),
        "este|esse|neste|nesse ano": PeriodRule(K.THIS_YEAR),
        "ano passado": PeriodRule(K.LAST_YEAR),
        "últimos|ultimas <n> dias|dia": PeriodRule(K.LAST_DAYS, takes="n"),
        "últimas|ultimos <n> semanas|semana": PeriodRule(K.LAST_WEEKS, takes="n"),
        "últimos|ultimas <n> meses|mês": PeriodRule(K.LAST_MONTHS, takes="n"),
        "<wd> feira": PeriodRule(K.ON_WEEKDAY, takes="wd"),
        "desde <wd>": PeriodRule(K.SINCE_WEEKDAY, takes="wd"),
        "desde a|o <wd>": PeriodRule(K.SINCE_WEEKDAY, takes="wd"),
        "em|durante <mon>": PeriodRule(K.IN_MONTH, takes="mon"),
        "em|durante <mon> de <year>": PeriodRule(K.IN_MONTH, takes="mon", with_year=True),
        "desde <mon> de <year>": PeriodRule(K.SINCE_MONTH, takes="mon", with_year=True),
        "em <year>": PeriodRule(K.IN_YEAR, takes="year"),
        "todos os tempos": PeriodRule(K.ALL_TIME),
        "desde sempre": PeriodRule(K.ALL_TIME),
        "desde que comecei": PeriodRule(K.ALL_TIME),
        # records
        "recorde|recordes|melhor|melhores|máximo|máxima": _BEST,
        "carga máxima": _BEST,
        "mais pesado|pesada|peso": _BEST,
        # last time
        "quando": _LAST,
        "última vez": _LAST,
        "último treino": _LAST,
        # history
        "que eu fiz|treinei|levantei": _HISTORY,
        "que fiz|treinei": _HISTORY,
        "histórico|registro|registros|diário": _HISTORY,
        "mostra|mostre|mostrar|lista": _SHOW,
        # amounts
        "quanto|quanta|quantos|quantas": _VOLUME,
        "tonelagem": _VOLUME,
        "estatísticas|resumo": _VOLUME,
        "quantas vezes": _COUNT,
        "quantos treinos|dias": _COUNT,
        "com que frequência": _COUNT,
        "frequência": _COUNT,
        # progress
        "progresso|progressão|evolução|gráfico|tendência": _TREND,
        # failure
        "falha|falhas": _FAILURE,
        "falhei": Cue(Intent.FAILURE, statement=True),
        # muscles
        "músculo|músculos": _MUSCLE,
        "grupo|grupos muscular|musculares": _MUSCLE,
        "que posso perguntar": HELP,
        "como posso|faço|registro|anoto": HOW_TO,
    },
    weak=(
        "eu meu minha meus minhas me o a os as um uma de do da dos das no na nos nas em com por"
        " para pelo pela e ou é foi são era tem tenho tive já até agora favor quilos kg libras"
        " vez feira último última"
    ),
    training="treinei treino treinos treinar academia séries série repetições exercício"
    " exercícios fiz levantei",
    asks="qual quais que",
    shapes=("que|qual|quais|como|quando|onde|quanto|quanta|quantos|quantas|mostra|mostre|mostrar",),
    chatter="obrigado obrigada valeu oi ola tchau legal kkk beleza",
    weekdays={
        "segunda": 0,
        "terça terca": 1,
        "quarta": 2,
        "quinta": 3,
        "sexta": 4,
        "sábado": 5,
        "domingo": 6,
    },
    months={
        "janeiro": 1,
        "fevereiro": 2,
        "março": 3,
        "abril": 4,
        "maio": 5,
        "junho": 6,
        "julho": 7,
        "agosto": 8,
        "setembro": 9,
        "outubro": 10,
        "novembro": 11,
        "dezembro": 12,
    },
    numbers={
        "um uma": 1,
        "dois duas": 2,
        "três": 3,
        "quatro": 4,
        "cinco": 5,
        "seis": 6,
        "sete": 7,
        "oito": 8,
        "nove": 9,
        "dez": 10,
    },
    muscles={
        "pernas|perna|membros inferiores|dia de perna": "legs",
        "membros superiores": "upper_body",
        "peito|peitoral": "chest",
        "costas": "back",
        "lombar": "lower_back",
        "dorsais|dorsal": "lats",
        "trapézio": "traps",
        "ombros|ombro|deltoides": "shoulders",
        "braços|braço": "arms",
        "bíceps": "biceps",
        "tríceps": "triceps",
        "antebraços|antebraço": "forearms",
        "abdômen|abdomen|abdominais|abdominal|core": "core",
        "glúteos|glúteo|bumbum": "glutes",
        "posterior|posteriores|posterior de coxa": "hamstrings",
        "quadríceps": "quads",
        "panturrilhas|panturrilha": "calves",
        "pescoço": "neck",
    },
    verbs={
        "agachei": "agachamento",
        "supinei": "supino",
    },
)
