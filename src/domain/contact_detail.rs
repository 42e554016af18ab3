//! One contact's page: details, whom they introduced, give and take,
//! follow-ups and meetings, looked up in the notebook.

use chrono::NaiveDate;

use super::contacts::safe_web_url;
use super::followups::sort_for_today;
use super::reciprocity::{Reciprocity, reciprocity};
use super::referrals::referred_by_contact;
use super::{Contact, Id, MeetingStatus, Notebook, Timestamp};

/// One of the contact's meetings as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingLine {
    pub id: Id,
    pub status: MeetingStatus,
    pub at: Timestamp,
    pub outcome: String,
    pub notes: String,
}

/// What the contact page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ContactDetailView {
    pub contact: Contact,
    pub organization: Option<(Id, String)>,
    /// The contact's web address when it is safe to link to.
    pub web_link: Option<String>,
    /// Whether any detail beyond the name and list is known.
    pub has_details: bool,
    /// People they introduced the user to, still in the notebook.
    pub introduced: Vec<(Id, String)>,
    /// People they suggested in a meeting whom the user knew already (a
    /// personal contact, met before, or introduced by someone else): not
    /// an introduction, but what they advised.
    pub suggested: Vec<(Id, String)>,
    pub give: Reciprocity,
    /// Their follow-ups, in the order Today puts them.
    pub follow_ups: Vec<Id>,
    /// Their meetings, newest first.
    pub meetings: Vec<MeetingLine>,
}

impl ContactDetailView {
    /// The page of contact `id` on `today`; `None` if they no longer exist.
    pub fn new(nb: &Notebook, id: Id, today: NaiveDate) -> Option<Self> {
        let contact = nb.contact(id)?.clone();
        let organization = contact
            .organization
            .and_then(|o| nb.organization(o))
            .map(|o| (o.id, o.name.clone()));
        let has_details = organization.is_some()
            || [
                &contact.role,
                &contact.how_met,
                &contact.phone,
                &contact.email,
                &contact.url,
            ]
            .iter()
            .any(|f| !f.is_empty())
            || !contact.tags.is_empty()
            || contact.keep_in_touch_text().is_some();
        let mut follow_ups: Vec<_> = nb
            .follow_ups
            .iter()
            .filter(|f| f.contact_id == Some(id))
            .cloned()
            .collect();
        sort_for_today(&mut follow_ups, today);
        let introduced: Vec<(Id, String)> = referred_by_contact(&nb.contacts, id)
            .into_iter()
            .filter_map(|rid| nb.contact(rid).map(|c| (rid, c.name.clone())))
            .collect();
        let mut suggested: Vec<(Id, String)> = Vec::new();
        for rid in nb
            .meetings_with(id)
            .into_iter()
            .flat_map(|m| m.referrals.iter().copied())
        {
            let Some(c) = nb.contact(rid) else { continue };
            if c.referred_by != Some(id) && !suggested.iter().any(|(s, _)| *s == rid) {
                suggested.push((rid, c.name.clone()));
            }
        }
        Some(ContactDetailView {
            web_link: safe_web_url(&contact.url),
            has_details,
            introduced,
            suggested,
            give: reciprocity(nb, id),
            follow_ups: follow_ups.into_iter().map(|f| f.id).collect(),
            meetings: nb
                .meetings_with(id)
                .into_iter()
                .map(|m| MeetingLine {
                    id: m.id,
                    status: m.status(),
                    at: m.sort_time(),
                    outcome: m.outcome.clone(),
                    notes: m.notes.clone(),
                })
                .collect(),
            organization,
            contact,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_name_the_organization_and_who_they_introduced() {
        let mut nb = Notebook::default();
        let today = NaiveDate::from_ymd_opt(2026, 3, 18).unwrap();
        let plain = nb
            .add_contact(
                Contact {
                    name: "Ana".into(),
                    url: "javascript:alert(1)".into(),
                    ..Contact::default()
                },
                1,
            )
            .unwrap();
        let view = ContactDetailView::new(&nb, plain, today).unwrap();
        assert!(view.has_details, "a web address is a detail");
        assert_eq!(view.web_link, None);
        let reminded = nb
            .add_contact(
                Contact {
                    name: "Cleo".into(),
                    keep_in_touch_days: Some(30),
                    ..Contact::default()
                },
                1,
            )
            .unwrap();
        let view = ContactDetailView::new(&nb, reminded, today).unwrap();
        assert!(view.has_details, "how often to keep in touch is a detail");

        let acme = crate::domain::notebook::tests::add_org(&mut nb, "Acme", 2);
        let ben = nb
            .add_contact(
                Contact {
                    name: "Ben".into(),
                    organization: Some(acme),
                    referred_by: Some(plain),
                    ..Contact::default()
                },
                3,
            )
            .unwrap();
        let view = ContactDetailView::new(&nb, plain, today).unwrap();
        assert_eq!(view.introduced, [(ben, "Ben".to_string())]);
        assert!(view.suggested.is_empty());

        // Named in a meeting with Ana, but a friend already: suggested by
        // her, not introduced.
        let dana = nb
            .add_contact(
                Contact {
                    name: "Dana".into(),
                    list: crate::domain::ListKind::A,
                    ..Contact::default()
                },
                4,
            )
            .unwrap();
        let meeting = nb.start_meeting_now(plain, 5).unwrap();
        nb.link_referral(meeting, dana, 6).unwrap();
        nb.link_referral(meeting, ben, 7).unwrap();
        let view = ContactDetailView::new(&nb, plain, today).unwrap();
        assert_eq!(view.introduced, [(ben, "Ben".to_string())]);
        assert_eq!(view.suggested, [(dana, "Dana".to_string())]);
        let view = ContactDetailView::new(&nb, ben, today).unwrap();
        assert_eq!(view.organization, Some((acme, "Acme".to_string())));
        assert!(ContactDetailView::new(&nb, ben + plain, today).is_none());
    }
}
