"""The studies behind the rules (rules.md §7) and each rule's rationale, for the Why? button."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.rules import registry as r


@dataclass(frozen=True, slots=True)
class Citation:
    tag: str
    authors: str
    title: str
    year: int
    journal: str
    volume: str  # volume(issue):pages or article number
    doi: str
    finding: str
    verified: bool = True  # bibliographic data and finding read in the source itself

    @property
    def url(self) -> str:
        return f"https://doi.org/{self.doi}"

    @property
    def first_author(self) -> str:
        return self.authors.split(",")[0].split()[0]


CITATIONS: tuple[Citation, ...] = (
    Citation(
        "R23",
        "Refalo MC, Helms ER, Trexler ET, Hamilton DL, Fyfe JJ",
        "Influence of resistance training proximity-to-failure on skeletal muscle hypertrophy: "
        "a systematic review with meta-analysis",
        2023, "Sports Medicine", "53(3):649–665", "10.1007/s40279-022-01784-y",
        "trivial size advantage for set failure (ES 0.19); none for momentary failure "
        "(ES 0.12, ns)",
    ),
    Citation(
        "RB24",
        "Robinson ZP, Pelland JC, Remmert JF, Refalo MC, Jukic I, Steele J, Zourdos MC",
        "Exploring the dose–response relationship between estimated resistance training "
        "proximity to failure, strength gain, and muscle hypertrophy: a series of "
        "meta-regressions",
        2024, "Sports Medicine", "54(9):2209–2231", "10.1007/s40279-024-02069-2",
        "size gains rise as sets end closer to failure; strength largely unaffected "
        "(known only from summaries: no rule relies on it)",
        verified=False,
    ),
    Citation(
        "RF24",
        "Refalo MC, Helms ER, Robinson ZP, Hamilton DL, Fyfe JJ",
        "Similar muscle hypertrophy following eight weeks of resistance training to momentary "
        "muscular failure or with repetitions-in-reserve in resistance-trained individuals",
        2024, "J Sports Sciences", "42(1):85–101", "10.1080/02640414.2024.2321021",
        "1–2 RIR grew the quadriceps as much as failure; failure caused more acute fatigue",
    ),
    Citation(
        "G22",
        "Grgic J, Schoenfeld BJ, Orazem J, Sabol F",
        "Effects of resistance training performed to repetition failure or non-failure on "
        "muscular strength and hypertrophy: a systematic review and meta-analysis",
        2022, "J Sport Health Sci", "11(2):202–211", "10.1016/j.jshs.2021.01.007",
        "no difference for strength (ES −0.09) or size (ES 0.22); non-failure better for "
        "strength when volume not equated (ES −0.32)",
    ),
    Citation(
        "V21",
        "Vieira AF, Umpierre D, Teodoro JL, Lisboa SC, Baroni BM, Izquierdo M, Cadore EL",
        "Effects of resistance training performed to failure or not to failure on muscle "
        "strength, hypertrophy, and power output: a systematic review with meta-analysis",
        2021, "J Strength Cond Res", "35(4):1165–1175", "10.1519/JSC.0000000000003936",
        "no strength difference overall (SMD −0.08); non-failure better with non-equalized "
        "volume (SMD −0.34)",
    ),
    Citation(
        "VJ22",
        "Vieira JG, Sardeli AV, Dias MR, et al.",
        "Effects of resistance training to muscle failure on acute fatigue: a systematic "
        "review and meta-analysis",
        2022, "Sports Medicine", "52(5):1103–1125", "10.1007/s40279-021-01602-x",
        "pooled: failure caused a greater acute loss of jump height, bar velocity, power or "
        "isometric strength than non-failure",
    ),
    Citation(
        "D16",
        "Davies T, Orr R, Halaki M, Hackett D",
        "Effect of training leading to repetition failure on muscular strength: a systematic "
        "review and meta-analysis",
        2016, "Sports Medicine", "46(4):487–502", "10.1007/s40279-015-0451-3",
        "small effect favouring non-failure for strength (ES 0.34), also with compound "
        "exercises and trained lifters",
    ),
    Citation(
        "MN17",
        "Morán-Navarro R, Pérez CE, Mora-Rodríguez R, et al.",
        "Time course of recovery following resistance training leading or not to failure",
        2017, "Eur J Appl Physiol", "117(12):2387–2399", "10.1007/s00421-017-3725-7",
        "3×10 to failure (bench, squat) slowed recovery 24–48 h vs the same volume as 6×5",
    ),
    Citation(
        "PB17",
        "Pareja-Blanco F, Rodríguez-Rosell D, Sánchez-Medina L, et al.",
        "Effects of velocity loss during resistance training on athletic performance, "
        "strength gains and muscle adaptations",
        2017, "Scand J Med Sci Sports", "27(7):724–735", "10.1111/sms.12678",
        "20 % velocity loss: same squat strength as 40 % with 40 % fewer reps, better jump",
    ),
    Citation(
        "Z16",
        "Zourdos MC, Klemp A, Dolan C, et al.",
        "Novel resistance training-specific rating of perceived exertion scale measuring "
        "repetitions in reserve",
        2016, "J Strength Cond Res", "30(1):267–275", "10.1519/JSC.0000000000001049",
        "RPE 10 = 0 RIR, RPE 9 = 1 RIR; RPE tracks bar velocity",
    ),
    Citation(
        "H16",
        "Helms ER, Cronin J, Storey A, Zourdos MC",
        "Application of the repetitions in reserve-based rating of perceived exertion scale "
        "for resistance training",
        2016, "Strength Cond J", "38(4):42–49", "10.1519/SSC.0000000000000218",
        "how to use RIR-based RPE to set and log effort",
    ),
    Citation(
        "HK17",
        "Hackett DA, Cobley SP, Davies TB, Michael SW, Halaki M",
        "Accuracy in estimating repetitions to failure during resistance exercise",
        2017, "J Strength Cond Res", "31(8):2162–2168", "10.1519/JSC.0000000000001683",
        "estimate error ≈1 rep at 0–5 reps from failure, >2 at 7–10",
    ),
    Citation(
        "B23",
        "Bell L, Strafford BW, Coleman M, Androulakis Korakakis P, Nolan D",
        "Integrating deloading into strength and physique sports training programmes: an "
        "international Delphi consensus approach",
        2023, "Sports Med Open", "9:87", "10.1186/s40798-023-00633-0",
        "consensus definition of deloading; full agreement that it may reduce volume, "
        "intensity, frequency or proximity to failure",
    ),
    Citation(
        "RG24",
        "Rogerson D, Nolan D, Androulakis Korakakis P, Immonen V, Wolf M, Bell L",
        "Deloading practices in strength and physique sports: a cross-sectional survey",
        2024, "Sports Med Open", "10:26", "10.1186/s40798-024-00691-y",
        "deload every 5.6 ± 2.3 weeks for 6.4 ± 1.7 days; pre-planned or when performance "
        "stalls; fewer reps and sets, lower load, more RIR, same frequency and exercises",
    ),
    Citation(
        "C24",
        "Coleman M, Burke R, Augustin F, et al.",
        "Gaining more from doing less? The effects of a one-week deload period during "
        "supervised resistance training on muscular adaptations",
        2024, "PeerJ", "12:e16777", "10.7717/peerj.16777",
        "a week off at mid-programme: similar hypertrophy, smaller strength gains than "
        "training through",
    ),
    Citation(
        "BZ93",
        "Brzycki M",
        "Strength testing — predicting a one-rep max from reps-to-fatigue",
        1993, "J Phys Educ Recreat Dance", "64(1):88–90", "10.1080/07303084.1993.10606684",
        "1RM = load × 36/(37 − reps) (citation verified in reference lists; practitioner "
        "journal)",
    ),
    Citation(
        "RY06",
        "Reynolds JM, Gordon TJ, Robergs RA",
        "Prediction of one repetition maximum strength from multiple repetition maximum "
        "testing and anthropometry",
        2006, "J Strength Cond Res", "20(3):584–592", "10.1519/R-15304.1",
        "no more than 10 reps should be used in linear 1RM equations",
    ),
)  # fmt: skip
CITATION_BY_TAG: Mapping[str, Citation] = {c.tag: c for c in CITATIONS}

_AS_RULE_3 = (
    "Failure adds acute fatigue and gives no clear strength gain, at most a trivial size "
    "advantage; stopping 1–2 reps short grew muscle as well as failure in trained lifters."
)

RATIONALES: Mapping[str, str] = {
    r.FAIL_IN_DELOAD: (
        "A deload lowers volume and effort so fatigue can clear; sets to failure undo it."
    ),
    r.FAIL_HEAVY_COMPOUND: (
        "Training short of failure gave equal or slightly better strength gains, compound "
        "lifts included. Failure on squat and bench slowed recovery by 24–48 h and adds acute "
        "fatigue; stopping at 20 % velocity loss gave the same squat strength with 40 % fewer "
        "reps. That failure on heavy squats and deadlifts risks injury is expert practice, "
        "not trial evidence."
    ),
    r.TOO_MANY_FAILURE_SETS: (
        _AS_RULE_3 + " The limit of 2 per workout is the source articles' advice."
    ),
    r.FAIL_NON_FINAL_SET: (
        "Failure on every set cost more fatigue and recovery than the same volume stopped "
        "short, so failure, if any, belongs on the last set."
    ),
    r.DELOAD_SUGGESTED: (
        "Lifters deload when performance stalls as well as on a plan; a deload is a spell "
        "of reduced stress to shed fatigue."
    ),
    r.FAILURE_SHARE_STREAK: (
        _AS_RULE_3 + " Chronic overuse slowing progress is the source articles' experience; "
        "the meta-analyses show no strength benefit from failure."
    ),
    r.FAILURE_SHARE_HIGH: (
        _AS_RULE_3 + " 30 % is a product default: two failure sets in a 15–20-set workout "
        "is 10–13 %, all-isolation-to-failure days reach 50 % and more."
    ),
    r.REPS_DECLINE: (
        "Fewer reps at the same load is lost performance, the usual trigger for a reactive deload."
    ),
    r.E1RM_DECLINE: (
        "A falling estimated 1RM is lost performance, the usual trigger for a reactive "
        "deload; the Brzycki e1RM lets sessions at different loads be compared."
    ),
    r.DELOAD_DUE: (
        "Lifters deload about every 5–6 weeks (5.6 ± 2.3 in a survey of 246 athletes), "
        "mostly on a plan: a week of about half the sets, 3+ reps in reserve and no failure."
    ),
}


def citations_for(rule_id: str) -> tuple[Citation, ...]:
    """The sources of a rule, in the order the rule cites them."""
    return tuple(CITATION_BY_TAG[t] for t in r.RULE_BY_ID[rule_id].tags)
