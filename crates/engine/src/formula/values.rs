//! Reading a value as typed (numbers with units, durations, dates) and writing a result.

use super::types::*;

/// A number with a unit before and after it: `85ms`, `4.5 s`, `$1,200`, `-3`, `99.5%`.
/// `None` when `s` is not one number (no digits in the unit, no `<`/`~` bounds).
pub(crate) fn read_number(s: &str) -> Option<(f64, String, String)> {
    let s = s.trim();
    let mut neg = false;
    let mut rest = s;
    let sign = |r: &str| -> Option<usize> {
        r.chars()
            .next()
            .filter(|c| matches!(c, '-' | '−' | '+'))
            .map(char::len_utf8)
    };
    if let Some(k) = sign(rest) {
        neg = rest.starts_with(['-', '−']);
        rest = &rest[k..];
    }
    let first_num = rest.find(|c: char| c.is_ascii_digit() || c == '.')?;
    let prefix = &rest[..first_num];
    rest = &rest[first_num..];
    let mut prefix = prefix.to_string();
    // A sign after the symbol: `$-5`.
    if let Some(c) = prefix
        .trim_end()
        .chars()
        .last()
        .filter(|c| matches!(c, '-' | '−' | '+'))
    {
        if neg {
            return None;
        }
        neg = c != '+';
        let cut = prefix.trim_end().len() - c.len_utf8();
        prefix.truncate(cut);
    }
    if prefix.chars().any(|c| {
        c.is_ascii_digit() || matches!(c, '<' | '>' | '~' | '≈' | '≤' | '≥' | '-' | '+' | '−')
    }) || prefix.chars().count() > 5
    {
        return None;
    }
    let b = rest.as_bytes();
    let run = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = run(0);
    let mut digits = String::from(&rest[..i]);
    if (1..=3).contains(&i) {
        while b.get(i) == Some(&b',')
            && run(i + 1) == 3
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
        {
            digits.push_str(&rest[i + 1..i + 4]);
            i += 4;
        }
    }
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        let k = run(i + 1);
        digits.push_str(&rest[i..i + 1 + k]);
        i += 1 + k;
    }
    if digits.is_empty() || digits.starts_with('.') {
        return None;
    }
    let suffix = &rest[i..];
    if suffix.chars().any(|c| c.is_ascii_digit())
        || suffix.starts_with([',', '.'])
        || suffix.chars().count() > 12
    {
        return None;
    }
    let n: f64 = digits.parse().ok().filter(|n: &f64| n.is_finite())?;
    Some((
        if neg { -n } else { n },
        prefix,
        suffix.trim_end().to_string(),
    ))
}

/// Seconds in one of a duration's units.
pub(crate) fn duration_unit(u: &str) -> Option<f64> {
    Some(match u.trim().to_lowercase().as_str() {
        "ms" | "msec" | "millisecond" | "milliseconds" => 0.001,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => 86400.0,
        "w" | "week" | "weeks" => 604800.0,
        _ => return None,
    })
}

pub(crate) fn read_duration(s: &str) -> Option<(f64, String)> {
    let s = s.trim();
    if let Some((n, p, u)) = read_number(s) {
        if p.is_empty() && (u.is_empty() || duration_unit(&u).is_some()) && n >= 0.0 {
            return Some((n, u));
        }
    }
    let clock: Vec<&str> = s.split(':').collect();
    if (2..=3).contains(&clock.len())
        && clock
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|c| c.is_ascii_digit()))
    {
        let v: Vec<f64> = clock
            .iter()
            .map(|p| p.parse::<f64>().unwrap_or(0.0))
            .collect();
        let secs = v.iter().fold(0.0, |acc, x| acc * 60.0 + x);
        return Some((secs, "s".to_string()));
    }
    // `4m 32s`, `2h30m`, `3 days, 2 hours`.
    let mut rest = s;
    let mut total = 0.0;
    let mut parts = 0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let n: f64 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let word = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let per = duration_unit(&rest[..word])?;
        total += n * per;
        rest = rest[word..]
            .trim_start()
            .trim_start_matches(',')
            .trim_start();
        parts += 1;
    }
    (parts > 0 && total.is_finite()).then(|| (total, "s".to_string()))
}

pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub(crate) fn digits_at(s: &str, at: usize, len: usize) -> Option<i64> {
    s.get(at..at + len)
        .filter(|x| x.bytes().all(|c| c.is_ascii_digit()))
        .and_then(|x| x.parse().ok())
}

pub(crate) fn read_date(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (
        digits_at(s, 0, 4)?,
        digits_at(s, 5, 2)?,
        digits_at(s, 8, 2)?,
    );
    let days = crate::calendar::days_in_month(y, m)?;
    if !(1..=days).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d) as f64 * 86400.0)
}

