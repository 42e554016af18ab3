//! Contacts in the three lists and the target organizations they belong to.

use serde::{Deserialize, Serialize};

use super::{Id, Timestamp};

/// The three networking lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ListKind {
    /// Personal and social: family, friends, neighbours.
    A,
    /// Career and professional: former bosses, colleagues, professors, mentors.
    B,
    /// Target employers: people at the organizations the user wants to join.
    C,
}

impl ListKind {
    pub const ALL: [ListKind; 3] = [ListKind::A, ListKind::B, ListKind::C];

    pub fn letter(self) -> &'static str {
        match self {
            ListKind::A => "A",
            ListKind::B => "B",
            ListKind::C => "C",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ListKind::A => "A · Personal",
            ListKind::B => "B · Professional",
            ListKind::C => "C · Target employers",
        }
    }

    pub fn from_letter(s: &str) -> Option<ListKind> {
        match s.trim() {
            "A" | "a" => Some(ListKind::A),
            "B" | "b" => Some(ListKind::B),
            "C" | "c" => Some(ListKind::C),
            _ => None,
        }
    }
}

/// A person in the user's network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contact {
    pub id: Id,
    pub name: String,
    pub list: ListKind,
    pub organization: Option<Id>,
    pub role: String,
    pub how_met: String,
    /// Who introduced the user to this person. May point at a contact that
    /// has since been deleted: chains then show the gap instead of hiding it.
    pub referred_by: Option<Id>,
    /// When the introduction was made, if known (captured in a meeting or at
    /// an event): the weekly count of referrals gained goes by this, not by
    /// when the contact was typed in.
    pub referred_at: Option<Timestamp>,
    pub email: String,
    pub phone: String,
    pub url: String,
    pub tags: Vec<String>,
    pub how_i_can_help: String,
    pub notes: String,
    pub decision_maker: bool,
    /// The event where the user met this person, if any.
    pub event_id: Option<Id>,
    /// Remind the user to get in touch after this many days without contact
    /// (`None`: no reminder).
    pub keep_in_touch_days: Option<u32>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Default for Contact {
    fn default() -> Self {
        Contact {
            id: 0,
            name: String::new(),
            list: ListKind::A,
            organization: None,
            role: String::new(),
            how_met: String::new(),
            referred_by: None,
            referred_at: None,
            email: String::new(),
            phone: String::new(),
            url: String::new(),
            tags: Vec::new(),
            how_i_can_help: String::new(),
            notes: String::new(),
            decision_maker: false,
            event_id: None,
            keep_in_touch_days: None,
            created_at: 0,
            updated_at: 0,
        }
    }
}

/// Where the user stands with a target employer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrgStatus {
    #[default]
    Researching,
    HaveContactInside,
    MetSomeone,
    ReferredToDecisionMaker,
}

impl OrgStatus {
    pub const ALL: [OrgStatus; 4] = [
        OrgStatus::Researching,
        OrgStatus::HaveContactInside,
        OrgStatus::MetSomeone,
        OrgStatus::ReferredToDecisionMaker,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OrgStatus::Researching => "Researching",
            OrgStatus::HaveContactInside => "Have a contact inside",
            OrgStatus::MetSomeone => "Met someone",
            OrgStatus::ReferredToDecisionMaker => "Referred to a decision maker",
        }
    }
}

/// A target employer (list C). Its people are the contacts that link to it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Organization {
    pub id: Id,
    pub name: String,
    /// What draws the user to it: industry, values, mission.
    pub why: String,
    /// 1 is the most wanted; ties are broken by name.
    pub priority: u32,
    pub status: OrgStatus,
    pub website: String,
    pub notes: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A web address safe to put in a link: only http(s), never `javascript:`.
pub fn safe_web_url(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() || t.contains(char::is_whitespace) {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(t.to_string())
    } else if !t.contains(':') && t.contains('.') {
        Some(format!("https://{t}"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            safe_web_url("https://linkedin.com/in/ana").as_deref(),
            Some("https://linkedin.com/in/ana")
        );
        assert_eq!(
            safe_web_url("acme.example").as_deref(),
            Some("https://acme.example")
        );
        assert_eq!(safe_web_url("javascript:alert(1)"), None);
        assert_eq!(safe_web_url("JavaScript:alert(1)//x.com"), None);
        assert_eq!(safe_web_url("data:text/html,hi"), None);
        assert_eq!(safe_web_url("not a url"), None);
        assert_eq!(safe_web_url(""), None);
    }

    #[test]
    fn list_letters_round_trip() {
        for l in ListKind::ALL {
            assert_eq!(ListKind::from_letter(l.letter()), Some(l));
        }
        assert_eq!(ListKind::from_letter("D"), None);
    }
}
