//! Contacts in the three lists: who they are, how they were introduced,
//! and the checks a contact passes before it is kept.

use serde::{Deserialize, Serialize};

use super::followups::FollowUp;
use super::meetings::MeetingStatus;
use super::notebook::Removed;
use super::referrals::would_create_cycle;
use super::search::normalize;
use super::{Error, Id, Meeting, Notebook, Timestamp};

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

impl Contact {
    /// The order contacts are listed in: name ignoring case and accents,
    /// then id, so that equal names keep one stable order.
    pub fn name_key(&self) -> (String, Id) {
        (normalize(&self.name), self.id)
    }
}

impl Notebook {
    /// Every contact in name order (see [`Contact::name_key`]).
    pub fn contacts_by_name(&self) -> Vec<&Contact> {
        let mut people: Vec<&Contact> = self.contacts.iter().collect();
        people.sort_by_cached_key(|c| c.name_key());
        people
    }

    pub fn contact(&self, id: Id) -> Option<&Contact> {
        self.find(id)
    }

    /// The organization name of a contact, if it still exists.
    pub fn organization_name(&self, contact: &Contact) -> Option<&str> {
        contact
            .organization
            .and_then(|id| self.organization(id))
            .map(|o| o.name.as_str())
    }

    fn check_contact(&self, contact: &Contact) -> Result<(), Error> {
        if contact.name.trim().is_empty() {
            return Err(Error::EmptyName);
        }
        if contact.referred_by == Some(contact.id) {
            return Err(Error::ReferredBySelf);
        }
        let current = self.contact(contact.id).and_then(|c| c.referred_by);
        if contact.referred_by != current
            && would_create_cycle(&self.contacts, contact.id, contact.referred_by)
        {
            return Err(Error::ReferralLoop);
        }
        Ok(())
    }

    /// Adds a new contact (its `id` and times are assigned here).
    pub fn add_contact(&mut self, mut contact: Contact, now: Timestamp) -> Result<Id, Error> {
        contact.id = self.alloc_id();
        tidy_contact(&mut contact);
        self.check_contact(&contact)?;
        contact.created_at = now;
        contact.updated_at = now;
        let id = contact.id;
        self.contacts.push(contact);
        Ok(id)
    }

    /// Replaces the stored contact with the same id.
    pub fn update_contact(&mut self, mut contact: Contact, now: Timestamp) -> Result<(), Error> {
        tidy_contact(&mut contact);
        self.check_contact(&contact)?;
        let slot = self
            .find_mut::<Contact>(contact.id)
            .ok_or(Error::RecordNotFound)?;
        contact.created_at = slot.created_at;
        contact.updated_at = now;
        *slot = contact;
        Ok(())
    }

    /// Removes a contact, with what is still ahead with them: open
    /// follow-ups and meetings not yet begun, which would otherwise stay on
    /// Today with nobody to write to or meet. What already happened stays
    /// (meetings held or under way, follow-ups done: they keep the name for
    /// the journal), and so do links to the contact, so chains show the gap.
    /// Undo puts it all back.
    pub fn delete_contact(&mut self, id: Id) -> Option<DeletedContact> {
        let name = self.contact(id)?.name.clone();
        let mut removed = Vec::new();
        let follow_ups: Vec<Id> = self
            .follow_ups
            .iter()
            .filter(|f| f.contact_id == Some(id) && f.done_at.is_none())
            .map(|f| f.id)
            .collect();
        let meetings: Vec<Id> = self
            .meetings
            .iter()
            .filter(|m| m.contact_id == Some(id) && m.status() == MeetingStatus::Planned)
            .map(|m| m.id)
            .collect();
        removed.extend(
            follow_ups
                .iter()
                .filter_map(|&f| self.remove::<FollowUp>(f)),
        );
        removed.extend(meetings.iter().filter_map(|&m| self.remove::<Meeting>(m)));
        removed.extend(self.remove::<Contact>(id));
        Some(DeletedContact {
            name,
            follow_ups: follow_ups.len(),
            planned_meetings: meetings.len(),
            removed: Removed::Several(removed),
        })
    }
}

/// What deleting a contact took out, for Undo and for saying so.
#[derive(Clone, Debug, PartialEq)]
pub struct DeletedContact {
    pub name: String,
    pub follow_ups: usize,
    pub planned_meetings: usize,
    pub removed: Removed,
}

impl DeletedContact {
    /// "Deleted Ana, with 2 open follow-ups and 1 planned meeting."
    pub fn message(&self) -> String {
        let along: Vec<String> = [
            (self.follow_ups, "open follow-up", "open follow-ups"),
            (self.planned_meetings, "planned meeting", "planned meetings"),
        ]
        .into_iter()
        .filter(|&(n, _, _)| n > 0)
        .map(|(n, one, many)| super::count(n, one, many))
        .collect();
        if along.is_empty() {
            format!("Deleted {}.", self.name)
        } else {
            format!("Deleted {}, with {}.", self.name, along.join(" and "))
        }
    }
}

