"""The plan being carried out. Task status lives on ``plans.Task``; here: what units report,
what planners review and what reaches people. One module per aggregate; the app label stays
``tasks``.
"""

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
from tasks.models.rounds import Round, RoundItem
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

__all__ = [
    "Acknowledgement",
    "Attachment",
    "CompletionRequest",
    "CountedResponsibility",
    "CountedTask",
    "Delivery",
    "DeliveryAttempt",
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
    "SectionCount",
    "TargetFigure",
    "TargetTotal",
    "UnitChannel",
    "UnitCount",
    "WeekCount",
    "attachment_path",  # named by migration 0002
    "default_days_before",  # named by migration 0003
]
