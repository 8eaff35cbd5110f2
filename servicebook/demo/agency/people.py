"""The demo agency's name and people: its staff sign-ins, their mobiles, and loading them."""

from __future__ import annotations

from dataclasses import dataclass

from servicebook.accounts.choices import JobRole
from servicebook.accounts.models import Department, User
from servicebook.accounts.services import department_set_manager, user_create
from servicebook.demo.agency.phones import PhoneBook
from servicebook.demo.agency.register_table import DEMO_YEAR

AGENCY_NAME = "湘江房地产营销策划机构(长沙)"
AGENCY_NAME_EN = "Xiangjiang Real Estate Marketing (Changsha)"
LETTERHEAD = {
    "name_zh": AGENCY_NAME,
    "name_en": AGENCY_NAME_EN,
    "address": "湖南省长沙市芙蓉区五一大道 389 号华美欧大厦 18 楼",
    "phone": "0731-8888 6666",
    "fax": "0731-8888 6667",
    "email": "service@xiangjiang-marketing.cn",
    "website": "www.xiangjiang-marketing.cn",
}
DEMO_PASSWORD = "servicebook-demo"
STAFF_EMAIL_DOMAIN = "xjmarketing.cn"


@dataclass(frozen=True)
class Person:
    """A demo sign-in: username, Chinese name, department code and job roles."""

    username: str
    full_name: str
    department: str
    roles: tuple[JobRole, ...]
    language: str = "zh-hans"


GM = Person("gm", "周建国", "ka", (JobRole.GM,))
# Each manager is Department.manager of their own department.
MANAGERS = (
    Person("cs_manager", "刘慧敏", "cs", (JobRole.DEPT_MANAGER,)),
    Person("mkt_manager", "陈志刚", "mkt", (JobRole.DEPT_MANAGER,)),
    Person("ka_manager", "李文博", "ka", (JobRole.DEPT_MANAGER,)),
    Person("creative_manager", "黄晓峰", "creative", (JobRole.DEPT_MANAGER,)),
)
STAFF = (
    Person("ae1", "王磊", "cs", (JobRole.AE,)),
    Person("ae2", "张丽", "mkt", (JobRole.AE,), language="en"),
    Person("ae3", "谭志勇", "mkt", (JobRole.AE,)),
    Person("ae4", "贺佳怡", "ka", (JobRole.AE,)),
    Person("ap1", "赵敏", "mkt", (JobRole.AP,)),
    Person("planner1", "孙浩", "mkt", (JobRole.PLANNER,)),
    Person("planner2", "周婷", "mkt", (JobRole.PLANNER, JobRole.AP)),
    Person("researcher1", "吴俊", "mkt", (JobRole.RESEARCHER,)),
    Person("researcher2", "郑雪", "mkt", (JobRole.RESEARCHER,)),
    Person("cd1", "钱宇航", "creative", (JobRole.CD,)),
    Person("designer1", "冯佳", "creative", (JobRole.DESIGNER,)),
    Person("designer2", "何晨", "creative", (JobRole.DESIGNER,)),
    Person("copywriter1", "许静", "creative", (JobRole.COPYWRITER,)),
    Person("sales_assistant1", "曾强", "mkt", (JobRole.SALES_ASSISTANT,)),
    Person("brand_director1", "彭雅琴", "creative", (JobRole.BRAND_DIRECTOR,)),
    Person("commercial_research1", "易明", "ka", (JobRole.COMMERCIAL_RESEARCH,)),
    Person("leasing1", "邓丽娟", "ka", (JobRole.LEASING,)),
    Person("supervisor1", "罗建华", "cs", (JobRole.SUPERVISOR,)),
)
PEOPLE = (GM, *MANAGERS, *STAFF)


def staff_mobiles() -> dict[str, str]:
    """Each demo person's mobile, by username (a generator of its own, also seeded)."""
    phones = PhoneBook(DEMO_YEAR * 100)
    return {person.username: phones.mobile() for person in PEOPLE}


def load_people() -> tuple[dict[str, User], int]:
    """Every demo person by username, creating the missing ones; and how many were new."""
    existing = User.objects.in_bulk([p.username for p in PEOPLE], field_name="username")
    departments = {d.code: d for d in Department.objects.all()}
    mobiles = staff_mobiles()
    people: dict[str, User] = {}
    for person in PEOPLE:
        user = existing.get(person.username)
        if user is None:
            user = _create_person(person, departments[person.department], mobiles[person.username])
        people[person.username] = user
    return people, len(people) - len(existing)


def _create_person(person: Person, department: Department, mobile: str) -> User:
    """One demo sign-in; the GM may also use Django admin."""
    user = user_create(
        username=person.username,
        full_name=person.full_name,
        password=DEMO_PASSWORD,
        department=department,
        roles=person.roles,
        email=f"{person.username}@{STAFF_EMAIL_DOMAIN}",
        phone=mobile,
        language=person.language,
        is_admin=JobRole.GM in person.roles,
    )
    return user


def assign_managers(people: dict[str, User]) -> None:
    """Each demo manager manages their own department, unless it already has a manager."""
    vacant = Department.objects.filter(manager__isnull=True)
    departments = {d.code: d for d in vacant}
    for person in MANAGERS:
        if person.department in departments:
            department_set_manager(departments[person.department], people[person.username])
