"""The plan being carried out. Task status lives on ``plans.Task``; here: what units report,
what planners review and what reaches people. One module per aggregate; the app label stays
``tasks``.
"""

from tasks.models.assessment import AssessmentScheme, ScoreAdjustment
from tasks.models.exports import Export, export_path
from tasks.models.figures import (
    CountedResponsibility,
    CountedTask,
    FigureChange,
    FigureState,
    SectionCount,
    TargetTotal,
    UnitCount,
    WeekCount,
)
from tasks.models.notifications import Notification
from tasks.models.reminders import (
    Delivery,
    DeliveryAttempt,
    Reminder,
    ReminderPolicy,
    UnitChannel,
    default_days_before,
)
from tasks.models.rounds import Round, RoundItem, RoundSchedule, RoundScheduleRun
from tasks.models.workspace import (
    Acknowledgement,
    Attachment,
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    ReportLink,
    Review,
    ReviewedRequest,
    TargetFigure,
    attachment_path,
)
from tasks.models.writings import Writing

__all__ = [
    "Acknowledgement",
    "AssessmentScheme",
    "Attachment",
    "CompletionRequest",
    "CountedResponsibility",
    "CountedTask",
    "Delivery",
    "DeliveryAttempt",
    "Export",
    "ExtensionRequest",
    "FigureChange",
    "FigureState",
    "Notification",
    "ProgressReport",
    "Reminder",
    "ReminderPolicy",
    "ReportLink",
    "Review",
    "ReviewedRequest",
    "Round",
    "RoundItem",
    "RoundSchedule",
    "RoundScheduleRun",
    "ScoreAdjustment",
    "SectionCount",
    "TargetFigure",
    "TargetTotal",
    "UnitChannel",
    "UnitCount",
    "WeekCount",
    "Writing",
    "attachment_path",  # named by migration 0002
    "default_days_before",  # named by migration 0003
    "export_path",  # named by the exports migration
]
