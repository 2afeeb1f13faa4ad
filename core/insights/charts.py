"""Every chart (weekly summary, /chart, /volume, /failure, /bw) as a matplotlib Figure on the Agg
canvas (never pyplot: no global state); the one module that imports matplotlib."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import cast

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from core.calendar import Zone, zone_info
from core.insights import bodyweight
from core.insights.stats.progress import Point, Progress
from core.insights.stats.weeks import FailureView, Volume
from core.insights.summary.model import TOP_MUSCLES, WeekSummary
from core.insights.tally import CLASSES
from core.model import BodyweightEntry, Unit
from core.units import KG_PER_LB_FLOAT
from core.wording import bodyweight as bw_words
from core.wording import charts as chart_words
from core.wording import summaries as words

WIDTH_IN, HEIGHT_IN, DPI = 6.0, 3.6, 100  # 600x360 px: sharp on a phone, small to send
THIS_WEEK, LAST_WEEK, FAILURE = "#2f6db5", "#b9c7d8", "#d0553b"


def _figure() -> Figure:
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(fig)
    # Fixed margins: tight_layout would lay the figure out by drawing it a second time.
    fig.subplots_adjust(left=0.2, right=0.97, top=0.9, bottom=0.14)
    return fig


def _muscle_rows(summary: WeekSummary) -> tuple[list[str], list[float], list[float]]:
    """Names, this week's and last week's sets, the largest last (drawn at the top)."""
    rows = summary.muscles[::-1]
    names = [m.replace("_", " ").capitalize() for m, _, _ in rows]
    return names, [v for _, v, _ in rows], [v - d for _, v, d in rows]


def week_chart(summary: WeekSummary) -> Figure:
    """Sets per muscle group this week against last week; the failure share by class when no
    catalogue muscles are known (custom exercises only)."""
    fig = _figure()
    ax = fig.add_subplot()
    if summary.muscles:
        names, now, before = _muscle_rows(summary)
        y = range(len(names))
        ax.barh(
            [i + 0.2 for i in y], before, height=0.4, color=LAST_WEEK, label=words.CHART_LAST_WEEK
        )
        ax.barh([i - 0.2 for i in y], now, height=0.4, color=THIS_WEEK, label=words.CHART_THIS_WEEK)
        ax.set_yticks(list(y), names)
        ax.set_xlabel(words.CHART_MUSCLE_AXIS)
        ax.legend(loc="lower right", frameon=False, fontsize=8)
    else:
        rows = [(c, f, n) for c, f, n in summary.by_class if c in CLASSES]
        labels = [words.CLASS_LABELS[c] for c, _, _ in rows]
        ax.bar(labels, [n for _, _, n in rows], color=LAST_WEEK, label=words.CHART_WORKING_SETS)
        ax.bar(labels, [f for _, f, _ in rows], color=FAILURE, label=words.CHART_FAILURE_SETS)
        ax.set_ylabel(words.CHART_SETS)
        ax.legend(frameon=False, fontsize=8)
    ax.set_title(words.chart_caption(summary.week), fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def png(fig: Figure) -> bytes:
    """Render to PNG bytes. CPU-bound: async code draws through service.charts.ChartPool."""
    buffer = io.BytesIO()
    # The fastest zlib level: Telegram re-encodes photos anyway, so a smaller PNG buys nothing
    # and the default level costs a third of the drawing time.
    fig.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


class _MuscleTemplate:
    """The muscle chart built once, then re-filled per summary: building a Figure's axes, ticks
    and legend costs about as much as drawing it, and the tick fans out thousands of charts."""

    def __init__(self) -> None:
        self.fig = _figure()
        ax = self.ax = self.fig.add_subplot()
        y = range(TOP_MUSCLES)
        zeros = [0.0] * TOP_MUSCLES
        self.before = ax.barh([i + 0.2 for i in y], zeros, height=0.4, color=LAST_WEEK)
        self.now = ax.barh([i - 0.2 for i in y], zeros, height=0.4, color=THIS_WEEK)
        self.before.set_label(words.CHART_LAST_WEEK)
        self.now.set_label(words.CHART_THIS_WEEK)
        ax.set_yticks(list(y), [""] * TOP_MUSCLES)
        ax.set_xlabel(words.CHART_MUSCLE_AXIS)
        ax.legend(loc="lower right", frameon=False, fontsize=8)
        ax.spines[["top", "right"]].set_visible(False)
        self.title = ax.set_title("", fontsize=10)

    def render(self, summary: WeekSummary) -> bytes:
        names, now, before = _muscle_rows(summary)
        # Unused rows sit at the bottom, below the visible range.
        pad = TOP_MUSCLES - len(names)
        names, now, before = [""] * pad + names, [0.0] * pad + now, [0.0] * pad + before
        for bar, width in zip(self.now.patches, now, strict=True):
            bar.set_width(width)
        for bar, width in zip(self.before.patches, before, strict=True):
            bar.set_width(width)
        self.ax.set_yticks(list(range(TOP_MUSCLES)), names)
        self.ax.set_ylim(pad - 0.5, TOP_MUSCLES - 0.5)
        self.ax.set_xlim(0, max([*now, *before, 1.0]) * 1.05)
        self.title.set_text(words.chart_caption(summary.week))
        return png(self.fig)


_templates = threading.local()  # one per worker thread: Figures are not shared across threads


def week_png(summary: WeekSummary) -> bytes:
    """PNG of week_chart(summary), reusing this thread's muscle chart when it applies."""
    if not summary.muscles:
        return png(week_chart(summary))
    template: _MuscleTemplate | None = getattr(_templates, "muscles", None)
    if template is None:
        template = _templates.muscles = _MuscleTemplate()
    return template.render(summary)


