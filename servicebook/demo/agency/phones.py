"""Made-up phone numbers for the demo agency: area codes, mobile prefixes, a seeded book."""

from __future__ import annotations

import random

AREA_CODES = {
    "长沙": "0731", "株洲": "0731", "湘潭": "0731", "岳阳": "0730",
    "衡阳": "0734", "郴州": "0735", "常德": "0736", "益阳": "0737",
}  # fmt: skip
MOBILE_PREFIXES = (
    "139", "138", "137", "135", "136", "158", "159", "150", "151", "152",
    "182", "186", "187", "188", "189", "180", "177", "173", "133", "153", "199",
)  # fmt: skip


class PhoneBook:
    """Made-up, unique phone numbers from a seeded generator (digits only, as stored)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def _unique(self, prefix: str, digits: int) -> str:
        while True:
            number = prefix + "".join(str(self.rng.randint(0, 9)) for _ in range(digits))
            if number not in self.used:
                self.used.add(number)
                return number

    def mobile(self) -> str:
        """A mobile: 1[3-9]x and eight digits."""
        return self._unique(self.rng.choice(MOBILE_PREFIXES), 8)

    def landline(self, city: str) -> str:
        """A landline with the city's area code: 0731 and eight digits from 8."""
        return self._unique(AREA_CODES.get(city, "0731") + "8", 7)
