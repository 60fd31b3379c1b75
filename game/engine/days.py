"""Civil dates as day numbers, for calendars whose turns are counted in days.

The engine keeps no clock and imports no ``datetime``: a day is a plain integer
(days since 1 January 1970, negative before it) on the proleptic Gregorian
calendar, converted with Howard Hinnant's civil-from-days algorithms.
"""

from __future__ import annotations

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec")


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def is_date(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= month_length(year, month)


def day_number(year: int, month: int, day: int) -> int:
    """Days from 1 January 1970 to the given day."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil(number: int) -> tuple[int, int, int]:
    """(year, month, day) of a day number."""
    z = number + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (month <= 2), month, day


def label(number: int) -> str:
    """'16 Oct 1962'."""
    year, month, day = civil(number)
    return f"{day} {MONTH_NAMES[month - 1]} {year}"
