"""Amounts in Chinese capital numerals (人民币大写), as written on quotes and contracts.

The conventions of the payment rules (《支付结算办法》): 壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿;
"整" after 元 when there are no 角 and 分; one 零 for any run of zeros inside the number
(a zero at the 万 or 元 place before a non-zero 仟 or 角 is not written); 10 reads 壹拾.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")
LIMIT = Decimal(10) ** (4 * len(GROUPS))


def yuan_in_words(amount: Decimal) -> str:
    """``Decimal("123456.78")`` → ``壹拾贰万叁仟肆佰伍拾陆元柒角捌分`` (rounded to the fen)."""
    fen_total = int((abs(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if Decimal(fen_total) >= LIMIT * 100:
        raise ValueError(f"{amount} is too large to write in words")
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    sign = "负" if amount < 0 and fen_total else ""
    words = _integer_in_words(yuan)
    if words:
        words += "元"
    if jiao == 0 and fen == 0:
        return sign + (words or "零元") + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    if fen:
        words += ("零" if words and not jiao else "") + DIGITS[fen] + "分"
    return sign + words


def _integer_in_words(number: int) -> str:
    """The yuan part: groups of four digits with 万 and 亿, one 零 for any gap."""
    digits = str(number) if number else ""
    size = len(digits)
    out: list[str] = []
    zero_pending = False
    for index, char in enumerate(digits):
        power = size - 1 - index
        if char == "0":
            zero_pending = True
        else:
            if zero_pending and out:
                out.append("零")
            zero_pending = False
            out.append(DIGITS[int(char)] + PLACES[power % 4])
        if power % 4 == 0 and power > 0 and int(digits[max(0, index - 3) : index + 1]):
            out.append(GROUPS[power // 4])
            zero_pending = False
    return "".join(out)