impl Contact {
    /// How often Today reminds the user to get in touch, for the contact's
    /// page: only lists A and B are reminded (see the contact form).
    pub fn keep_in_touch_text(&self) -> Option<String> {
        let days = self
            .keep_in_touch_days
            .filter(|_| self.list != ListKind::C)?;
        Some(match days {
            1 => "Every day".to_string(),
            7 => "Every week".to_string(),
            n => format!("Every {n} days"),
        })
    }
}

fn tidy_contact(contact: &mut Contact) {
    contact.name = contact.name.trim().to_string();
    for field in [
        &mut contact.email,
        &mut contact.phone,
        &mut contact.url,
        &mut contact.role,
    ] {
        *field = field.trim().to_string();
    }
    contact.tags = contact
        .tags
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
}

/// Whether a typed email address has a slip that makes it unusable: it
/// needs something before one `@`, a domain after it, and no spaces.
/// Lenient on purpose, since valid addresses take many forms.
pub fn email_looks_wrong(email: &str) -> bool {
    let email = email.trim();
    if email.is_empty() {
        return false;
    }
    match email.split_once('@') {
        Some((name, domain)) => {
            name.is_empty()
                || domain.is_empty()
                || domain.contains('@')
                || domain.starts_with('.')
                || domain.ends_with('.')
                || email.contains("..")
                // Legal only in quoted forms nobody types; as slips they
                // are a comma for a dot, or a pasted "mailto:".
                || email.contains([',', ';', ':', '<', '>', '(', ')', '[', ']', '"', '\\'])
                || email.chars().any(char::is_whitespace)
        }
        None => true,
    }
}

/// Whether a typed phone number cannot be one: it needs three digits at
/// least, and only what numbers are written with (`+ ( ) - . /`, spaces,
/// and an extension such as "x 12" or "ext. 12").
pub fn phone_looks_wrong(phone: &str) -> bool {
    let phone = phone.trim().to_lowercase();
    if phone.is_empty() {
        return false;
    }
    let rest = phone.replace("ext", "");
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    digits < 3
        || !rest
            .chars()
            .all(|c| c.is_ascii_digit() || " +()-./x#*".contains(c))
}

/// The `tel:` link for a phone number as typed: its digits (with the `+`
/// written before them, wherever), and an extension ("x 12", "ext. 12",
/// or dial pauses ",,12") as `;ext=12` (RFC 3966), never glued on. `None`
/// (the number is shown without a link) when letters are part of the
/// number, as in "1-800-FLOWERS" or "Tel: …": a dialler would read them
/// as other digits.
pub fn dial_link(phone: &str) -> Option<String> {
    let lower = phone.trim().to_lowercase();
    let cut = ["ext", "x", ","].iter().filter_map(|m| lower.find(m)).min();
    let (number, extension) = cut.map_or((lower.as_str(), ""), |at| lower.split_at(at));
    if number.chars().any(char::is_alphabetic) || !number.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut link = String::from("tel:");
    if number
        .chars()
        .take_while(|c| !c.is_ascii_digit())
        .any(|c| c == '+')
    {
        link.push('+');
    }
    for c in number.chars() {
        match c {
            '0'..='9' | '*' => link.push(c),
            '#' => link.push_str("%23"),
            _ => {}
        }
    }
    let ext: String = extension.chars().filter(char::is_ascii_digit).collect();
    if !ext.is_empty() {
        link.push_str(";ext=");
        link.push_str(&ext);
    }
    Some(link)
}

