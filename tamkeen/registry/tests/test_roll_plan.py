"""What one batch of roll rows does, planned without the database: creations, changes, a new head, an ID of
another household, and rows that change nothing."""

from datetime import date
from decimal import Decimal

from tamkeen.registry.roll.plan import plan_batch


def values(nid, file_number="500001", relation="son", **fields):
    row = {"file_number": file_number, "national_id": nid, "relation": relation, "office_id": 1,
           "governorate_id": 11, "first_name": "علي", "father_name": "", "grandfather_name": "",
           "family_name": "المالكي", "name_key": "علي المالكي", "gender": "M", "birth_date": date(2000, 1, 1),
           "phone": ""}  # fmt: skip
    row.update(fields)
    return row


def stored(member_id, household_id, file_number, **fields):
    row = values("", file_number, **fields)
    return {**row, "id": member_id, "household_id": household_id, "household__file_number": file_number,
            "needs_review": False}  # fmt: skip


HEAD = {"office_id": 1, "governorate_id": 11, "monthly_income": Decimal("1500.00"), "pension_amount": None}


def test_a_new_household_and_its_members_are_planned_from_the_head_row():
    batch = [(2, "1", values("1000000008", relation="head")), (3, "2", values("1000000016"))]
    plan = plan_batch(batch, members={}, households={}, head_values=lambda f: HEAD, created_before=set())
    assert plan.new_households == {"500001": {"file_number": "500001", **HEAD}}
    assert [m["national_id"] for m in plan.new_members] == ["1000000008", "1000000016"]
    assert plan.members_created == 2 and plan.unchanged == 0 and not plan.conflicts
    assert plan.offices == {1}


def test_a_household_an_earlier_batch_created_is_not_planned_again():
    batch = [(9, "1", values("1000000024"))]
    plan = plan_batch(batch, members={}, households={}, head_values=lambda f: HEAD, created_before={"500001"})
    assert plan.new_households == {} and plan.members_created == 1


def test_changes_unchanged_rows_and_a_new_head_in_a_stored_household():
    household = {"id": 7, "file_number": "500001", **HEAD}
    members = {
        "1000000008": stored(70, 7, "500001", relation="head"),
        "1000000016": stored(71, 7, "500001", relation="wife", phone="+966501234567"),
        "1000000024": stored(72, 7, "500001"),
    }
    new_head = {**HEAD, "monthly_income": Decimal("1800.00")}
    batch = [
        (2, "1", values("1000000008", relation="husband")),
        (3, "2", values("1000000016", relation="head", phone="+966559876543")),
        (4, "3", values("1000000024")),
    ]
    plan = plan_batch(batch, members=members, households={"500001": household}, head_values=lambda f: new_head,
                      created_before=set())  # fmt: skip
    assert plan.heads_of_existing == {7: "1000000016"}
    assert plan.household_updates == [
        (household, {"monthly_income": [Decimal("1500.00"), Decimal("1800.00")]})
    ]
    assert [(old["id"], changes) for old, changes in plan.member_updates] == [
        (70, {"relation": ["head", "husband"]}),
        (71, {"relation": ["wife", "head"], "phone": ["+966501234567", "+966559876543"]}),
    ]
    assert plan.unchanged == 1 and plan.members_created == 0 and not plan.new_households


def test_an_id_held_in_another_household_is_a_conflict_not_a_move():
    members = {"1000000008": stored(80, 8, "600001", relation="head")}
    batch = [(5, " 1000000008", values("1000000008"))]
    plan = plan_batch(batch, members=members, households={}, head_values=lambda f: HEAD, created_before=set())
    assert plan.conflicts == [(5, " 1000000008", 80, "500001")]
    assert not plan.new_members and not plan.new_households and plan.unchanged == 0


def test_empty_and_missing_optional_values_are_no_change():
    members = {"1000000008": stored(70, 7, "500001", father_name="")}
    household = {"id": 7, "file_number": "500001", **HEAD}
    plan = plan_batch([(2, "1", values("1000000008", father_name=""))], members=members,
                      households={"500001": household}, head_values=lambda f: HEAD, created_before=set())  # fmt: skip
    assert plan.unchanged == 1 and not plan.member_updates
