"""Write a synthetic but realistic manual of N procedures (seeded: same N and seed, same bytes)."""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

CATEGORY_NAMES = [
    ("customer-service", "Customer service", "CS"),
    ("kitchen", "Kitchen", "KT"),
    ("food-safety", "Food safety", "FS"),
    ("front-of-house", "Front of house", "FH"),
    ("cash-handling", "Cash handling", "CH"),
    ("opening-closing", "Opening and closing", "OC"),
    ("cleaning", "Cleaning", "CL"),
    ("maintenance", "Maintenance", "MT"),
    ("receiving", "Receiving and storage", "RS"),
    ("inventory", "Inventory", "IN"),
    ("hr", "People and hiring", "HR"),
    ("training", "Training", "TR"),
    ("health-safety", "Health and safety", "HS"),
    ("emergencies", "Emergencies", "EM"),
    ("it-systems", "Tills and IT systems", "IT"),
    ("delivery", "Delivery and takeaway", "DL"),
    ("catering", "Catering and events", "CE"),
    ("purchasing", "Purchasing", "PU"),
    ("quality", "Quality checks", "QC"),
    ("marketing", "Marketing and social media", "MK"),
]

ROLES = [
    ("barista", "Barista"),
    ("cook", "Cook"),
    ("server", "Server"),
    ("shift-lead", "Shift lead"),
    ("store-manager", "Store manager"),
    ("area-manager", "Area manager"),
    ("support-agent", "Support agent"),
    ("support-lead", "Support lead"),
    ("cleaner", "Cleaner"),
    ("technician", "Maintenance technician"),
    ("buyer", "Buyer"),
    ("trainer", "Trainer"),
    ("safety-officer", "Health and safety officer"),
    ("hr-partner", "HR partner"),
    ("operations-manager", "Operations manager"),
]

VERBS = [
    "Check",
    "Clean",
    "Record",
    "Switch off",
    "Wipe down",
    "Inspect",
    "Label",
    "Count",
    "Restock",
    "Measure",
    "Log",
    "Photograph",
    "Sign off",
    "Empty",
    "Refill",
    "Calibrate",
    "Test",
    "Rotate",
    "Seal",
    "Sanitise",
    "Confirm",
    "Prepare",
    "Weigh",
    "Store",
    "Report",
    "Close",
]
OBJECTS = [
    "the espresso machine",
    "the walk-in fridge",
    "the prep counter",
    "the till drawer",
    "the delivery note",
    "the allergen board",
    "the grease trap",
    "the fire exit",
    "the first-aid kit",
    "the dishwasher",
    "the milk steamer",
    "the temperature log",
    "the waste bins",
    "the loyalty tablet",
    "the card reader",
    "the ice machine",
    "the fryer oil",
    "the stock room shelves",
    "the cold-chain label",
    "the rota",
    "the incident form",
    "the cleaning schedule",
    "the safe",
    "the customer's order",
]
DETAILS = [
    "before the first customer arrives",
    "at the end of every shift",
    "with a fresh cloth",
    "using the blue sanitiser",
    "against the checklist on the wall",
    "in the shared log",
    "and note the time",
    "with a colleague watching",
    "following the colour-coded chart",
    "until the reading is stable",
    "so the next shift can see it",
    "without skipping a shelf",
]
WHYS = [
    "Inspectors check this first, and a gap in the log counts as a failure.",
    "Skipping it is the most common cause of complaints we trace back.",
    "Bacteria multiply fastest between 8 and 63 °C.",
    "The next shift relies on it to start on time.",
    "Insurance only covers us when this is recorded.",
    "Customers with allergies depend on it; a mistake can put someone in hospital.",
    "It stops small faults becoming expensive repairs.",
    "Cash differences are much harder to explain the next day.",
]
QUESTIONS = [
    (
        "Why is the reading different on the second thermometer?",
        "Probes drift; the one that was calibrated this month wins.",
        "Spare probes are not on the calibration schedule.",
    ),
    (
        "Why do we log this when nothing went wrong?",
        "The log proves that nothing went wrong; an empty log proves nothing.",
        "New starters are not told what the log is for.",
    ),
    (
        "What if the manager is not on site?",
        "Call the on-call manager; the number is on the board by the office.",
        "The escalation card was not updated after the last rota change.",
    ),
    (
        "Why does the till ask for a second sign-off?",
        "Any refund over the limit needs a second person, by design.",
        "The limit is not shown on the till screen.",
    ),
]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(DETAILS)}."


