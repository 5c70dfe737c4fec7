//! RFC 3339 date-times, read strictly. The browser's `Date` parser takes nearly anything
//! (`"2001"` is a date to it), so a broken backend's time would show as some real-looking
//! date; the panel checks first and says "unknown" instead, and the server refuses to store
//! one.

/// Whether `s` is an RFC 3339 `date-time` (section 5.6): `YYYY-MM-DDTHH:MM:SS`, an optional
/// fraction, then `Z` or `±HH:MM`, with `T` and `Z` in either case; the day must exist in
/// its month, and a leap second (`:60`) is allowed.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let number = |from: usize, len: usize| -> Option<u32> {
        let digits = b.get(from..from + len)?;
        digits.iter().all(u8::is_ascii_digit).then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let is = |i: usize, c: u8| b.get(i).is_some_and(|x| x.eq_ignore_ascii_case(&c));
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) =
        (number(0, 4), number(5, 2), number(8, 2), number(11, 2), number(14, 2), number(17, 2))
    else {
        return false;
    };
    if !(is(4, b'-') && is(7, b'-') && is(10, b'T') && is(13, b':') && is(16, b':')) {
        return false;
    }
    let mut end = 19;
    if is(end, b'.') {
        let digits = b[end + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        end += 1 + digits;
    }
    let offset = match b.get(end) {
        Some(b'Z' | b'z') => end + 1 == b.len(),
        Some(b'+' | b'-') => {
            end + 6 == b.len()
                && is(end + 3, b':')
                && number(end + 1, 2).is_some_and(|h| h < 24)
                && number(end + 4, 2).is_some_and(|m| m < 60)
        }
        _ => false,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 => 28 + u32::from(leap),
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    offset && (1..=days).contains(&day) && hour < 24 && minute < 60 && second <= 60
}

#[cfg(test)]
mod tests {
    use super::is_rfc3339;

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
}
