"""The words the renderer writes itself, in the manual's language (English when missing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sopgen.render.translations import PLURALS_BY_LANGUAGE, WORDS_BY_LANGUAGE

if TYPE_CHECKING:
    from sopgen.model import Manual, Procedure

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})

EN: dict[str, str] = {
    "id": "ID",
    "revision": "Revision",
    "status": "Status",
    "owner": "Owner",
    "approved_by": "Approved by",
    "effective": "Effective",
    "next_review": "Next review",
    "overdue": "overdue",
    "time": "Time",
    "about_minutes": "about {minutes}",
    "seconds": "{n} s",
    "minutes": "{n} min",
    "hours": "{n} h",
    "hours_minutes": "{hours} {minutes}",
    "status_effective": "Effective",
    "status_retired": "Retired",
    "status_draft": "Draft",
    "status_in-review": "In review",
    "banner_overdue": "Review overdue",
    "banner_overdue_text": "This procedure was due for review on {date} and may be out of date: "
    "check with its owner ({owner}).",
    "banner_draft": "Draft",
    "banner_draft_text": "This procedure is a draft and not yet in force. Do not work from it.",
    "banner_in_review": "In review",
    "banner_in_review_text": "This revision is being reviewed and is not yet in force.",
    "banner_retired": "Retired",
    "banner_retired_text": "This procedure is no longer in use.",
    "banner_superseded": "Use {link} instead.",
    "when": "When to use it",
    "purpose": "Purpose",
    "scope": "Scope",
    "who": "Who does it",
    "before": "Before you start",
    "materials": "Materials",
    "specs": "Specifications",
    "spec_item": "Item",
    "spec_value": "Value",
    "spec_tolerance": "Tolerance",
    "steps": "Steps",
    "steps_intro": "{count}, {time}.",
    "steps_intro_untimed": "{count}.",
    "steps_count": "{count} steps",
    "steps_count_one": "1 step",
    "step": "Step {number}",
    "critical": "Critical step",
    "decide": "Decide",
    "why": "Why",
    "warning": "Warning",
    "caution": "Caution",
    "note": "Note",
    "tip": "Tip",
    "checked_by": "Checked by {role}",
    "sign_checked": "Checked by",
    "sign_signature": "Signature",
    "sign_date": "Date",
    "record": "Record",
    "see": "Carry out {link} here.",
    "option_if": "If {when}:",
    "goto": "go to {link}.",
    "then_goto": "Then go to {link}.",
    "not_published": "{id} (not published)",
    "metrics": "Metrics",
    "metric": "Metric",
    "target": "Target",
    "investigate_when": "Investigate when",
    "how_measured": "How measured",
    "questions": "Recurring questions",
    "question": "Question",
    "answer": "Answer",
    "root_cause": "Root cause",
    "traces_to": "Traces to",
    "records": "Records to keep",
    "related": "Related procedures",
    "supersedes": "Replaces {link}.",
    "references": "References",
    "changes": "Change history",
    "change_date": "Date",
    "change_summary": "What changed",
    "change_by": "By",
    "edit": "Edit this procedure",
    "report": "Report a problem",
    "print_uncontrolled": "Uncontrolled when printed — check the manual for the current revision.",
    "all_procedures": "All procedures",
    "title": "Title",
    "no_procedures": "No procedures yet.",
    "retired_list": "Retired procedures",
    "retired_note": "Kept for old links and printouts; do not work from them.",
    "drafts_list": "Drafts and procedures in review",
    "roles": "Roles",
    "role": "Role",
    "description": "Description",
    "roles_intro": "What each role does: the procedures and steps it performs or checks.",
    "role_title": "What the {role} does",
    "role_performs": "Performs",
    "role_checks": "Checks",
    "role_owns": "Owns",
    "role_approves": "Approves",
    "role_all_steps": "All steps",
    "role_nothing": "No procedure names this role yet.",
    "review": "Review",
    "review_intro": "Procedures to review as of {today}: overdue, due within {days} days, "
    "drafts and procedures in review, grouped by owner.",
    "review_none": "Nothing needs a review.",
    "review_state": "State",
    "review_due": "Due",
    "state_overdue": "Overdue by {days} days",
    "state_due-soon": "Due in {days} days",
    "state_draft": "Draft",
    "state_in-review": "In review",
    "procedure": "Procedure",
    "questions_intro": "What people keep asking, why, and the step that answers it.",
    "questions_none": "No recurring questions yet.",
    "metrics_intro": "The numbers that say something is wrong, and when to look.",
    "metrics_none": "No metrics yet.",
    "glossary": "Glossary",
    "glossary_none": "No terms yet.",
    "glossary_intro": "The words we use in this manual. In a procedure, a term with a dotted "
    "underline shows its meaning when you point at it or tap it.",
    "reference": "Reference",
    "fields": "Fields",
    "rules": "Rules",
    "categories": "Categories",
    "procedures": "Procedures",
    "tags": "Tags",
    "about": "About this procedure",
    "done_by": "Done by",
    "done_time": "Time",
    "list_separator": ", ",
    # Run mode (run.js) and the Runs section of a procedure page.
    "run_start": "Run this procedure",
    "run_intro": "Tick each step as you do it. Your run is kept on this device only, until you "
    "download or share its record.",
    "run_initials": "Your initials",
    "run_begin": "Start the run",
    "run_done": "Done",
    "run_value": "Reading",
    "run_record_value": "What you wrote down",
    "run_out_of_spec": "Outside the spec ({range}): do what the procedure says for it.",
    "run_in_spec": "Within the spec ({range}).",
    "range_between": "{low} to {high}",
    "range_at_most": "at most {value}",
    "range_at_least": "at least {value}",
    "range_exactly": "exactly {value}",
    "run_not_number": "Type a number, like 39.5.",
    "run_checker": "Checker's initials",
    "run_checker_same": "The checker must be someone other than {by}.",
    "run_answer": "Answer",
    "run_skipped": "Not needed on this run: an answer skipped it.",
    "run_pending": "Comes after a decision that is not answered yet.",
    "run_progress": "{done} of {total} steps done.",
    "run_finish": "Finish the run",
    "run_missing": "Still to do: {steps}.",
    "run_download": "Download the record",
    "run_share": "Share the record",
    "run_print": "Print the summary",
    "run_discard": "Discard this run",
    "run_old_revision": "This device holds an unfinished run of revision {old}; this page is "
    "revision {new}, so it cannot be continued. Discard it to start a new run.",
    "run_resume": "Run started {time} by {by}.",
    "run_finished": "Run finished. Download or share the record and give it to the owner of "
    "the manual.",
    "run_summary": "Run summary",
    "run_confirm_discard": "Discard this run? Its ticks and values will be lost.",
    "run_status": "Run",
    "run_step": "Step {number}",
    "run_by": "By",
    "run_started": "Started",
    "run_ended": "Finished",
    "run_new": "Start a new run",
    "runs": "Runs",
    "runs_intro": "The latest {shown} of {total} runs recorded in the manual, newest first.",
    "runs_started": "Started",
    "runs_by": "By",
    "runs_readings": "Readings",
    "runs_checks": "Checks",
    "runs_outside": "outside the spec",
    "runs_checked": "{step} checked by {by}",
    "runs_missed": "step {number}: check not signed",
    "runs_revision": "(revision {revision})",
    # Training records (people.yaml, signoffs/): the Training page and sign-off sheets.
    "training": "Training",
    "training_intro": "Who has signed the current revision of the procedures their roles do, as "
    "of {today}. Due: a material change since their last sign-off, or never signed.",
    "training_by_person": "By person",
    "training_by_procedure": "By procedure",
    "training_matrix": "Everyone and every procedure",
    "training_none_due": "Nobody is due to sign anything.",
    "training_nothing_due": "Nothing due.",
    "training_due": "Due",
    "training_current": "Current",
    "training_not_required": "Not required",
    "training_never_signed": "never signed",
    "training_signed": "signed revision {revision} on {date}",
    "training_due_people": "Due: {names}",
    "training_sheet": "Sign-off sheet",
    "sheet_title": "Sign-off sheet: {id} {title}",
    "sheet_changes": "What changed",
    "sheet_editorial": "editorial",
    "sheet_no_changes": "No change history is recorded.",
    "sheet_statement": "By signing you confirm that you have read revision {revision} of this "
    "procedure, or were trained in it, and will work to it.",
    "sheet_signatures": "Signatures",
    "sheet_name": "Name",
    "sheet_trainer": "Trained by",
    "sheet_back": "Back to the procedure",
    "sheet_print": "Print this page, have each person sign and date their row, then record "
    "each row with: {command}",
    "flowchart_label": "Flowchart of {id}: each shape links to its step",
    "flowchart_note": "The flowchart shows every decision at a glance; the numbered steps say "
    "the same in words.",
    "flowchart_end": "End",
    "short_opening": "Opening {link}.",
    "short_retired": "{id} is retired: do not work from it.",
    "short_superseded": "Use {link} instead.",
    "short_retired_page": "The retired version: {link}.",
    "label_link": "Print a label for the equipment",
    "label_hint": "Print this page on an A6 card or label; the QR code opens the current version.",
    "label_scan": "Scan for the current version",
    "qr_label": "QR code for {url}",
}

AR: dict[str, str] = {
    "id": "الرمز",
    "revision": "الإصدار",
    "status": "الحالة",
    "owner": "المسؤول",
    "approved_by": "اعتمده",
    "effective": "ساري من",
    "next_review": "المراجعة القادمة",
    "overdue": "متأخرة",
    "time": "المدة",
    "about_minutes": "حوالي {minutes}",
    "seconds": "{n} ثانية",
    "minutes": "{n} دقيقة",
    "hours": "{n} ساعة",
    "hours_minutes": "{hours} و{minutes}",
    "status_effective": "ساري",
    "status_retired": "ملغى",
    "status_draft": "مسودة",
    "status_in-review": "قيد المراجعة",
    "banner_overdue": "تأخرت المراجعة",
    "banner_overdue_text": "كان موعد مراجعة هذا الإجراء {date}. قد لا يكون محدثًا: "
    "راجع المسؤول عنه ({owner}).",
    "banner_draft": "مسودة",
    "banner_draft_text": "هذا الإجراء مسودة وغير معتمد بعد. لا تعمل به.",
    "banner_in_review": "قيد المراجعة",
    "banner_in_review_text": "هذا الإصدار قيد المراجعة وغير معتمد بعد.",
    "banner_retired": "ملغى",
    "banner_retired_text": "لم يعد هذا الإجراء مستخدمًا.",
    "banner_superseded": "استخدم {link} بدلًا منه.",
    "when": "متى يُستخدم",
    "purpose": "الغرض",
    "scope": "النطاق",
    "who": "من يقوم به",
    "before": "قبل أن تبدأ",
    "materials": "المواد",
    "specs": "المواصفات",
    "spec_item": "البند",
    "spec_value": "القيمة",
    "spec_tolerance": "السماحية",
    "steps": "الخطوات",
    "steps_intro": "{count}، {time}.",
    "steps_intro_untimed": "{count}.",
    "steps_count": "عدد الخطوات: {count}",
    "steps_count_one": "عدد الخطوات: 1",
    "step": "الخطوة {number}",
    "critical": "خطوة حرجة",
    "decide": "قرِّر",
    "why": "السبب",
    "warning": "تحذير",
    "caution": "تنبيه",
    "note": "ملاحظة",
    "tip": "نصيحة",
    "checked_by": "يتحقق منها {role}",
    "sign_checked": "تحقق منها",
    "sign_signature": "التوقيع",
    "sign_date": "التاريخ",
    "record": "سجِّل",
    "see": "نفِّذ {link} هنا.",
    "option_if": "إذا {when}:",
    "goto": "انتقل إلى {link}.",
    "then_goto": "ثم انتقل إلى {link}.",
    "not_published": "{id} (غير منشور)",
    "metrics": "المؤشرات",
    "metric": "المؤشر",
    "target": "الهدف",
    "investigate_when": "ابحث في الأمر عندما",
    "how_measured": "طريقة القياس",
    "questions": "الأسئلة المتكررة",
    "question": "السؤال",
    "answer": "الجواب",
    "root_cause": "السبب الجذري",
    "traces_to": "مصدره",
    "records": "السجلات",
    "related": "إجراءات ذات صلة",
    "supersedes": "يحل محل {link}.",
    "references": "المراجع",
    "changes": "سجل التغييرات",
    "change_date": "التاريخ",
    "change_summary": "ما الذي تغيّر",
    "change_by": "بواسطة",
    "edit": "حرِّر هذا الإجراء",
    "report": "أبلغ عن مشكلة",
    "print_uncontrolled": "نسخة غير مضبوطة عند الطباعة — راجع الدليل للاطلاع على الإصدار الحالي.",
    "all_procedures": "كل الإجراءات",
    "title": "العنوان",
    "no_procedures": "لا توجد إجراءات بعد.",
    "retired_list": "إجراءات ملغاة",
    "retired_note": "محفوظة للروابط والنسخ المطبوعة القديمة؛ لا تعمل بها.",
    "drafts_list": "المسودات والإجراءات قيد المراجعة",
    "roles": "الأدوار",
    "role": "الدور",
    "description": "الوصف",
    "roles_intro": "ما يقوم به كل دور: الإجراءات والخطوات التي ينفذها أو يتحقق منها.",
    "role_title": "ما يقوم به {role}",
    "role_performs": "ينفِّذ",
    "role_checks": "يتحقق من",
    "role_owns": "مسؤول عن",
    "role_approves": "يعتمد",
    "role_all_steps": "كل الخطوات",
    "role_nothing": "لا يذكر أي إجراء هذا الدور بعد.",
    "review": "المراجعة",
    "review_intro": "الإجراءات التي تحتاج مراجعة حتى {today}: المتأخرة، "
    "والمستحقة خلال {days} يومًا، والمسودات والإجراءات قيد المراجعة، مجمعة حسب المسؤول.",
    "review_none": "لا شيء يحتاج مراجعة.",
    "review_state": "الحالة",
    "review_due": "الموعد",
    "state_overdue": "متأخرة {days} يومًا",
    "state_due-soon": "مستحقة خلال {days} يومًا",
    "state_draft": "مسودة",
    "state_in-review": "قيد المراجعة",
    "procedure": "الإجراء",
    "questions_intro": "ما يسأل عنه الناس مرارًا، ولماذا، والخطوة التي تجيب عنه.",
    "questions_none": "لا توجد أسئلة متكررة بعد.",
    "metrics_intro": "الأرقام التي تدل على خلل، ومتى يجب البحث في الأمر.",
    "metrics_none": "لا توجد مؤشرات بعد.",
    "glossary": "المصطلحات",
    "glossary_none": "لا توجد مصطلحات بعد.",
    "glossary_intro": "الكلمات التي نستخدمها في هذا الدليل. في الإجراءات، يظهر معنى المصطلح "
    "المسطَّر بنقاط عند الإشارة إليه أو النقر عليه.",
    "reference": "المرجع",
    "fields": "الحقول",
    "rules": "القواعد",
    "categories": "الفئات",
    "procedures": "الإجراءات",
    "tags": "الوسوم",
    "about": "عن هذا الإجراء",
    "done_by": "نفَّذه",
    "done_time": "الوقت",
    "list_separator": "، ",
    "training": "التدريب",
    "training_intro": "من وقّع على المراجعة الحالية للإجراءات التي تؤديها أدوارهم، حتى {today}. "
    "مستحق: تغيير جوهري منذ آخر توقيع، أو لم يوقّع قط.",
    "training_by_person": "حسب الشخص",
    "training_by_procedure": "حسب الإجراء",
    "training_matrix": "الجميع وكل الإجراءات",
    "training_none_due": "لا أحد مطالب بالتوقيع على شيء.",
    "training_nothing_due": "لا شيء مستحق.",
    "training_due": "مستحق",
    "training_current": "محدَّث",
    "training_not_required": "غير مطلوب",
    "training_never_signed": "لم يوقّع قط",
    "training_signed": "وقّع على المراجعة {revision} في {date}",
    "training_due_people": "مستحق: {names}",
    "training_sheet": "ورقة التوقيع",
    "sheet_title": "ورقة التوقيع: {id} {title}",
    "sheet_changes": "ما الذي تغيّر",
    "sheet_editorial": "تحريري",
    "sheet_no_changes": "لا يوجد سجل تغييرات.",
    "sheet_statement": "بتوقيعك تؤكد أنك قرأت المراجعة {revision} من هذا الإجراء أو تدربت عليها، "
    "وأنك ستعمل بها.",
    "sheet_signatures": "التواقيع",
    "sheet_name": "الاسم",
    "sheet_trainer": "المدرِّب",
    "sheet_back": "العودة إلى الإجراء",
    "sheet_print": "اطبع هذه الصفحة، واطلب من كل شخص أن يوقّع ويؤرّخ سطره، ثم سجّل كل سطر بالأمر: "
    "{command}",
    # Run mode (run.js) and the Runs section of a procedure page.
    "run_start": "نفِّذ هذا الإجراء",
    "run_intro": "ضع علامة على كل خطوة عند إنجازها. يُحفظ التنفيذ على هذا الجهاز فقط، حتى تنزّل "
    "سجله أو تشاركه.",
    "run_initials": "الأحرف الأولى من اسمك",
    "run_begin": "ابدأ التنفيذ",
    "run_done": "تم",
    "run_value": "القراءة",
    "run_record_value": "ما كتبته",
    "run_out_of_spec": "خارج المواصفة ({range}): افعل ما يقوله الإجراء في هذه الحالة.",
    "run_in_spec": "ضمن المواصفة ({range}).",
    "range_between": "من {low} إلى {high}",
    "range_at_most": "لا يزيد على {value}",
    "range_at_least": "لا يقل عن {value}",
    "range_exactly": "{value} بالضبط",
    "run_not_number": "اكتب رقمًا، مثل 39.5.",
    "run_checker": "الأحرف الأولى من اسم المتحقق",
    "run_checker_same": "يجب أن يكون المتحقق شخصًا غير {by}.",
    "run_answer": "الجواب",
    "run_skipped": "غير مطلوبة في هذا التنفيذ: تخطّاها أحد الأجوبة.",
    "run_pending": "تأتي بعد قرار لم يُجَب عنه بعد.",
    "run_progress": "أُنجزت {done} من {total} خطوات.",
    "run_finish": "أنهِ التنفيذ",
    "run_missing": "ما زال مطلوبًا: {steps}.",
    "run_download": "نزّل السجل",
    "run_share": "شارك السجل",
    "run_print": "اطبع الملخص",
    "run_discard": "احذف هذا التنفيذ",
    "run_old_revision": "على هذا الجهاز تنفيذ غير منتهٍ للإصدار {old}؛ وهذه الصفحة للإصدار {new}، "
    "فلا يمكن متابعته. احذفه لتبدأ تنفيذًا جديدًا.",
    "run_resume": "بدأ {by} التنفيذ في {time}.",
    "run_finished": "انتهى التنفيذ. نزّل السجل أو شاركه وسلّمه للمسؤول عن الدليل.",
    "run_summary": "ملخص التنفيذ",
    "run_confirm_discard": "أتحذف هذا التنفيذ؟ ستضيع علاماته وقيمه.",
    "run_status": "التنفيذ",
    "run_step": "الخطوة {number}",
    "run_by": "المنفِّذ",
    "run_started": "البداية",
    "run_ended": "النهاية",
    "run_new": "ابدأ تنفيذًا جديدًا",
    "runs": "مرات التنفيذ",
    "runs_intro": "آخر {shown} من {total} مرات تنفيذ مسجلة في الدليل، الأحدث أولًا.",
    "runs_started": "البداية",
    "runs_by": "المنفِّذ",
    "runs_readings": "القراءات",
    "runs_checks": "التحققات",
    "runs_outside": "خارج المواصفة",
    "runs_checked": "تحقق {by} من {step}",
    "runs_missed": "الخطوة {number}: لم يوقَّع التحقق",
    "runs_revision": "(الإصدار {revision})",
    "flowchart_label": "مخطط سير {id}: كل شكل يؤدي إلى خطوته",
    "flowchart_note": "يبيّن المخطط كل قرار بنظرة واحدة؛ والخطوات المرقمة تقول الشيء نفسه بالكلمات.",
    "flowchart_end": "النهاية",
    "short_opening": "جارٍ فتح {link}.",
    "short_retired": "الإجراء {id} ملغى: لا تعمل به.",
    "short_superseded": "استخدم {link} بدلًا منه.",
    "short_retired_page": "النسخة الملغاة: {link}.",
    "label_link": "اطبع بطاقة للجهاز",
    "label_hint": "اطبع هذه الصفحة على بطاقة A6 أو ملصق؛ رمز QR يفتح الإصدار الحالي.",
    "label_scan": "امسح الرمز للإصدار الحالي",
    "qr_label": "رمز QR للعنوان {url}",
}

# Every table has every key of EN (tests/test_translations.py): a language is whole or absent,
# and a language without a table (or a key added here first) uses the whole English label.
TABLES: dict[str, dict[str, str]] = {"en": EN, "ar": AR, **WORDS_BY_LANGUAGE}

# Words that change with a number, by plural category (CLDR: zero, one, two, few, many);
# a category missing here uses the key's own template in the table ("other"). The languages of
# translations/ keep theirs beside their words.
PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "state_overdue": {"one": "Overdue by {days} day"},
        "state_due-soon": {"zero": "Due today", "one": "Due tomorrow"},
    },
    "ar": {
        # Two is written in the form that also follows "حوالي" (about): دقيقتين, not دقيقتان.
        "seconds": {"one": "ثانية واحدة", "two": "ثانيتين", "few": "{n} ثوانٍ"},
        "minutes": {"one": "دقيقة واحدة", "two": "دقيقتين", "few": "{n} دقائق"},
        "hours": {"one": "ساعة", "two": "ساعتين", "few": "{n} ساعات"},
        "state_overdue": {
            "one": "متأخرة يومًا واحدًا",
            "two": "متأخرة يومين",
            "few": "متأخرة {days} أيام",
            "other": "متأخرة {days} يوم",
        },
        "state_due-soon": {
            "zero": "مستحقة اليوم",
            "one": "مستحقة غدًا",
            "two": "مستحقة خلال يومين",
            "few": "مستحقة خلال {days} أيام",
            "other": "مستحقة خلال {days} يوم",
        },
    },
    **PLURALS_BY_LANGUAGE,
}


class Strings:
    """Look up interface words for one language; English fills any gap."""

    def __init__(self, language: str) -> None:
        self.language = language
        # Worked out once: a page asks for hundreds of words, plurals and its direction.
        self._primary = primary_language(language)
        self._table = TABLES.get(self._primary, EN)
        self.rtl = self._primary in RTL_LANGUAGES

    def __call__(self, key: str, **values: Any) -> str:
        template = self._table.get(key) or EN[key]
        return template.format(**values) if values else template

    def count(self, key: str, number: float, **values: Any) -> str:
        """The template of ``key`` for ``number`` in this language's plural forms."""
        language = self._primary
        if language not in TABLES or key not in self._table:
            language = "en"
        forms = PLURALS.get(language, {}).get(key, {})
        category = plural_category(language, number)
        # Zero has its own words where given ("Due today"), else those of "other".
        fallback = forms.get("other") if category == "zero" else None
        template = forms.get(category) or fallback or self._table.get(key) or EN[key]
        return template.format(**values)


def plural_category(language: str, number: float) -> str:
    """CLDR plural category of a number for the languages with tables here."""
    if number != int(number):
        return "other"
    n = int(number)
    if n == 0:
        return "zero"  # English has no zero form in CLDR; ours falls back to "other"
    if language == "ar":
        if n in (1, 2):
            return "one" if n == 1 else "two"
        if 3 <= n % 100 <= 10:
            return "few"
        if 11 <= n % 100 <= 99:
            return "many"
        return "other"
    return "one" if n == 1 else "other"


def procedure_language(procedure: Procedure, manual: Manual) -> str:
    """The language of a procedure's text: its own ``language``, else the manual's."""
    return procedure.language or manual.language


def primary_language(language: str) -> str:
    """ "pt-BR" → "pt"."""
    return language.split("-", 1)[0].lower()