# --- stats charts (/chart, /volume, /failure): sized and lettered for a phone screen ---------

# 800 px wide: a phone shows it full width, so text in points keeps its share of the screen
# (a higher dpi only sharpens it, at the cost of drawing time in proportion to the pixels).
PHONE_WIDTH_IN, PHONE_DPI = 8.0, 100
FONT, SMALL, TITLE = 15, 13, 17
NOT_FAILURE, DELOAD_SHADE, LOAD_COLOURS = "#2f6db5", "#e9e3d3", ("#2f6db5", "#6a9f3a", "#8e5bb5")
WEIGH_IN = "#8a9bb3"


def _phone_figure(height_in: float, rows: int = 1) -> tuple[Figure, list[Axes]]:
    fig = Figure(figsize=(PHONE_WIDTH_IN, height_in), dpi=PHONE_DPI)
    FigureCanvasAgg(fig)
    axes = [fig.add_subplot(rows, 1, 1)]
    axes += [fig.add_subplot(rows, 1, k + 1, sharex=axes[0]) for k in range(1, rows)]
    for ax in axes:
        ax.tick_params(labelsize=SMALL)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
    return fig, axes


_date2num = cast(Callable[[datetime], float], date2num)  # untyped in matplotlib


def _local(at: datetime, zone: Zone) -> float:
    """The local wall-clock time as a date-axis number: the axis shows the user's calendar."""
    return float(_date2num(at.astimezone(zone_info(zone)).replace(tzinfo=None)))


def _day_number(d: date) -> float:
    return float(_date2num(datetime.combine(d, datetime.min.time())))


def _shade_deloads(ax: Axes, weeks: Sequence[date]) -> None:
    for week in weeks:
        start = _day_number(week)
        ax.axvspan(start, start + 7, color=DELOAD_SHADE, zorder=0, linewidth=0)


def _date_axis(ax: Axes) -> None:
    locator = AutoDateLocator(minticks=3, maxticks=6)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    # Days read `17 Feb`, months `Mar`, years `2026`; no offset text in a corner.
    formatter = ConciseDateFormatter(  # type: ignore[no-untyped-call]
        locator,
        formats=["%Y", "%b", "%-d %b", "%H:%M", "%H:%M", "%S.%f"],
        zero_formats=["", "%Y", "%b", "%-d %b", "%H:%M", "%H:%M"],
        offset_formats=["", "", "", "", "", ""],
    )
    ax.xaxis.set_major_formatter(formatter)


