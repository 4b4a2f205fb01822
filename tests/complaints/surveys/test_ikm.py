"""The index (DESIGN §5): NRR per element, IKM as their mean with exact 1/9 weights, × 25,
graded on the converted value to two decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from complaints.surveys import ikm
from complaints.surveys.elements import ELEMENT_FIELDS, ELEMENTS
from complaints.surveys.models import SurveyResponse
from complaints.surveys.selectors import ikm_summary


@pytest.mark.parametrize(
    ("value", "letter"),
    [
        ("100.00", "A"), ("88.31", "A"), ("88.30", "B"), ("88.305", "A"), ("76.61", "B"),
        ("76.60", "C"), ("76.604", "C"), ("65.00", "C"), ("64.99", "D"), ("25.00", "D"),
    ],
)  # fmt: skip
def test_grades_follow_the_regulations_table_to_two_decimals(value, letter):
    assert ikm.grade(Decimal(value)).letter == letter


def test_every_answer_best_is_100_and_worst_is_25():
    assert ikm.converted(ikm.ikm([Decimal(4)] * 9)) == Decimal("100.00")
    assert ikm.converted(ikm.ikm([Decimal(1)] * 9)) == Decimal("25.00")


def test_the_index_weights_the_nine_elements_exactly_equally():
    nrrs = [Decimal(4)] * 2 + [Decimal(3)] * 5 + [Decimal(2)] * 2
    assert ikm.converted(ikm.ikm(nrrs)) == Decimal("75.00")
    # 0.111 weights (the regulation's rounding) would give 3.1968 × 25 = 79.92; exact: 80.00.
    assert ikm.converted(ikm.ikm([Decimal("3.2")] * 9)) == Decimal("80.00")


def test_the_index_needs_nine_elements():
    with pytest.raises(ValueError):
        ikm.ikm([Decimal(3)] * 8)


def test_nine_elements_in_the_regulations_order():
    assert [e.number for e in ELEMENTS] == list(range(1, 10))
    assert all(len(e.answers) == 4 for e in ELEMENTS)


def test_the_summary_of_no_ratings_says_so(office):
    summary = ikm_summary(SurveyResponse.objects.of_office(office))
    assert summary.respondents == 0 and summary.grade is None and summary.elements == []


def test_the_summary_reads_the_stored_ratings_in_one_query(
    office, served, django_assert_num_queries
):
    from django.utils import timezone

    base = {
        "office": office, "channel": "walk_in", "served_at": timezone.now(),
        "submitted_at": timezone.now(), "sex": "male", "education": "master",
        "occupation": "other",
    }  # fmt: skip
    SurveyResponse.objects.create(ticket=served, **base, **dict.fromkeys(ELEMENT_FIELDS, 4))
    other = dict.fromkeys(ELEMENT_FIELDS, 3) | {"cost": 4}
    from queueing import services as queue  # a second served visit

    SurveyResponse.objects.create(
        ticket=queue.ticket_issue(office=office, service=served.service), **base, **other
    )
    with django_assert_num_queries(1):
        summary = ikm_summary(SurveyResponse.objects.of_office(office))

    assert summary.respondents == 2
    nrr = {score.element.field: score.nrr for score in summary.elements}
    assert nrr["cost"] == Decimal(4) and nrr["requirements"] == Decimal("3.5")
    # (8 × 3.5 + 4) / 9 = 3.5556 → 88.89, A
    assert summary.converted == Decimal("88.89") and summary.grade.letter == "A"
