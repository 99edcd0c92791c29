"""A procedure's decisions as a flowchart: a layout of boxes, diamonds and arrows, then inline SVG.

Pure and deterministic: the same procedure gives the same bytes. No JavaScript, no external
program. The layout is one column in reading order (the order of the numbered steps below
it), so it reads on a phone as it does on paper; arrows that do not go to the next row (a
``goto``, an option that skips the other option's steps, a loop back) run in lanes beside
the column, the shortest nearest, so they do not cross each other's ends.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from sopgen.model import Manual, Procedure, Step
from sopgen.render.strings import Strings
from sopgen.render.text import one_line, plain

# Geometry, in SVG user units (CSS pixels at scale 1). The column is narrow enough for a phone.
MARGIN = 8
WIDTH = 264  # of a step box or a decision diamond
GAP = 22  # between rows: room for an arrow
LANE_GAP = 12  # between the lanes of the arrows beside the column
LANE_START = 14  # from the column to the first lane
LINE = 16  # text line height
PAD = 8
ROLE_LINE = 15
STEP_CHARS = 34  # characters per line of a step's text (13 px text in the box's width)
DECISION_CHARS = 24  # a diamond is narrower where its text is
OPTION_CHARS = 30
STEP_LINES = 2
OPTION_LINES = 2
PALETTE = 6  # role colours: sop-fc-r0 ... sop-fc-r5 in the style sheet
ARROW = 6  # arrowhead length
ROLE_CHAR = 5.8  # average width of a character of 11 px text
OFFSET = 6  # arrows leaving and entering a shape's side do so above and below its middle


# Node, Edge and _Spec are named tuples rather than dataclasses: as immutable, and made five
# times faster (a frozen dataclass sets each field through object.__setattr__), which counts
# with a dozen shapes and arrows on each of thousands of pages.
class Node(NamedTuple):
    """One shape of the chart, placed: a step, a decision, an option's label, or the end."""

    key: str
    kind: str  # "step" | "decision" | "option" | "end"
    number: str
    lines: tuple[str, ...]
    role: str  # role title(s), "" for options and the end
    role_colour: int  # index into the palette; -1: none
    critical: bool
    href: str | None  # "#step-listen"
    x: float
    y: float
    width: float
    height: float

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2

    def side_x(self, dy: float) -> float:
        """Where a horizontal line at ``cy + dy`` meets the shape's trailing (lane) side."""
        right = self.x + self.width
        if self.kind == "decision":
            return right - (self.width / 2) * (abs(dy) / (self.height / 2))
        if self.kind in ("option", "end"):  # round ends
            radius = self.height / 2
            return right - radius + math.sqrt(max(0.0, radius * radius - dy * dy))
        return right


class Edge(NamedTuple):
    source: int  # row of the node the arrow leaves
    target: int
    lane: int | None  # None: straight down to the next row


@dataclass(frozen=True)
class Layout:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    width: float
    height: float
    rtl: bool


def has_decision(procedure: Procedure) -> bool:
    return any(step.is_decision for step in procedure.all_steps())


def wrap(value: str, chars: int, max_lines: int) -> tuple[str, ...]:
    """Words in lines of at most ``chars`` characters; the last line shown ends with "…"."""
    lines: list[str] = []
    current = ""
    for word in value.split():
        while len(word) > chars:  # a word longer than a line is cut
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: chars - 1] + "-")
            word = word[chars - 1 :]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= chars:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = [*lines[: max_lines - 1], last[: chars - 1].rstrip(" ,;:.") + "…"]
    return tuple(lines) or ("",)


class _Spec(NamedTuple):
    key: str
    kind: str
    number: str
    text: str
    roles: tuple[str, ...]
    critical: bool
    href: str | None


