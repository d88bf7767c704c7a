"""Where items stand in a plan: the ``order`` of its sections and tasks (following the
document), the depth of a section, and the labels new items get.

Adding, moving and deleting change the order of many rows at once, computed from what the plan
holds; they run one at a time per plan (``lock_plan``), so that two planners adding a task at the
same moment do not both take the last place."""

from plans.models import Plan, Section, Task
from plans.wording.labels import default_label, next_label, parse_label


def lock_plan(plan_id):
    """Lock the plan's row until the transaction ends: structural changes of one plan are served
    one after the other. FOR NO KEY UPDATE, so that rows merely referring to the plan (audit
    entries, new tasks) are not held up."""
    Plan.objects.select_for_update(no_key=True).filter(pk=plan_id).values_list("pk").first()


def renumber_order(plan):
    """Rewrite ``order`` of the plan's sections and tasks to follow the document: a section,
    its tasks, its subsections. Other pages sort a plan's tasks by ``order`` alone."""
    sections_to_save, tasks_to_save = [], []
    counter = {"section": 0, "task": 0}

    def walk(sections):
        for section in sections:
            counter["section"] += 1
            if section.order != counter["section"]:
                section.order = counter["section"]
                sections_to_save.append(section)
            for task in section.task_list:
                counter["task"] += 1
                if task.order != counter["task"]:
                    task.order = counter["task"]
                    tasks_to_save.append(task)
            walk(section.children)

    walk(_light_tree(plan))
    Section.objects.bulk_update(sections_to_save, ["order"])
    Task.objects.bulk_update(tasks_to_save, ["order"])


def place_last(item, plan):
    """Put a new or moved section or task after everything of its kind in the plan, then
    renumber: it ends up last among its siblings."""
    model = type(item)
    items = plan.sections if model is Section else plan.tasks
    last = items.exclude(pk=item.pk).order_by("-order").values_list("order", flat=True).first()
    model.objects.filter(pk=item.pk).update(order=(last or 0) + 1)
    renumber_order(plan)


def _light_tree(plan):
    """The section tree with tasks only (no responsibilities or targets): two queries."""
    sections = list(plan.sections.order_by("order", "pk"))
    by_id = {section.pk: section for section in sections}
    roots = []
    for section in sections:
        section.children, section.task_list = [], []
    for section in sections:
        parent = by_id.get(section.parent_id)
        (parent.children if parent else roots).append(section)
    for task in plan.tasks.order_by("order", "pk").only("pk", "order", "section_id", "label"):
        by_id[task.section_id].task_list.append(task)
    return roots


def section_depth(section):
    """How deep a section is nested: 0 for a top section."""
    depth = 0
    while section.parent_id:
        section = section.parent
        depth += 1
    return depth


def section_choices(plan):
    """(section, depth) of every section of the plan in document order, for pickers."""
    result = []

    def walk(sections, depth):
        for section in sections:
            result.append((section, depth))
            walk(section.children, depth + 1)

    walk(_light_tree(plan), 0)
    return result


def subtree_ids(section):
    """The ids of a section and of every section below it."""
    ids, frontier = [section.pk], [section.pk]
    while frontier:
        frontier = list(Section.objects.filter(parent__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def new_section_label(plan, parent):
    """The label of a section added at the end of ``parent`` (or of the plan)."""
    siblings = plan.sections.filter(parent=parent).order_by("order", "pk")
    depth = section_depth(parent) + 1 if parent else 0
    return next_label([s.label for s in siblings], depth)


def new_task_label(section):
    """The label after the section's last task; in an empty section, the way tasks are
    numbered elsewhere in the plan at the same depth, starting at 1."""
    labels = list(section.tasks.order_by("order", "pk").values_list("label", flat=True))
    depth = section_depth(section) + 1
    if labels:
        return next_label(labels, depth)
    for text in (
        Task.objects.filter(plan_id=section.plan_id, section__parent_id=section.parent_id)
        .order_by("order")
        .values_list("label", flat=True)
    ):
        label = parse_label(text)
        if label:
            return label.render(1)
    return default_label(depth)
