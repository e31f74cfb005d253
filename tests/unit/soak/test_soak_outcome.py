"""A fault meets its goal only when nothing is lost, nothing is left
behind, it recovered by itself and the user was shown what the goal asks
(soak/faults/_outcome.py)."""
from soak.faults._outcome import outcome


def test_a_clean_recovery_meets_the_goal():
    found = outcome("words", "nothing", [], "yes: back in 2 s", True)
    assert found["met"] and found["why"] == ""


def test_each_shortfall_fails_the_goal_and_says_why():
    cases = [
        (dict(lost_nothing=False), "something was lost"),
        (dict(left_behind=["image x"]), "something was left behind"),
        (dict(recovered="no: still down"), "did not recover"),
        (dict(user_goal=(False, "answers within 30 s")),
         "answers within 30 s"),
    ]
    for change, reason in cases:
        args = dict(user_sees="words", lost="nothing", left_behind=[],
                    recovered="yes", lost_nothing=True)
        args.update(change)
        found = outcome(**args)
        assert not found["met"], change
        assert reason in found["why"], change


def test_a_user_goal_that_is_met_changes_nothing():
    assert outcome("w", "nothing", [], "yes", True,
                   user_goal=(True, "in words"))["met"]