/// The form's check before saving what the user typed: an email address
/// or phone number with a slip in it, or an introduction dated after today
/// (`now`) or in an impossible year, among the fields changed from
/// `before`. What came from elsewhere (an import, sync, an older version)
/// is not held to it, so a contact is never refused for a field the user
/// did not touch.
pub fn check_typed(before: &Contact, after: &Contact, now: Timestamp) -> Result<(), Error> {
    if after.email != before.email && email_looks_wrong(&after.email) {
        return Err(Error::EmailLooksWrong);
    }
    if after.phone != before.phone && phone_looks_wrong(&after.phone) {
        return Err(Error::PhoneLooksWrong);
    }
    match after.referred_at {
        Some(at) if after.referred_at != before.referred_at => {
            super::calendar::check_time_year(at)?;
            // The form stores a typed day at the user's noon: today's is
            // at most 12 hours after now, tomorrow's always more.
            if at > now + 12 * super::HOUR_MS {
                return Err(Error::IntroducedInFuture);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Splits "a, b ,c" into tags, one of each as first written: "dup, DUP"
/// is one tag.
pub fn parse_tags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in text.split(',').map(str::trim) {
        if !tag.is_empty() && !tags.iter().any(|t| normalize(t) == normalize(tag)) {
            tags.push(tag.to_string());
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn an_introduction_typed_after_today_or_in_another_era_is_refused() {
        // 2026-12-01 09:00 UTC.
        let now = 1_796_115_600_000;
        let before = Contact::default();
        let introduced = |at| Contact {
            referred_at: Some(at),
            ..Contact::default()
        };
        assert_eq!(
            check_typed(&before, &introduced(now - 86_400_000), now),
            Ok(())
        );
        // Tomorrow at noon, typed in the evening.
        assert_eq!(
            check_typed(&before, &introduced(now + 13 * 3_600_000), now),
            Err(Error::IntroducedInFuture)
        );
        // Today at noon, typed in the morning.
        assert_eq!(
            check_typed(&before, &introduced(now + 3_600_000), now),
            Ok(())
        );
        assert_eq!(
            check_typed(&before, &introduced(now + 3 * 86_400_000), now),
            Err(Error::IntroducedInFuture)
        );
        assert_eq!(
            check_typed(&before, &introduced(-62_000_000_000_000), now),
            Err(Error::DateOutOfRange)
        );
        // Stored that way already and not touched: not the user's slip.
        let odd = introduced(now + 3 * 86_400_000);
        assert_eq!(check_typed(&odd, &odd, now), Ok(()));
    }

    #[test]
    fn a_tag_typed_twice_is_kept_once_as_first_written() {
        assert_eq!(
            parse_tags("mentor, dup, DUP, Mentor , dup,, hiring"),
            ["mentor", "dup", "hiring"]
        );
    }

    #[test]
    fn email_slips_are_caught_and_real_addresses_pass() {
        for ok in [
            "",
            "ana@example.com",
            "a.b+tag@sub.example.co.uk",
            "ana@localhost",
            " ana@example.com ",
        ] {
            assert!(!email_looks_wrong(ok), "{ok}");
        }
        for wrong in [
            "ana",
            "ana@",
            "@example.com",
            "ana@@example.com",
            "ana @example.com",
            "ana@example.",
            "ana@.com",
            "dana@example,com",
            "dana@x..com",
            "mailto:dana@x.com",
        ] {
            assert!(email_looks_wrong(wrong), "{wrong}");
        }
    }

    #[test]
    fn phone_slips_are_caught_and_usual_forms_pass() {
        for ok in [
            "",
            "+1 (555) 010-0100",
            "030/123 456",
            "+44 20 7946 0000 ext. 12",
            "555.0100 x4",
            "*100#",
        ] {
            assert!(!phone_looks_wrong(ok), "{ok}");
        }
        for wrong in ["ana@example.com", "12", "call me", "555-CALL"] {
            assert!(phone_looks_wrong(wrong), "{wrong}");
        }
    }

    #[test]
    fn a_dial_link_has_digits_only_and_the_extension_apart() {
        assert_eq!(
            dial_link("+1 (555) 010-0100").as_deref(),
            Some("tel:+15550100100")
        );
        assert_eq!(
            dial_link("+44 20 7946 0000 ext. 12").as_deref(),
            Some("tel:+442079460000;ext=12")
        );
        assert_eq!(
            dial_link("555.0100 x4").as_deref(),
            Some("tel:5550100;ext=4")
        );
        assert_eq!(dial_link("*100#").as_deref(), Some("tel:*100%23"));
        assert_eq!(
            dial_link("(+44) 20 7946 0000").as_deref(),
            Some("tel:+442079460000")
        );
        assert_eq!(
            dial_link("+1 555 0100,,12").as_deref(),
            Some("tel:+15550100;ext=12")
        );
        assert_eq!(dial_link("1-800-FLOWERS"), None);
        assert_eq!(dial_link("Tel +1 555 0100"), None);
        assert_eq!(dial_link("call me"), None);
    }

    #[test]
    fn the_form_check_names_the_field() {
        let new = Contact::default();
        let mut c = Contact {
            email: "ana.example.com".into(),
            phone: "12".into(),
            ..Contact::default()
        };
        assert_eq!(check_typed(&new, &c, 0), Err(Error::EmailLooksWrong));
        c.email.clear();
        assert_eq!(check_typed(&new, &c, 0), Err(Error::PhoneLooksWrong));
        c.phone = "+1 555 0100".into();
        assert_eq!(check_typed(&new, &c, 0), Ok(()));
    }

    #[test]
    fn an_imported_odd_phone_does_not_block_other_edits() {
        let imported = Contact {
            phone: "mobile: 12".into(),
            ..Contact::default()
        };
        let mut edited = imported.clone();
        edited.notes = "Met at the fair".into();
        assert_eq!(check_typed(&imported, &edited, 0), Ok(()));
        edited.phone = "mobile: 13".into();
        assert_eq!(
            check_typed(&imported, &edited, 0),
            Err(Error::PhoneLooksWrong)
        );
    }

    use crate::domain::Organization;
    use crate::domain::notebook::tests::person;

    #[test]
    fn the_keep_in_touch_interval_reads_as_people_say_it() {
        let mut ana = person("Ana", ListKind::B);
        assert_eq!(ana.keep_in_touch_text(), None);
        for (days, text) in [(1, "Every day"), (7, "Every week"), (30, "Every 30 days")] {
            ana.keep_in_touch_days = Some(days);
            assert_eq!(ana.keep_in_touch_text().as_deref(), Some(text));
        }
        // List C is not reminded, so no interval is shown for it.
        ana.list = ListKind::C;
        assert_eq!(ana.keep_in_touch_text(), None);
    }

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

    #[test]
    fn empty_names_are_refused() {
        let mut nb = Notebook::default();
        assert_eq!(
            nb.add_contact(person("   ", ListKind::A), 1),
            Err(Error::EmptyName)
        );
        assert!(nb.contacts.is_empty());
        assert_eq!(
            nb.add_organization(Organization::default(), 1),
            Err(Error::EmptyName)
        );
    }

    #[test]
    fn names_are_trimmed_and_times_set() {
        let mut nb = Notebook::default();
        let id = nb.add_contact(person("  Ana  ", ListKind::A), 5).unwrap();
        let c = nb.contact(id).unwrap();
        assert_eq!(c.name, "Ana");
        assert_eq!((c.created_at, c.updated_at), (5, 5));
        let mut edited = c.clone();
        edited.role = " Engineer ".into();
        nb.update_contact(edited, 9).unwrap();
        let c = nb.contact(id).unwrap();
        assert_eq!(c.role, "Engineer");
        assert_eq!((c.created_at, c.updated_at), (5, 9));
    }

    #[test]
    fn self_referral_and_loops_are_refused() {
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        let mut ben = person("Ben", ListKind::B);
        ben.referred_by = Some(a);
        let b = nb.add_contact(ben, 2).unwrap();
        let mut ana = nb.contact(a).unwrap().clone();
        ana.referred_by = Some(a);
        assert_eq!(
            nb.update_contact(ana.clone(), 3),
            Err(Error::ReferredBySelf)
        );
        ana.referred_by = Some(b);
        assert_eq!(nb.update_contact(ana, 3), Err(Error::ReferralLoop));
        assert_eq!(nb.contact(a).unwrap().referred_by, None);
    }

    /// What the contact form does on saving: its edit laid over the stored
    /// contact, and the stored version back when both changed a field.
    fn save_form(
        nb: &mut Notebook,
        base: &Contact,
        edited: Contact,
        now: i64,
    ) -> Result<Option<Contact>, Error> {
        let current = nb.contact(edited.id).ok_or(Error::RecordNotFound)?;
        let (contact, other) = crate::domain::records::rebase(base, edited, Some(current));
        nb.update_contact(contact, now)?;
        Ok(other)
    }

    #[test]
    fn a_stale_form_only_applies_what_it_changed() {
        let mut nb = Notebook::default();
        let id = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        let base = nb.contact(id).unwrap().clone();
        // Another window changes the email meanwhile.
        let mut elsewhere = base.clone();
        elsewhere.email = "ana@example.org".into();
        nb.update_contact(elsewhere, 2).unwrap();
        let mut edited = base.clone();
        edited.role = "Designer".into();
        assert_eq!(save_form(&mut nb, &base, edited, 3), Ok(None));
        let c = nb.contact(id).unwrap();
        assert_eq!(
            (c.role.as_str(), c.email.as_str()),
            ("Designer", "ana@example.org")
        );
        // The same field changed in both: the form wins, the other is returned.
        let base = c.clone();
        let mut elsewhere = base.clone();
        elsewhere.role = "Engineer".into();
        nb.update_contact(elsewhere, 4).unwrap();
        let mut edited = base.clone();
        edited.role = "Manager".into();
        let kept = save_form(&mut nb, &base, edited, 5).unwrap().unwrap();
        assert_eq!(kept.role, "Engineer");
        assert_eq!(nb.contact(id).unwrap().role, "Manager");
    }

    #[test]
    fn tags_parse_from_commas() {
        assert_eq!(parse_tags(" fintech, ,mentor ,"), ["fintech", "mentor"]);
        assert!(parse_tags("").is_empty());
    }
}
