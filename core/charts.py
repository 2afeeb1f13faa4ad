"""Summary charts as matplotlib Figures on the Agg canvas (never pyplot: no global state)."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from core.summaries import CLASSES, WeekSummary
from core.wording.summaries import CLASS_LABELS, chart_caption

WIDTH_IN, HEIGHT_IN, DPI = 6.0, 3.6, 100  # 600x360 px: sharp on a phone, small to send
THIS_WEEK, LAST_WEEK, FAILURE = "#2f6db5", "#b9c7d8", "#d0553b"


def week_chart(summary: WeekSummary) -> Figure:
    """Sets per muscle group this week against last week; the failure share by class when no
    catalogue muscles are known (custom exercises only)."""
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    if summary.muscles:
        names = [m.replace("_", " ").capitalize() for m, _, _ in summary.muscles][::-1]
        now = [v for _, v, _ in summary.muscles][::-1]
        before = [v - d for _, v, d in summary.muscles][::-1]
        y = range(len(names))
        ax.barh([i + 0.2 for i in y], before, height=0.4, color=LAST_WEEK, label="last week")
        ax.barh([i - 0.2 for i in y], now, height=0.4, color=THIS_WEEK, label="this week")
        ax.set_yticks(list(y), names)
        ax.set_xlabel("sets (secondary muscles count half)")
        ax.legend(loc="lower right", frameon=False, fontsize=8)
    else:
        rows = [(c, f, n) for c, f, n in summary.by_class if c in CLASSES]
        labels = [CLASS_LABELS[c] for c, _, _ in rows]
        ax.bar(labels, [n for _, _, n in rows], color=LAST_WEEK, label="working sets")
        ax.bar(labels, [f for _, f, _ in rows], color=FAILURE, label="to failure")
        ax.set_ylabel("sets")
        ax.legend(frameon=False, fontsize=8)
    ax.set_title(chart_caption(summary.week), fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    # Fixed margins: tight_layout would lay the figure out by drawing it a second time.
    fig.subplots_adjust(left=0.2, right=0.97, top=0.9, bottom=0.14)
    return fig


def png(fig: Figure) -> bytes:
    """Render to PNG bytes. CPU-bound: call it through asyncio.to_thread from async code."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
