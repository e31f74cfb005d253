"""What a log follower lost or saw twice, from the numbers on its lines.

Each soak writer prints `n-0`, `n-1`, ... ; a follower that saw every line
once sees consecutive numbers. Pure, so the counting is unit-tested
(tests/unit/soak/test_soak_lines.py)."""
import dataclasses


@dataclasses.dataclass
class Audit:
    received: int = 0
    lost: int = 0          # numbers skipped over (a gap of 3 loses 2)
    duplicated: int = 0    # lines whose number was already seen
    first: int | None = None
    last: int | None = None

    def add(self, other):
        self.received += other.received
        self.lost += other.lost
        self.duplicated += other.duplicated


def number_of(text, prefix="n-"):
    """The line's number, or None for a line that is not one of ours."""
    if not text.startswith(prefix):
        return None
    digits = text[len(prefix):].strip()
    return int(digits) if digits.isdigit() else None


def audit(numbers, until=None):
    """Counts over the numbers in the order received. A number at or below
    the highest seen so far is a duplicate; a jump above the next expected
    number loses the ones in between. `until`: the last number the follower
    should have reached (the writer's count when the run stopped); missing
    ones at the end are lost too."""
    found = Audit()
    highest = None
    for number in numbers:
        found.received += 1
        if highest is None:
            found.first = highest = number
            continue
        if number <= highest:
            found.duplicated += 1
            continue
        found.lost += number - highest - 1
        highest = number
    found.last = highest
    if until is not None and highest is not None and until > highest:
        found.lost += until - highest
    return found
