"""Summary charts as matplotlib Figures on the Agg canvas (never pyplot: no global state)."""

from __future__ import annotations

import io
import threading

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from core.insights.summary.model import CLASSES, TOP_MUSCLES, WeekSummary
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
    """Render to PNG bytes. CPU-bound: call it through asyncio.to_thread from async code."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
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
