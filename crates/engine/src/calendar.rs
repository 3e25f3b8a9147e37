//! The Gregorian calendar rule both date readers need: how many days a month has.

/// Days in month `m` (1–12) of year `y`, or `None` for a month that does not exist.
pub(crate) fn days_in_month(y: i64, m: i64) -> Option<i64> {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    Some(match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}
