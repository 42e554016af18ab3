//! Whole numbers typed into a field: goals, targets, priorities, days.
//!
//! A field that cannot be read says so and keeps the last good value,
//! rather than clamping or dropping what was typed without a word.

use std::ops::RangeInclusive;

/// The weekly goals (see `goals::MAX_GOAL`).
pub const GOAL: RangeInclusive<u32> = 0..=super::goals::MAX_GOAL;
/// An event's targets (see `events::MAX_TARGET`).
pub const TARGET: RangeInclusive<u32> = 0..=super::events::MAX_TARGET;
/// An organization's rank, 1 the most wanted.
pub const PRIORITY: RangeInclusive<u32> = 1..=999;
/// How often to keep in touch with a contact: up to about three years.
pub const KEEP_IN_TOUCH_DAYS: RangeInclusive<u32> = 1..=1000;
/// A minute of the meeting's plan (see `clock::MAX_LENGTH_MIN`).
pub const PHASE_MINUTE: RangeInclusive<u32> = 1..=super::clock::MAX_LENGTH_MIN;

/// Why a typed number was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// The field is empty and needs a number.
    Missing { min: u32, max: u32 },
    /// Not a whole number: letters, a fraction, a sign.
    NotWhole { min: u32, max: u32 },
    /// A whole number outside what the field allows.
    OutOfRange { min: u32, max: u32 },
}

impl std::fmt::Display for NumberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (NumberError::Missing { min, max }
        | NumberError::NotWhole { min, max }
        | NumberError::OutOfRange { min, max }) = *self;
        write!(f, "Enter a whole number from {min} to {max}.")
    }
}

impl std::error::Error for NumberError {}

/// Reads `text` as a whole number within `range`. An empty field reads as
/// `None` when `optional`, and is missing otherwise.
pub fn parse_whole(
    text: &str,
    range: &RangeInclusive<u32>,
    optional: bool,
) -> Result<Option<u32>, NumberError> {
    let (min, max) = (*range.start(), *range.end());
    let text = text.trim();
    if text.is_empty() {
        return if optional {
            Ok(None)
        } else {
            Err(NumberError::Missing { min, max })
        };
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotWhole { min, max });
    }
    // Digits only: the one way to fail now is a number too big for `u32`.
    match text.parse::<u32>() {
        Ok(n) if range.contains(&n) => Ok(Some(n)),
        _ => Err(NumberError::OutOfRange { min, max }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_in_range_is_taken() {
        assert_eq!(parse_whole("7", &PRIORITY, false), Ok(Some(7)));
        assert_eq!(parse_whole(" 0 ", &GOAL, false), Ok(Some(0)));
        assert_eq!(parse_whole("007", &GOAL, false), Ok(Some(7)));
        assert_eq!(parse_whole("999", &TARGET, false), Ok(Some(999)));
    }

    #[test]
    fn out_of_range_is_refused_not_clamped() {
        assert_eq!(
            parse_whole("0", &PRIORITY, false),
            Err(NumberError::OutOfRange { min: 1, max: 999 })
        );
        assert_eq!(
            parse_whole("100", &GOAL, false),
            Err(NumberError::OutOfRange { min: 0, max: 99 })
        );
        assert!(parse_whole("99999999999", &TARGET, false).is_err());
    }

    #[test]
    fn fractions_signs_and_words_are_not_whole_numbers() {
        for text in ["2.5", "-3", "+3", "1e3", "three", "3 4"] {
            assert!(
                matches!(
                    parse_whole(text, &TARGET, true),
                    Err(NumberError::NotWhole { .. })
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn an_empty_field_is_none_only_where_that_means_something() {
        assert_eq!(parse_whole("  ", &KEEP_IN_TOUCH_DAYS, true), Ok(None));
        assert_eq!(
            parse_whole("", &PHASE_MINUTE, false),
            Err(NumberError::Missing { min: 1, max: 120 })
        );
    }

    #[test]
    fn the_message_gives_the_range() {
        assert_eq!(
            parse_whole("0", &KEEP_IN_TOUCH_DAYS, true)
                .unwrap_err()
                .to_string(),
            "Enter a whole number from 1 to 1000."
        );
    }
}
