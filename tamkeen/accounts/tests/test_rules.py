from tamkeen.accounts.rules import group_code, group_secret, is_idle, is_recent, needs_touch, normalise_token


def test_idle_is_strictly_more_than_the_limit_and_a_fresh_session_is_not_idle():
    assert not is_idle(None, 10_000, 1800)
    assert not is_idle(10_000 - 1800, 10_000, 1800)
    assert is_idle(10_000 - 1801, 10_000, 1800)


def test_a_session_is_touched_once_a_minute():
    assert needs_touch(None, 100)
    assert not needs_touch(100, 159)
    assert needs_touch(100, 160)


def test_recent_authentication():
    assert not is_recent(None, 1000, 15)
    assert is_recent(1000 - 15 * 60, 1000, 15)
    assert not is_recent(1000 - 15 * 60 - 1, 1000, 15)


def test_tokens_as_people_type_them():
    assert normalise_token(" 123 456 ") == "123456"
    assert normalise_token("ABCD-EFGH") == "abcdefgh"
    assert normalise_token("") == ""


def test_grouping_for_reading():
    assert group_secret("ABCDEFGHIJ") == "ABCD EFGH IJ"
    assert group_code("abcdefgh") == "abcd-efgh"
