//! RFC 3339 date-times, read strictly. The browser's `Date` parser takes nearly anything
//! (`"2001"` is a date to it), so a broken backend's time would show as some real-looking
//! date; the panel checks first and says "unknown" instead, and the server refuses to store
//! one.

/// Whether `s` is an RFC 3339 `date-time` (section 5.6): `YYYY-MM-DDTHH:MM:SS`, an optional
/// fraction, then `Z` or `±HH:MM`, with `T` and `Z` in either case; the day must exist in
/// its month, and a leap second (`:60`) is allowed.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    // `d` is a digit; anything else stands for itself, in either case.
    let shape = b"dddd-dd-ddTdd:dd:dd";
    let fits = |t: &u8, c: &u8| if *t == b'd' { c.is_ascii_digit() } else { c.eq_ignore_ascii_case(t) };
    let Some(mut rest) = b.get(shape.len()..) else { return false };
    if !shape.iter().zip(b).all(|(t, c)| fits(t, c)) {
        return false;
    }
    let two = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    if let [b'.', fraction @ ..] = rest {
        let digits = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        rest = &fraction[digits..];
    }
    let offset = match rest {
        [z] => z.eq_ignore_ascii_case(&b'Z'),
        [b'+' | b'-', zone @ ..] if zone.len() == 5 && b"dd:dd".iter().zip(zone).all(|(t, c)| fits(t, c)) => {
            let at = b.len() - 5;
            two(at) < 24 && two(at + 3) < 60
        }
        _ => false,
    };
    let (century, year, month, day) = (two(0), two(2), two(5), two(8));
    // Gregorian: every fourth year, but of the centuries only every fourth.
    let leap = if year == 0 { century % 4 == 0 } else { year % 4 == 0 };
    let days = match month {
        2 => 28 + u32::from(leap),
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    offset && (1..=days).contains(&day) && two(11) < 24 && two(14) < 60 && two(17) <= 60
}

/// Seconds since 1970 of an RFC 3339 date-time (the fraction dropped, the offset applied),
/// or `None` when it is not one.
pub fn unix_seconds(s: &str) -> Option<i64> {
    if !is_rfc3339(s) {
        return None;
    }
    let b = s.as_bytes();
    let num = |from: usize, len: usize| s[from..from + len].parse::<i64>().expect("checked digits");
    let (year, month, day) = (num(0, 4), num(5, 2), num(8, 2));
    // Howard Hinnant's days-from-civil: March starts the year, so February's length is last.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let offset = match b[b.len() - 6] {
        sign @ (b'+' | b'-') => {
            let minutes = num(b.len() - 5, 2) * 60 + num(b.len() - 2, 2);
            if sign == b'+' { minutes * 60 } else { -minutes * 60 }
        }
        _ => 0,
    };
    Some(days * 86_400 + num(11, 2) * 3600 + num(14, 2) * 60 + num(17, 2) - offset)
}

#[cfg(test)]
mod tests {
    use super::{is_rfc3339, unix_seconds};

    #[test]
    fn the_forms_rfc_3339_allows_are_read() {
        for t in [
            "2026-11-28T03:55:16Z",
            "2026-11-28t03:55:16z",
            "2026-11-28T03:55:16.123456Z",
            "2026-11-28T12:55:16+09:00",
            "2026-11-27T22:55:16-05:00",
            "2024-02-29T00:00:00Z",
            "2000-02-29T00:00:00Z",
            "2400-02-29T00:00:00Z",
            "2104-02-29T00:00:00Z",
            "2016-12-31T23:59:60Z",
            "2026-01-31T23:59:59+23:59",
            "2026-04-30T00:00:00Z",
            "0000-01-01T00:00:00Z",
        ] {
            assert!(is_rfc3339(t), "{t}");
        }
    }

    #[test]
    fn what_a_lenient_parser_takes_is_refused() {
        for t in [
            "",
            "2001",
            "2026-11-28",
            "2026-11-28T03:55Z",
            "2026-11-28 03:55:16Z",
            "2026-11-28T03:55:16",
            "2026-11-28T03:55:16.Z",
            "2026-11-28T03:55:16Z ",
            "2026-11-28T03:55:16+0900",
            "2026-11-28T03:55:16+09:00:00",
            "2026-11-28T03:55:16+24:00",
            "2026-11-28T03:55:16+09:60",
            "2026-11-28T03:55:16*09:00",
            "2026/11/28T03:55:16Z",
            "2026-11-28X03:55:16Z",
            "2026-11-28T03-55:16Z",
            "2026-11-28T03:55-16Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-11-00T00:00:00Z",
            "2026-11-31T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "2026-11-28T03:55:1",
            "2026-11-28T24:00:00Z",
            "2026-11-28T23:60:00Z",
            "2026-11-28T23:59:61Z",
            "2026-1-28T03:55:16Z",
            "+026-11-28T03:55:16Z",
            "yesterday",
            "２０２６-11-28T03:55:16Z",
        ] {
            assert!(!is_rfc3339(t), "{t}");
        }
    }

    #[test]
    fn every_month_has_its_own_last_day() {
        let last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        for (i, days) in last.iter().enumerate() {
            let month = i + 1;
            assert!(is_rfc3339(&format!("2026-{month:02}-{days:02}T00:00:00Z")));
            assert!(!is_rfc3339(&format!("2026-{month:02}-{:02}T00:00:00Z", days + 1)), "month {month}");
        }
    }

    #[test]
    fn seconds_since_1970_count_days_months_and_offsets() {
        assert_eq!(unix_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(unix_seconds("2000-02-29T00:00:00Z"), Some(951_782_400));
        assert_eq!(unix_seconds("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(unix_seconds("2026-12-31T23:59:59Z"), Some(1_798_761_599));
        assert_eq!(unix_seconds("2026-12-31T23:59:59.999Z"), Some(1_798_761_599));
        assert_eq!(unix_seconds("2027-01-01T08:59:59+09:00"), Some(1_798_761_599));
        assert_eq!(unix_seconds("2026-12-31T18:29:59-05:30"), Some(1_798_761_599));
        assert_eq!(unix_seconds("2100-03-01T00:00:00Z"), Some(4_107_542_400));
        assert_eq!(unix_seconds("1969-12-31T23:59:59Z"), Some(-1));
        assert_eq!(unix_seconds("2026-02-30T00:00:00Z"), None);
        assert_eq!(unix_seconds("yesterday"), None);
    }
}
