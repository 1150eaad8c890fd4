"""The pure commitment state: every branch."""

from __future__ import annotations

from datetime import date

from liaison.cooperation.status import LinkedActivity, commitment_state

TODAY = date(2024, 6, 30)


def state(*activities, target=2, kind="awareness", due=date(2024, 12, 31), override=""):
    return commitment_state(
        target=target,
        activity_kind=kind,
        due_on=due,
        activities=list(activities),
        today=TODAY,
        override=override,
    )


def held(day=date(2024, 3, 1), kind="awareness", ends=None):
    return LinkedActivity(kind, day, ends)


def test_nothing_linked_is_planned_with_everything_missing():
    s = state()
    assert (s.status, s.achieved, s.target, s.missing, s.upcoming) == ("planned", 0, 2, 2, 0)
    assert s.is_open and not s.overridden


def test_one_of_two_held_is_in_progress():
    s = state(held())
    assert (s.status, s.achieved, s.missing) == ("in_progress", 1, 1)


def test_only_upcoming_activities_are_progress_not_achievement():
    s = state(held(date(2024, 9, 1)))
    assert (s.status, s.achieved, s.upcoming, s.missing) == ("in_progress", 0, 1, 2)


def test_an_activity_under_way_counts_as_upcoming_until_its_last_day():
    s = state(held(date(2024, 6, 29), ends=date(2024, 7, 2)))
    assert (s.achieved, s.upcoming) == (0, 1)
    finished = state(held(date(2024, 6, 28), ends=date(2024, 6, 30)))
    assert finished.achieved == 1


def test_target_reached_is_done_and_not_open():
    s = state(held(), held(date(2024, 4, 1)))
    assert (s.status, s.missing) == ("done", 0)
    assert not s.is_open


def test_only_activities_of_the_counted_kind_count():
    s = state(held(), held(kind="patrol"), held(kind="training"))
    assert (s.status, s.achieved) == ("in_progress", 1)
    anything = state(held(), held(kind="patrol"), kind="")
    assert (anything.status, anything.achieved) == ("done", 2)


def test_due_date_passed_without_the_target_is_overdue_with_what_is_missing():
    s = state(held(), due=date(2024, 6, 1))
    assert (s.status, s.achieved, s.missing) == ("overdue", 1, 1)
    assert s.is_open


def test_due_date_passed_but_target_reached_is_done():
    assert state(held(), held(), due=date(2024, 6, 1)).status == "done"


def test_no_target_means_one_activity_suffices():
    s = state(target=None)
    assert (s.status, s.target, s.missing) == ("planned", 1, 1)
    assert state(held(), target=None).status == "done"
    assert state(held(), target=0).status == "done"


def test_no_due_date_never_overdue():
    assert state(due=None).status == "planned"


def test_override_wins_and_says_so():
    s = state(held(), override="dropped")
    assert (s.status, s.overridden, s.missing, s.achieved) == ("dropped", True, 0, 1)
    assert not s.is_open
    done = state(override="done")
    assert (done.status, done.missing) == ("done", 0)
    forced_open = state(held(), held(), override="in_progress")
    assert (forced_open.status, forced_open.missing, forced_open.is_open) == (
        "in_progress",
        0,
        True,
    )
    overdue = state(held(), override="overdue")
    assert (overdue.status, overdue.missing) == ("overdue", 1)