/// `2026-12-02`, `2026-12-02T10:15`, `2026-12-02 10:15:30.5Z`, `…+02:00`, `… UTC`.
pub(crate) fn read_time(s: &str) -> Option<f64> {
    let s = s.trim();
    let day = read_date(s)?;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return Some(day);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (h, mi) = (digits_at(rest, 0, 2)?, digits_at(rest, 3, 2)?);
    if rest.as_bytes().get(2) != Some(&b':') || h > 23 || mi > 59 {
        return None;
    }
    let mut secs = (h * 3600 + mi * 60) as f64;
    let mut i = 5;
    if rest.as_bytes().get(5) == Some(&b':') {
        let sec = digits_at(rest, 6, 2).filter(|x| *x <= 60)?;
        secs += sec as f64;
        i = 8;
        if rest.as_bytes().get(8) == Some(&b'.') {
            let k = rest[9..].bytes().take_while(u8::is_ascii_digit).count();
            if k > 0 {
                secs += format!("0.{}", &rest[9..9 + k])
                    .parse::<f64>()
                    .unwrap_or(0.0);
            }
            i = 9 + k;
        }
    }
    let zone = rest.get(i..)?.trim();
    let offset = match zone {
        "" | "Z" | "z" | "UTC" | "GMT" => 0,
        z if z.len() == 6 && z.starts_with(['+', '-']) && z.as_bytes()[3] == b':' => {
            let (oh, om) = (digits_at(z, 1, 2)?, digits_at(z, 4, 2)?);
            let o = oh * 3600 + om * 60;
            if z.starts_with('-') {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    Some(day + secs - offset as f64)
}

/// Rounds half away from zero to `d` places, forgiving the binary error of `1.005`.
pub(crate) fn round_to(x: f64, d: i32) -> f64 {
    let m = 10f64.powi(d);
    let y = x * m;
    if !y.is_finite() || y.abs() >= 1e16 {
        return x;
    }
    (y * (1.0 + 4.0 * f64::EPSILON)).round() / m
}

/// A value as the report shows it. Numbers: with `decimals`, exactly that many places (at
/// most 17); without, whole numbers as they are and others to at most 2 places; the unit kept,
/// except a prefix or suffix equal to `template_unit` (ignoring spaces and case), which the
/// template writes itself; never `-0`. Yes/no as `true`/`false`; a date as
/// `YYYY-MM-DDTHH:MMZ` (UTC). NaN and infinite numbers give an empty text (formulas never
/// produce them).
pub fn format(v: &Val, decimals: Option<u8>, template_unit: Option<&str>) -> String {
    match v {
        Val::Text(s) => s.clone(),
        Val::Bool(b) => (if *b { "true" } else { "false" }).to_string(),
        Val::Time(t) => {
            if !t.is_finite() || t.abs() > 1e14 {
                return String::new();
            }
            let mins = (t / 60.0).floor() as i64;
            let (days, m) = (mins.div_euclid(1440), mins.rem_euclid(1440));
            let (y, mo, d) = civil_from_days(days);
            format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}Z", m / 60, m % 60)
        }
        Val::Num { n, prefix, suffix } => {
            if !n.is_finite() {
                return String::new();
            }
            let digits = match decimals {
                Some(d) => {
                    let d = d.min(17);
                    format!("{:.*}", d as usize, round_to(*n, d as i32).abs())
                }
                None if n.fract() == 0.0 => format!("{:.0}", n.abs()),
                None => {
                    let s = format!("{:.2}", round_to(*n, 2).abs());
                    s.trim_end_matches('0').trim_end_matches('.').to_string()
                }
            };
            let negative = *n < 0.0 && digits.chars().any(|c| c.is_ascii_digit() && c != '0');
            let unit = template_unit.map(norm);
            let keep = |u: &String| {
                {
                    if unit
                        .as_deref()
                        .is_some_and(|t| !t.is_empty() && norm(u) == t)
                    {
                        ""
                    } else {
                        u.as_str()
                    }
                }
                .to_string()
            };
            format!(
                "{}{}{digits}{}",
                if negative { "-" } else { "" },
                keep(prefix),
                keep(suffix)
            )
        }
    }
}

pub(crate) fn norm(u: &str) -> String {
    u.trim().to_lowercase()
}

pub(crate) fn unitless(prefix: &str, suffix: &str) -> bool {
    prefix.trim().is_empty() && suffix.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2026-12-02",
            "1969-12-31",
            "0001-01-01",
        ] {
            let t = read_time(s).unwrap();
            assert_eq!(format(&Val::Time(t), None, None), format!("{s}T00:00Z"));
        }
        assert_eq!(
            read_time("2026-12-02T10:15+02:00"),
            read_time("2026-12-02 08:15Z")
        );
        assert!(read_time("2026-02-30").is_none() && read_time("2026-12-02T25:00").is_none());
    }

    #[test]
    fn numbers_read() {
        assert_eq!(read_number("$1,200"), Some((1200.0, "$".into(), "".into())));
        assert_eq!(read_number("4.5 s"), Some((4.5, "".into(), " s".into())));
        assert_eq!(read_number("-$5"), Some((-5.0, "$".into(), "".into())));
        assert_eq!(read_number("$-5"), Some((-5.0, "$".into(), "".into())));
        assert_eq!(read_number("1,2345"), None);
        assert_eq!(read_number("v1.2.3"), None);
        assert_eq!(round_to(1.005, 2), 1.01);
        assert_eq!(round_to(-2.5, 0), -3.0);
    }
}
