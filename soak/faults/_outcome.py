"""One fault's outcome, as RELIABILITY.md reports it."""


def outcome(user_sees, lost, left_behind, recovered, lost_nothing,
            notes="", user_goal=None):
    """`lost`: words; `lost_nothing`: whether that is nothing;
    `left_behind`: a list of what was found; `recovered`: words starting
    with "yes" when everything answered again without an operator;
    `user_goal`: (met, words) when what the user is shown has a goal of its
    own (a bound on the wait, words instead of an exception)."""
    why = []
    if user_goal is not None and not user_goal[0]:
        why.append("what the user saw misses its goal: %s" % user_goal[1])
    if not lost_nothing:
        why.append("something was lost")
    if left_behind:
        why.append("something was left behind")
    if not recovered.startswith("yes"):
        why.append("it did not recover by itself")
    return {"user_sees": user_sees, "lost": lost,
            "left_behind": left_behind or [], "recovered": recovered,
            "met": not why, "why": "; ".join(why), "notes": notes}