def _points(ax: Axes, points: Sequence[Point], zone: Zone, colour: str, label: str) -> None:
    """A line through the sessions with a dot each, failure sets as red diamonds on top.
    Sessions in deload weeks are hollow and off the line: a planned light week is marked,
    never read as a drop. Plain lines with markers, not scatter: a fraction of the drawing."""
    xs = [_local(p.at, zone) for p in points]
    ys = [p.value for p in points]
    normal = [k for k, p in enumerate(points) if not p.deload]
    ax.plot(
        [xs[k] for k in normal],
        [ys[k] for k in normal],
        color=colour,
        linewidth=2.2,
        marker="o",
        markersize=5,
        zorder=2,
        label=label,
    )
    light = [k for k, p in enumerate(points) if p.deload]
    if light:
        ax.plot(
            [xs[k] for k in light],
            [ys[k] for k in light],
            linestyle="none",
            marker="o",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=colour,
            zorder=3,
        )
    failed = [k for k, p in enumerate(points) if p.failure and not p.deload]
    if failed:
        ax.plot(
            [xs[k] for k in failed],
            [ys[k] for k in failed],
            linestyle="none",
            marker="D",
            markersize=9,
            color=FAILURE,
            zorder=4,
        )


def progress_chart(p: Progress, unit: Unit, title: str, zone: Zone) -> Figure:
    """Best e1RM per session on top (most reps or longest hold where e1RM does not apply),
    reps to failure at the loads trained most below; failure sets red, deload weeks shaded."""
    rows = 2 if p.rtf else 1
    fig, axes = _phone_figure(7.2 if rows == 2 else 4.6, rows)
    top = axes[0]
    per = 1.0 if unit is Unit.KG else KG_PER_LB_FLOAT
    shown = [replace(q, value=q.value / per) for q in p.top] if p.kind == "e1rm" else list(p.top)
    _points(top, shown, zone, NOT_FAILURE, chart_words.TOP_LABELS[p.kind])
    top.set_ylabel(chart_words.top_axis(p.kind, unit, p.with_body), fontsize=FONT)
    if p.kind != "e1rm":
        top.yaxis.set_major_locator(MaxNLocator(integer=True))
    if p.failure_marked:
        # The red diamond gets one legend entry, on the top panel.
        top.plot(
            [],
            [],
            linestyle="none",
            marker="D",
            markersize=9,
            color=FAILURE,
            label=chart_words.TO_FAILURE,
        )
    handles, _ = top.get_legend_handles_labels()
    if p.deload_weeks:  # the shading's legend entry: a patch standing for it
        handles.append(Patch(facecolor=DELOAD_SHADE, label=chart_words.DELOAD_WEEK))
    top.legend(handles=handles, fontsize=SMALL, frameon=False, loc="best")
    top.set_title(title, fontsize=TITLE, loc="left")
    if p.rtf:
        ax = axes[1]
        for colour, series in zip(LOAD_COLOURS, p.rtf, strict=False):
            label = chart_words.load(series.weight, series.unit, bodyweight=series.bodyweight)
            _points(ax, series.points, zone, colour, label)
        ax.set_ylabel(chart_words.REPS_TO_FAILURE, fontsize=FONT)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(fontsize=SMALL, frameon=False, loc="best")
    for ax in axes:
        _shade_deloads(ax, p.deload_weeks)
        _date_axis(ax)
    if len(p.top) == 1:  # one session: keep the point off the frame
        for ax in axes:
            x = _local(p.top[0].at, zone)
            ax.set_xlim(x - 3, x + 3)
    fig.subplots_adjust(
        left=0.13,
        right=0.97,
        top=0.92 if rows == 2 else 0.88,
        bottom=0.09 if rows == 2 else 0.13,
        hspace=0.3,
    )
    return fig


def volume_chart(v: Volume, title: str) -> Figure:
    """Working sets per muscle group, this week against last week, most first (on top)."""
    rows = v.rows[:12][::-1]
    fig, (ax,) = _phone_figure(1.6 + 0.55 * max(len(rows), 3))
    y = range(len(rows))
    ax.barh(
        [i + 0.2 for i in y],
        [r.before for r in rows],
        height=0.4,
        color=LAST_WEEK,
        label=chart_words.LAST_WEEK,
    )
    ax.barh(
        [i - 0.2 for i in y],
        [r.now for r in rows],
        height=0.4,
        color=THIS_WEEK,
        label=chart_words.THIS_WEEK,
    )
    ax.set_yticks(list(y), [chart_words.muscle(r.muscle) for r in rows], fontsize=FONT)
    ax.set_xlabel(chart_words.VOLUME_AXIS, fontsize=FONT)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.grid(axis="y", visible=False)
    ax.legend(fontsize=SMALL, frameon=False, loc="lower right")
    ax.set_title(title, fontsize=TITLE, loc="left")
    fig.subplots_adjust(
        left=0.27, right=0.97, top=1 - 0.75 / fig.get_figheight(), bottom=0.9 / fig.get_figheight()
    )
    return fig


