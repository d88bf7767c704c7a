"""The plan as a document: units, plans, sections, tasks, responsibilities and targets.

Names follow ../shared/GLOSSARY.md. Who may see what is decided in ``plans.permissions``; the
querysets here only offer ``visible_to(user)`` so that every view starts from the user's rights.
One module per aggregate; the app label stays ``plans``.
"""

from plans.models.audit import AuditEntry
from plans.models.document import Plan, Responsibility, Section, Target, Task
from plans.models.organisation import Leader, ResetLink, Unit, User

__all__ = [
    "AuditEntry",
    "Leader",
    "Plan",
    "ResetLink",
    "Responsibility",
    "Section",
    "Target",
    "Task",
    "Unit",
    "User",
]
