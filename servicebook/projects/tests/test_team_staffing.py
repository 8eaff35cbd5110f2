"""Staffing warnings of a project team: pure functions, no database."""

from __future__ import annotations

from django.utils import translation

from servicebook.projects.team import (
    Post,
    Problem,
    StaffingWarning,
    required_roles,
    staffing_warnings,
    warning_lines,
)


def _problems(warnings: list[StaffingWarning]) -> set[tuple[str, str]]:
    return {(w.problem, w.role) for w in warnings}


def _full_team(roles: list[str]) -> list[Post]:
    """Every role with its standard primaries and one backup, all different people."""
    posts, person = [], 0
    for role in roles:
        for _ in range(2 if role in ("planner", "researcher") else 1):
            person += 1
            posts.append(Post(role, person, is_backup=False))
        person += 1
        posts.append(Post(role, person, is_backup=True))
    return posts


def test_every_project_needs_an_ae_and_an_ap_whatever_its_services():
    assert required_roles([]) == ["ae", "ap"]
    assert required_roles(["property_management"]) == ["ae", "ap"]


def test_the_services_add_their_roles_once_in_project_role_order():
    assert required_roles(["market_research", "development_planning"]) == [
        "ae",
        "ap",
        "planner",
        "researcher",
    ]
    assert required_roles(["integrated_promotion", "media_agency", "leasing"]) == [
        "ae",
        "ap",
        "cd",
        "designer",
        "copywriter",
        "commercial_research",
        "leasing",
    ]
    assert "brand_director" in required_roles(["marketing_planning"])
    assert {"sales_assistant", "supervisor"} <= set(required_roles(["sales_supervision"]))


def test_a_fully_staffed_team_with_a_lead_has_no_warning():
    roles = required_roles(["market_research"])
    assert staffing_warnings(roles, _full_team(roles), has_lead=True) == []


def test_a_project_without_a_lead_is_warned_first():
    warnings = staffing_warnings(["ae"], _full_team(["ae"]), has_lead=False)
    assert [w.problem for w in warnings] == [Problem.NO_LEAD]


def test_a_required_role_with_nobody_has_no_primary_and_no_backup():
    warnings = staffing_warnings(["ae", "ap"], _full_team(["ae"]), has_lead=True)
    assert _problems(warnings) == {(Problem.NO_PRIMARY, "ap"), (Problem.NO_BACKUP, "ap")}


def test_a_required_role_with_only_a_backup_has_no_primary():
    posts = [*_full_team(["ae"]), Post("ap", 99, is_backup=True)]
    warnings = staffing_warnings(["ae", "ap"], posts, has_lead=True)
    assert _problems(warnings) == {(Problem.NO_PRIMARY, "ap")}


def test_a_required_role_with_only_a_primary_has_no_backup():
    posts = [*_full_team(["ae"]), Post("ap", 99, is_backup=False)]
    warnings = staffing_warnings(["ae", "ap"], posts, has_lead=True)
    assert _problems(warnings) == {(Problem.NO_BACKUP, "ap")}


def test_the_planners_need_two_primaries():
    posts = [Post("planner", 1, is_backup=False), Post("planner", 2, is_backup=True)]
    (warning,) = staffing_warnings(["planner"], posts, has_lead=True)
    assert (warning.problem, warning.have, warning.need) == (Problem.TOO_FEW_PRIMARIES, 1, 2)


def test_the_same_person_as_primary_and_backup_of_a_role_is_warned():
    posts = [Post("ae", 1, is_backup=False), Post("ae", 1, is_backup=True)]
    warnings = staffing_warnings(["ae"], posts, has_lead=True)
    assert _problems(warnings) == {(Problem.SAME_PERSON, "ae")}


def test_a_role_that_is_not_required_is_not_warned_for_its_backup():
    posts = [*_full_team(["ae"]), Post("designer", 5, is_backup=False)]
    assert staffing_warnings(["ae"], posts, has_lead=True) == []


def test_one_person_may_back_up_a_different_role_they_hold_as_primary():
    posts = [Post("ae", 1, False), Post("ap", 2, False), Post("ae", 2, True), Post("ap", 1, True)]
    assert staffing_warnings(["ae", "ap"], posts, has_lead=True) == []


def test_warnings_read_in_the_active_language():
    warning = StaffingWarning(Problem.TOO_FEW_PRIMARIES, "planner", 1, 2)
    with translation.override("en"):
        assert warning.message == "Planner: 1 of 2 primaries."
        assert StaffingWarning(Problem.NO_LEAD).message == "The project has no project lead."


def test_gaps_of_the_same_kind_are_listed_on_one_line():
    warnings = staffing_warnings(["ae", "ap"], [], has_lead=False)
    with translation.override("en"):
        lines = warning_lines(warnings)
    assert lines == [
        "The project has no project lead.",
        "No primary: Account executive, Account planner.",
        "No backup: Account executive, Account planner.",
    ]
