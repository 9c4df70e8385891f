"""``{{ record.review_due|deadline }}``: a statutory deadline's date, marked provisional when its year has no holiday
notice yet (``fazhi.core.lists.deadline``)."""

from django import template

from fazhi.core import lists

register = template.Library()
register.filter("deadline", lists.deadline)