def failure_chart(view: FailureView, title: str) -> Figure:
    """Working sets per week with the failure sets in red, the share above each bar (from the
    rule's minimum of sets); deload weeks hatched."""
    fig, (ax,) = _phone_figure(5.0)
    weeks = [w.stats for w in view.weeks]
    x = range(len(weeks))
    labels = [chart_words.week_tick(w.week) for w in weeks]
    ax.bar(
        x,
        [w.working_sets for w in weeks],
        color=LAST_WEEK,
        label=chart_words.WORKING_SETS,
        width=0.7,
    )
    bars = ax.bar(
        x, [w.failure_sets for w in weeks], color=FAILURE, label=chart_words.TO_FAILURE, width=0.7
    )
    for k, w in enumerate(view.weeks):
        if w.stats.deload:
            bars[k].set_hatch("//")
            ax.text(
                k, 0, chart_words.DELOAD, rotation=90, ha="center", va="bottom", fontsize=SMALL - 2
            )
        if w.share_shown:
            colour = FAILURE if w.above else "#333333"
            ax.text(
                k,
                w.stats.working_sets,
                chart_words.share(w.stats.failure_sets, w.stats.working_sets),
                ha="center",
                va="bottom",
                fontsize=SMALL,
                color=colour,
            )
    ax.set_xticks(list(x), labels, fontsize=SMALL, rotation=0)
    ax.set_ylabel(chart_words.SETS_PER_WEEK, fontsize=FONT)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    top = max([w.working_sets for w in weeks] + [1])
    ax.set_ylim(0, top * 1.18)
    ax.legend(fontsize=SMALL, frameon=False, loc="upper left")
    ax.set_title(title, fontsize=TITLE, loc="left")
    fig.subplots_adjust(left=0.12, right=0.98, top=0.88, bottom=0.1)
    return fig


def bodyweight_chart(entries: Sequence[BodyweightEntry], unit: Unit) -> Figure:
    """Each day's weigh-in as a dot, the 7-day average as a line through them (one entry per
    local day, oldest first), in the user's unit; never less than 2 kg (4 lb) tall, so a
    day's water does not look like a trend."""
    fig, (ax,) = _phone_figure(4.6)
    per = 1.0 if unit is Unit.KG else KG_PER_LB_FLOAT
    xs = [_day_number(e.day) for e in entries]
    ys = [bodyweight.kg(e) / per for e in entries]
    ax.plot(
        xs,
        ys,
        linestyle="none",
        marker="o",
        markersize=6,
        color=WEIGH_IN,
        label=bw_words.CHART_DAILY,
        zorder=2,
    )
    if len(entries) >= 3:
        ax.plot(
            xs,
            [kg / per for _, kg in bodyweight.rolling_average(entries)],
            color=THIS_WEEK,
            linewidth=2.4,
            label=bw_words.CHART_AVERAGE,
            zorder=3,
        )
    low, high = min(ys), max(ys)
    least = 2.0 if unit is Unit.KG else 4.0
    if high - low < least:
        middle = (high + low) / 2
        low, high = middle - least / 2, middle + least / 2
    pad = (high - low) * 0.08
    ax.set_ylim(low - pad, high + pad)
    ax.set_ylabel(bw_words.chart_axis(unit), fontsize=FONT)
    ax.legend(fontsize=SMALL, frameon=False, loc="best")
    ax.set_title(bw_words.CHART_TITLE, fontsize=TITLE, loc="left")
    _date_axis(ax)
    if xs[-1] - xs[0] < 6:  # a few days: keep the dots off the frame
        ax.set_xlim(xs[0] - 3, xs[-1] + 3)
    fig.subplots_adjust(left=0.13, right=0.94, top=0.88, bottom=0.13)  # room for the last tick
    return fig


# --- one call per chart, from its inputs to PNG bytes (what service.charts hands a worker) ---


def progress_png(p: Progress, unit: Unit, title: str, zone: Zone) -> bytes:
    return png(progress_chart(p, unit, title, zone))


def volume_png(v: Volume, title: str) -> bytes:
    return png(volume_chart(v, title))


def failure_png(view: FailureView, title: str) -> bytes:
    return png(failure_chart(view, title))


def bodyweight_png(entries: Sequence[BodyweightEntry], unit: Unit) -> bytes:
    return png(bodyweight_chart(entries, unit))