class _Flow:
    """The chart's shapes in reading order and its arrows, by shape key."""

    def __init__(self, procedure: Procedure) -> None:
        self.specs: list[_Spec] = []
        self.arrows: list[tuple[str, str]] = []
        self.anchors = {step.anchor for step in procedure.all_steps()}
        self.sequence(procedure.steps, "end", procedure.roles)
        if any(target == "end" for _, target in self.arrows):
            self.specs.append(_Spec("end", "end", "", "", (), False, None))

    def goto(self, step_id: str) -> str | None:
        anchor = f"step-{step_id}"
        return anchor if anchor in self.anchors else None  # an unknown id is a validation error

    def arrow(self, source: str, target: str | None) -> None:
        if target is not None:
            self.arrows.append((source, target))

    def sequence(self, steps: tuple[Step, ...], after: str | None, roles: tuple[str, ...]) -> None:
        for index, step in enumerate(steps):
            following = steps[index + 1].anchor if index + 1 < len(steps) else after
            self.step(step, following, roles)

    def step(self, step: Step, following: str | None, inherited: tuple[str, ...]) -> None:
        roles = (step.role,) if step.role else inherited
        kind = "decision" if step.is_decision else "step"
        href = f"#{step.anchor}"
        self.specs.append(
            _Spec(step.anchor, kind, step.number, step.text, roles, step.critical, href)
        )
        # Substeps are the detail of their step, in the list below; the chart shows them only
        # when a decision is among them (a branch inside the step), after its options, as on
        # the page.
        shown = bool(step.substeps) and _decides(step.substeps)
        after_options = step.substeps[0].anchor if shown else following
        for index, option in enumerate(step.options):
            key = f"{step.anchor}/{index}"
            self.arrow(step.anchor, key)
            self.specs.append(_Spec(key, "option", "", option.when, (), False, href))
            then = self.goto(option.goto) if option.goto else after_options
            if option.steps:
                self.arrow(key, option.steps[0].anchor)
                self.sequence(option.steps, then, roles)
            else:
                self.arrow(key, then)
        if shown:
            if not step.options:
                self.arrow(step.anchor, step.substeps[0].anchor)
            self.sequence(step.substeps, following, roles)
        elif not step.options:
            self.arrow(step.anchor, following)


def _decides(steps: tuple[Step, ...]) -> bool:
    return any(inner.is_decision for step in steps for inner in step.walk())