def slug_of(words: str) -> str:
    return "-".join("".join(c for c in w.lower() if c.isalnum()) for w in words.split()[:3])


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (safe for any text the generator makes)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def manual_yaml(categories: list[tuple[str, str, str]]) -> str:
    lines = [
        "title: Harbour Street Group — Operations Manual",
        "organization: Harbour Street Group",
        "language: en",
        # Generated dates lie in 2026; a long cycle keeps the benchmark manual free of overdue
        # warnings for years, so "validates clean" stays true.
        "review_every_months: 36",
        'report_problem_url: "https://example.org/issues/new?title={id}%20{title}"',
        "categories:",
    ]
    for cid, title, prefix in categories:
        lines += [
            f"  - id: {cid}",
            f"    title: {title}",
            f"    prefix: {prefix}",
            f"    description: How we handle {title.lower()}, step by step.",
        ]
    lines.append("roles:")
    for rid, title in ROLES:
        lines += [f"  - id: {rid}", f"    title: {title}", f"    description: The {title.lower()}."]
    lines += [
        "glossary:",
        "  - term: HACCP",
        "    definition: Hazard analysis and critical control points.",
        "  - term: FIFO",
        "    definition: First in, first out — use the oldest stock first.",
    ]
    return "\n".join(lines) + "\n"


def step_yaml(rng: random.Random, number: int, roles: list[str], indent: str) -> list[str]:
    """One top-level step: an action with substeps, some with why/verify/warnings."""
    role = rng.choice(roles)
    lines = [
        f"{indent}- id: step-{number}",
        f"{indent}  do: {quoted(sentence(rng))}",
        f"{indent}  role: {role}",
    ]
    if rng.random() < 0.35:
        lines += [f"{indent}  critical: true", f"{indent}  why: {quoted(rng.choice(WHYS))}"]
    elif rng.random() < 0.4:
        lines.append(f"{indent}  why: {quoted(rng.choice(WHYS))}")
    lines.append(f"{indent}  minutes: {rng.choice([1, 2, 3, 5, 10, 15])}")
    if rng.random() < 0.3:
        kind = rng.choice(["warning", "caution", "note", "tip"])
        lines.append(f"{indent}  {kind}: {quoted(sentence(rng))}")
    if number == 3 or rng.random() < 0.3:  # every procedure has a second-person check
        checker = rng.choice([r for r in roles if r != role])
        lines.append(f"{indent}  verify: {{by: {checker}, check: {quoted(sentence(rng))}}}")
    if rng.random() < 0.3:
        lines.append(f"{indent}  record: {quoted('The time and your initials, in the log.')}")
    if rng.random() < 0.6:
        lines.append(f"{indent}  substeps:")
        for _ in range(rng.randint(2, 3)):
            lines.append(f"{indent}    - do: {quoted(sentence(rng))}")
    return lines


