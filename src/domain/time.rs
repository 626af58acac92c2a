//! Instants with millisecond precision, and the two ways they are shown: ISO 8601 as the AWS CLI
//! v2 prints them, and epoch seconds as the AWS JSON protocol sends them.

use std::fmt::Write;

use chrono::{DateTime, Datelike, SecondsFormat, TimeZone, Timelike, Utc};

/// Milliseconds since the Unix epoch, UTC. The service stores and compares only these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    pub fn from_millis(millis: i64) -> Self {
        Timestamp(millis)
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    /// The wall clock, cut to whole milliseconds as the service stores it.
    pub fn now() -> Self {
        Timestamp(Utc::now().timestamp_millis())
    }

    /// Parses RFC 3339 (`2021-04-28T23:13:50.847Z`); anything finer than a millisecond is dropped.
    pub fn parse_rfc3339(text: &str) -> Result<Self, String> {
        DateTime::parse_from_rfc3339(text)
            .map(|instant| Timestamp(instant.timestamp_millis()))
            .map_err(|err| err.to_string())
    }

    /// What the AWS CLI v2 prints: Python's `isoformat()` in UTC, six fractional digits, and no
    /// fraction at all when the milliseconds are zero (`2021-04-28T23:13:51+00:00`).
    pub fn to_iso8601(self) -> String {
        let instant = self.as_datetime();
        // The fields written straight, not through a strftime pattern, which chrono parses anew
        // on every call: a list prints two of these a row. `%Y` below is for the years that
        // four digits can't hold.
        let mut text = if (0..=9999).contains(&instant.year()) {
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                instant.year(),
                instant.month(),
                instant.day(),
                instant.hour(),
                instant.minute(),
                instant.second()
            )
        } else {
            instant.format("%Y-%m-%dT%H:%M:%S").to_string()
        };
        match self.0.rem_euclid(1000) {
            0 => text.push_str("+00:00"),
            millis => {
                let _ = write!(text, ".{:06}+00:00", millis * 1000);
            }
        }
        text
    }

    /// An event's `time`, as EventBridge writes it: whole seconds, UTC (`2021-04-28T23:13:50Z`).
    pub fn to_event_time(self) -> String {
        self.as_datetime()
            .to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// Epoch seconds as a JSON number, as the AWS JSON 1.0 protocol carries timestamps.
    pub fn to_epoch_seconds(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// Reads what `to_epoch_seconds` wrote, rounding to the nearest millisecond.
    pub fn from_epoch_seconds(seconds: f64) -> Self {
        Timestamp((seconds * 1000.0).round() as i64)
    }

    fn as_datetime(self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(self.0)
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            &self
                .as_datetime()
                .to_rfc3339_opts(SecondsFormat::Millis, true),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_has_microsecond_digits_only_when_there_are_milliseconds() {
        let t1 = Timestamp::parse_rfc3339("2021-04-28T23:13:50.847Z").unwrap();
        assert_eq!(t1.to_iso8601(), "2021-04-28T23:13:50.847000+00:00");
        let whole = Timestamp::parse_rfc3339("2021-04-28T23:13:51Z").unwrap();
        assert_eq!(whole.to_iso8601(), "2021-04-28T23:13:51+00:00");
    }

    #[test]
    fn offsets_are_folded_into_utc_and_sub_millisecond_digits_dropped() {
        let t = Timestamp::parse_rfc3339("2021-04-29T01:13:50.8479+02:00").unwrap();
        assert_eq!(t.to_iso8601(), "2021-04-28T23:13:50.847000+00:00");
    }

    /// Every field at its widest and narrowest, and the years beyond four digits, as chrono's
    /// `%Y-%m-%dT%H:%M:%S` writes them.
    #[test]
    fn iso8601_fields_are_strftimes() {
        for millis in [
            0,
            1,
            999,
            -1,
            946_684_799_999,
            951_782_400_000,
            253_402_300_799_999,
            253_402_300_800_000,
            -62_167_219_200_001,
            i64::MIN,
            i64::MAX,
        ] {
            let t = Timestamp::from_millis(millis);
            let whole = t.as_datetime().format("%Y-%m-%dT%H:%M:%S");
            let expected = match millis.rem_euclid(1000) {
                0 => format!("{whole}+00:00"),
                ms => format!("{whole}.{:06}+00:00", ms * 1000),
            };
            assert_eq!(t.to_iso8601(), expected, "{millis}");
        }
    }

    #[test]
    fn epoch_seconds_round_trip() {
        let t = Timestamp::from_millis(1_619_651_630_847);
        assert_eq!(t.to_epoch_seconds(), 1_619_651_630.847);
        assert_eq!(Timestamp::from_epoch_seconds(1_619_651_630.847), t);
    }

    #[test]
    fn rejects_what_is_not_rfc3339() {
        assert!(Timestamp::parse_rfc3339("yesterday").is_err());
        assert!(Timestamp::parse_rfc3339("2021-04-28 23:13:50").is_err());
    }
}