def layout(procedure: Procedure, manual: Manual, t: Strings) -> Layout:
    """Where each shape and arrow of the procedure's chart goes."""
    flow = _Flow(procedure)
    role_index = {role.id: index for index, role in enumerate(manual.roles)}
    role_titles = {role.id: role.title for role in reversed(manual.roles)}
    nodes: list[Node] = []
    y = float(MARGIN)
    width: float
    height: float
    for spec in flow.specs:
        role = ", ".join([role_titles.get(r, r) for r in spec.roles])
        colour = role_index.get(spec.roles[0], -1) if len(spec.roles) == 1 else -1
        colour = colour % PALETTE if colour >= 0 else -1
        if spec.critical:
            role = f"⚠ {t('critical')} · {role}" if role else f"⚠ {t('critical')}"
        text = plain(spec.text, 200)
        if spec.kind == "step":
            lines = wrap(text, STEP_CHARS - len(spec.number) // 2, STEP_LINES)
            height = PAD + LINE * len(lines) + (ROLE_LINE if role else 0) + PAD
            width = WIDTH
        elif spec.kind == "decision":
            lines = wrap(text, DECISION_CHARS, STEP_LINES)
            block = LINE * len(lines) + (ROLE_LINE if role else 0)
            # Half the diamond's height such that the text block fits inside its slopes.
            height = round(2.5 * block) + 8
            width = WIDTH
        elif spec.kind == "option":
            lines = wrap(text, OPTION_CHARS, OPTION_LINES)
            height = 6 + LINE * len(lines) + 6
            longest = max(len(line) for line in lines)
            width = min(WIDTH - 48, max(64, longest * 6.6 + 28))
        else:
            lines = (t("flowchart_end"),)
            height, width = 28, 88
        x = MARGIN + (WIDTH - width) / 2
        nodes.append(
            Node(
                spec.key,
                spec.kind,
                spec.number,
                lines,
                role if spec.kind in ("step", "decision") else "",
                colour,
                spec.critical,
                spec.href,
                x,
                y,
                width,
                height,
            )
        )
        y += height + GAP
    row = {node.key: index for index, node in enumerate(nodes)}
    edges = _lanes([(row[s], row[d]) for s, d in flow.arrows if s in row and d in row])
    lanes = max((edge.lane + 1 for edge in edges if edge.lane is not None), default=0)
    width = MARGIN + WIDTH + (LANE_START + LANE_GAP * (lanes - 1) if lanes else 0) + MARGIN
    return Layout(tuple(nodes), tuple(edges), width, y - GAP + MARGIN, t.rtl)


def _lanes(arrows: list[tuple[int, int]]) -> tuple[Edge, ...]:
    """Straight arrows to the next row; the others get the first lane free over their rows
    (shortest first, so a short jump runs inside a long one and they do not cross)."""
    edges = [Edge(source, target, None) for source, target in arrows]
    taken: list[list[tuple[int, int]]] = []
    # Only the jumps take lanes, so only they are sorted (most arrows go to the next row).
    jumps = [(abs(t - s), min(s, t), (s, t), i) for i, (s, t) in enumerate(arrows) if t != s + 1]
    for _, _, (source, target), index in sorted(jumps):
        low, high = min(source, target), max(source, target)
        lane = 0
        while lane < len(taken) and any(lo <= high and low <= hi for lo, hi in taken[lane]):
            lane += 1
        if lane == len(taken):
            taken.append([])
        taken[lane].append((low, high))
        edges[index] = Edge(source, target, lane)
    return tuple(edges)


@lru_cache(maxsize=8192)
def _n(value: float) -> str:
    """A coordinate, short and the same on every machine."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=8192)
def _text(value: str) -> str:
    return html.escape(one_line(value), quote=False)


@lru_cache(maxsize=8192)
def _attr(value: str) -> str:
    return html.escape(one_line(value), quote=True)


class _Writer:
    """The layout as SVG markup, mirrored for right-to-left manuals."""

    def __init__(self, chart: Layout) -> None:
        self.chart = chart
        self.rtl = chart.rtl
        self.width = chart.width

    def x(self, value: float) -> float:
        return self.width - value if self.rtl else value

    def shape(self, node: Node) -> str:
        x0, y0, x1, y1 = node.x, node.y, node.x + node.width, node.y + node.height
        classes = f"sop-fc-{node.kind}" + (" sop-fc-critical" if node.critical else "")
        if node.kind == "decision":
            cx, cy = _n(self.x(node.cx)), _n(node.cy)
            points = f"{cx},{_n(y0)} {_n(self.x(x1))},{cy} {cx},{_n(y1)} {_n(self.x(x0))},{cy}"
            return f'<polygon class="{classes}" points="{points}"/>'
        radius = node.height / 2 if node.kind in ("option", "end") else 4
        left = min(self.x(x0), self.x(x1))
        return (
            f'<rect class="{classes}" x="{_n(left)}" y="{_n(y0)}" width="{_n(node.width)}" '
            f'height="{_n(node.height)}" rx="{_n(radius)}"/>'
        )

    def texts(self, node: Node) -> str:
        lines = node.lines
        block = LINE * len(lines) + (ROLE_LINE if node.role else 0)
        centred = node.kind != "step"
        if centred:
            top = node.cy - block / 2
            anchor, tx = ' text-anchor="middle"', node.cx
        else:
            top = node.y + PAD
            anchor, tx = "", node.x + PAD + 2
        x = _n(self.x(tx))
        out = []
        for index, line in enumerate(lines):
            content = _text(line)
            if index == 0 and node.number:
                content = f'<tspan class="sop-fc-number">{_text(node.number)}</tspan> {content}'
            out.append(f'<text x="{x}" y="{_n(top + LINE * index + 12)}"{anchor}>{content}</text>')
        if node.role:
            baseline = top + LINE * len(lines) + 11
            if node.role_colour >= 0:
                # The colour says the role at a glance; the words say it on black-and-white paper.
                if centred:  # the swatch before the centred words, the pair centred
                    sx = tx - (12 + ROLE_CHAR * len(node.role)) / 2
                    tx += 6
                else:
                    sx, tx = tx, tx + 12
                left = min(self.x(sx), self.x(sx + 8))
                out.append(
                    f'<rect class="sop-fc-r{node.role_colour}" x="{_n(left)}" '
                    f'y="{_n(baseline - 8)}" width="8" height="8"/>'
                )
            out.append(
                f'<text class="sop-fc-role" x="{_n(self.x(tx))}" y="{_n(baseline)}"{anchor}>'
                f"{_text(node.role)}</text>"
            )
        return "".join(out)

    def edge(self, edge: Edge) -> tuple[str, str]:
        """The arrow's line and head as path data: absolute moves, then horizontal and
        vertical lines (H, V) and relative ones (h, v, l), the shortest way to write them."""
        nodes = self.chart.nodes
        source, target = nodes[edge.source], nodes[edge.target]
        half = ARROW / 2 + 1  # half the head's width
        if edge.lane is None:
            top = target.y
            cx = self.x(target.cx)
            line = f"M{_n(self.x(source.cx))} {_n(source.y + source.height)}V{_n(top - ARROW)}"
            head = f"M{_n(cx - half)} {_n(top - ARROW)}h{_n(2 * half)}l{_n(-half)} {_n(ARROW)}z"
            return line, head
        lane_x = MARGIN + WIDTH + LANE_START + LANE_GAP * edge.lane
        sy, ty = source.cy + OFFSET, target.cy - OFFSET
        sx, tx = source.side_x(OFFSET), target.side_x(OFFSET)
        end = _n(self.x(tx + ARROW))
        line = f"M{_n(self.x(sx))} {_n(sy)}H{_n(self.x(lane_x))}V{_n(ty)}H{end}"
        back = ARROW if self.rtl else -ARROW  # the tip points back at the shape
        head = f"M{end} {_n(ty - half)}v{_n(2 * half)}l{_n(back)} {_n(-half)}z"
        return line, head


def flowchart_svg(
    procedure: Procedure, manual: Manual, t: Strings, described_by: str | None = None
) -> str:
    """The chart as an inline ``<svg>``; "" for a procedure without a decision.

    Each shape is a link to its step (the numbered list is the chart's text alternative:
    ``described_by`` names the element that says so). Fills, strokes and type come from
    the style sheet (assets/sopgen-pictures.css: schemes, print) by class."""
    if not has_decision(procedure):
        return ""
    chart = layout(procedure, manual, t)
    writer = _Writer(chart)
    label = t("flowchart_label", id=procedure.id)
    described = f' aria-describedby="{_attr(described_by)}"' if described_by else ""
    direction = "rtl" if chart.rtl else "ltr"
    width, height = _n(chart.width), _n(chart.height)
    parts = [
        f'<svg class="sop-fc" xmlns="http://www.w3.org/2000/svg" role="group" '
        f'aria-label="{_attr(label)}"{described} width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" direction="{direction}">',
    ]
    arrows = [writer.edge(edge) for edge in chart.edges]
    # All lines in one path, all heads in another: a page carries the chart in few bytes.
    lines, heads = "".join(a for a, _ in arrows), "".join(h for _, h in arrows)
    parts.append(f'<path class="sop-fc-line" d="{lines}"/><path class="sop-fc-head" d="{heads}"/>')
    for node in chart.nodes:
        shape = writer.shape(node) + writer.texts(node)
        if node.href:
            parts.append(f'<a href="{_attr(node.href)}">{shape}</a>')
        else:
            parts.append(f"<g>{shape}</g>")
    parts.append("</svg>")
    return "".join(parts)


NOTE_ID = "sop-flowchart-note"


def flowchart_figure(procedure: Procedure, manual: Manual, t: Strings) -> str:
    """The chart with its caption, for the top of the steps; "" without a decision. The
    caption says the numbered steps are the chart in words (the chart's text alternative)."""
    svg = flowchart_svg(procedure, manual, t, described_by=NOTE_ID)
    if not svg:
        return ""
    return (
        f'<figure class="sop-flowchart"><div class="sop-flowchart-chart">{svg}</div>'
        f'<figcaption id="{NOTE_ID}">{_text(t("flowchart_note"))}</figcaption></figure>'
    )