def procedure_yaml(
    rng: random.Random,
    pid: str,
    category: str,
    all_ids: list[str],
    status: str,
    superseded_by: str | None,
) -> str:
    roles = rng.sample([r for r, _ in ROLES], 4)
    owner, approver = rng.sample([r for r, _ in ROLES if r not in roles], 2)
    effective = date(2026, 1, 5) + timedelta(days=rng.randint(0, 280))
    title_obj = rng.choice(OBJECTS).removeprefix("the ")
    title = f"{rng.choice(VERBS)} {title_obj}"
    lines = [
        f"id: {pid}",
        f"title: {quoted(title)}",
        f"category: {category}",
        f"status: {status}",
        'revision: "2"',
        f"owner: {owner}",
        f"approved_by: {approver}",
        f"effective: {effective.isoformat()}",
        f"last_reviewed: {effective.isoformat()}",
        f"summary: {quoted(f'How to {title.lower()} safely, the same way on every shift.')}",
        f"trigger: {quoted(f'The shift starts, or {rng.choice(OBJECTS)} needs attention.')}",
        "purpose: >-",
        f"  {sentence(rng)} {rng.choice(WHYS)}",
        f"scope: {quoted(f'Every site, every shift. Applies to {title_obj}.')}",
        f"roles: [{', '.join(roles)}]",
        f"tags: [{category}, {rng.choice(['daily', 'weekly', 'monthly', 'on-demand'])}]",
        "before_you_start:",
        f"  - {quoted(sentence(rng))}",
        f"  - {quoted('Wash your hands and put on a clean apron.')}",
        "materials:",
        f"  - {quoted('Blue cloth and sanitiser spray')}",
        f"  - {quoted('Probe thermometer')}",
        "specs:",
        f"  - {{item: Water temperature, value: {rng.randint(60, 82)} °C, tolerance: ± 2 °C}}",
        f"  - {{item: Contact time, value: {rng.randint(30, 120)} seconds, tolerance: at least}}",
        "steps:",
    ]
    for number in range(1, 10):
        lines += step_yaml(rng, number, roles, "  ")
        if number == 4:
            # A decision in the middle that jumps ahead or runs its own steps.
            lines += [
                "  - id: decide-fault",
                f"    decide: {quoted(f'Is {rng.choice(OBJECTS)} working normally?')}",
                f"    role: {roles[0]}",
                "    options:",
                '      - when: "Yes"',
                "        goto: step-7",
                '      - when: "No"',
                "        steps:",
                f"          - do: {quoted(sentence(rng))}",
                f"          - do: {quoted('Tell the shift lead and note the fault in the log.')}",
                "        goto: step-5",
            ]
    lines += [
        "metrics:",
        f"  - name: {quoted(f'Missed checks of {title_obj} per month')}",
        '    target: "0"',
        f"    investigate_when: {quoted('More than one missed check in a month.')}",
        f"    how_measured: {quoted('Count blank lines in the log at the monthly audit.')}",
        "recurring_questions:",
    ]
    for question, answer, cause in rng.sample(QUESTIONS, 2):
        lines += [
            f"  - question: {quoted(question)}",
            f"    answer: {quoted(answer)}",
            f"    root_cause: {quoted(cause)}",
            f"    step: step-{rng.randint(1, 9)}",
        ]
    lines += ["records:", f"  - {quoted(f'{title} log, kept for two years')}"]
    others = [other for other in rng.sample(all_ids, min(3, len(all_ids))) if other != pid]
    if others:
        lines.append(f"related: [{', '.join(others[:2])}]")
    if superseded_by:
        lines.append(f"superseded_by: {superseded_by}")
    lines += [
        "references:",
        f'  - {{title: {quoted("Manufacturer manual")}, url: "https://example.com/manual.pdf"}}',
        "changes:",
        f'  - {{revision: "2", date: {effective.isoformat()}, '
        f"summary: {quoted('Clearer wording after the audit.')}, by: {owner}}}",
        f'  - {{revision: "1", date: 2025-06-01, summary: First version., by: {owner}}}',
    ]
    return "\n".join(lines) + "\n"


def generate(n: int, out: Path, seed: int = 1, categories: int = 20) -> Path:
    """Write ``out/procedures/`` with manual.yaml and N procedures; returns the manual folder."""
    rng = random.Random(seed)
    cats = CATEGORY_NAMES[: max(1, min(categories, len(CATEGORY_NAMES)))]
    manual_dir = out / "procedures"
    if manual_dir.exists():
        shutil.rmtree(manual_dir)
    manual_dir.mkdir(parents=True)
    (manual_dir / "manual.yaml").write_text(manual_yaml(cats), encoding="utf-8")
    plan: list[tuple[str, str, str]] = []  # (id, category, prefix)
    for index in range(n):
        cid, _, prefix = cats[index % len(cats)]
        plan.append((f"{prefix}-{index // len(cats) + 1:03d}", cid, prefix))
    ids = [pid for pid, _, _ in plan]
    for index, (pid, cid, _) in enumerate(plan):
        roll = rng.random()
        status, successor = "effective", None
        if roll < 0.03 and index + len(cats) < n:
            status, successor = "retired", ids[index + len(cats)]
        elif roll < 0.06:
            status = rng.choice(["draft", "in-review"])
        text = procedure_yaml(rng, pid, cid, ids, status, successor)
        folder = manual_dir / cid
        folder.mkdir(exist_ok=True)
        (folder / f"{pid}.yaml").write_text(text, encoding="utf-8")
    return manual_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="number of procedures")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/manual-1000"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--categories", type=int, default=20)
    args = parser.parse_args(argv)
    manual_dir = generate(args.n, args.out, args.seed, args.categories)
    print(f"Wrote {args.n} procedures to {manual_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
