import pytest
from django.contrib.auth.models import AnonymousUser, Group

from pst.permissions import Action, Role, user_can
from tests.factories import UserFactory


@pytest.mark.django_db
def test_roles_exist_as_groups_after_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


@pytest.mark.parametrize(
    ("persona", "action", "allowed"),
    [
        ("front_office", Action.OPERATE_DESK, True),
        ("front_office", Action.FILL_GUESTBOOK, True),
        ("front_office", Action.ANSWER_CONSULTATIONS, False),
        ("front_office", Action.SUPERVISE, False),
        ("front_office", Action.EXPORT_UNMASKED, False),
        ("consultation_officer", Action.ANSWER_CONSULTATIONS, True),
        ("consultation_officer", Action.OPERATE_DESK, True),
        ("consultation_officer", Action.SUPERVISE, False),
        ("supervisor", Action.SUPERVISE, True),
        ("supervisor", Action.EXPORT_UNMASKED, True),
        ("supervisor", Action.OPERATE_DESK, False),
        ("supervisor", Action.REVIEW_ACCESS_LOG, True),
        ("front_office", Action.REVIEW_ACCESS_LOG, False),
        ("consultation_officer", Action.REVIEW_ACCESS_LOG, False),
        ("administrator", Action.REVIEW_ACCESS_LOG, False),
        ("administrator", Action.ADMINISTER_OFFICE, True),
        ("administrator", Action.VIEW_GUESTBOOK, False),
        ("visitor", Action.OPERATE_DESK, False),
        ("visitor", Action.VIEW_GUESTBOOK, False),
    ],
)
def test_role_decides_what_staff_may_do_in_their_office(request, office, persona, action, allowed):
    user = request.getfixturevalue(persona)
    assert user_can(user, action, office) is allowed


@pytest.mark.parametrize("action", list(Action))
def test_officer_of_other_office_may_do_nothing_here(office, other_office_officer, action):
    assert user_can(other_office_officer, action, office) is False


@pytest.mark.parametrize("action", list(Action))
def test_anonymous_may_do_nothing(office, action):
    assert user_can(AnonymousUser(), action, office) is False


def test_disabled_staff_may_do_nothing(office, front_office):
    front_office.is_active = False
    assert user_can(front_office, Action.OPERATE_DESK, office) is False


def test_superuser_may_act_in_every_office(office, other_office):
    root = UserFactory(is_superuser=True, is_staff=True)
    assert user_can(root, Action.SUPERVISE, office)
    assert user_can(root, Action.OPERATE_DESK, other_office)


def test_no_office_means_no_staff_action(front_office):
    assert user_can(front_office, Action.OPERATE_DESK, None) is False


def test_roles_are_read_once_per_user_object(front_office, office, django_assert_num_queries):
    with django_assert_num_queries(1):
        for action in Action:
            user_can(front_office, action, office)
