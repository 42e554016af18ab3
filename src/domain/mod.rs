//! The product's rules as plain Rust: no UI framework and no browser APIs.
//!
//! Time is always passed in (`now`, in milliseconds since the Unix epoch) so
//! every rule can be tested on the host without waiting for a clock.

pub mod calendar;
pub mod clock;
pub mod contact_detail;
pub mod contact_list;
pub mod contacts;
pub mod duplicates;
pub mod error;
pub mod events;
pub mod followups;
pub mod goals;
pub mod ids;
pub mod journal;
pub mod meeting_detail;
pub mod meeting_list;
pub mod meetings;
pub mod notebook;
pub mod organizations;
pub mod pitch;
pub mod reciprocity;
pub mod records;
pub mod referrals;
pub mod search;
pub mod settings;
pub mod today;
pub mod transfer;

pub use contacts::{Contact, ListKind};
pub use error::Error;
pub use meetings::{Meeting, MeetingStatus, Purpose};
pub use notebook::Notebook;
pub use organizations::{OrgStatus, Organization};

/// Identifier of a record: random, below 2^53 (see `ids`).
pub type Id = u64;

/// Milliseconds since the Unix epoch (UTC).
pub type Timestamp = i64;

pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;
