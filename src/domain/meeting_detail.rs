//! One meeting's page: its plan, and once held, its notes, referrals,
//! outcome and next steps, with names looked up in the notebook.

use super::{Id, Meeting, MeetingStatus, Notebook, Purpose, Timestamp};

/// What the meeting page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct MeetingDetailView {
    pub meeting: Meeting,
    /// The contact's current name, else the name kept with the meeting.
    pub name: String,
    pub status: MeetingStatus,
    /// When it is planned, or when it started.
    pub at: Timestamp,
    /// The contact, while they are still in the notebook.
    pub contact: Option<Id>,
    pub pitch_title: Option<String>,
    /// Each purpose and whether it was met.
    pub purposes: Vec<(Purpose, bool)>,
    /// Referrals still in the notebook.
    pub referrals: Vec<(Id, String)>,
    /// The follow-ups confirmed for this meeting, in words.
    pub steps: Vec<String>,
}

impl MeetingDetailView {
    /// The page of meeting `id`; `None` if it no longer exists.
    pub fn new(nb: &Notebook, id: Id) -> Option<Self> {
        let m = nb.meeting(id)?.clone();
        let contact = m.contact_id.and_then(|c| nb.contact(c));
        let name_of = |c: Option<Id>| c.and_then(|c| nb.contact(c)).map(|c| c.name.clone());
        let steps = nb
            .follow_ups
            .iter()
            .filter(|f| f.meeting_id == Some(id))
            .map(|f| {
                format!(
                    "{}: {} by {}",
                    f.kind.label(),
                    name_of(f.contact_id).unwrap_or_default(),
                    super::calendar::short_day(f.due)
                )
            })
            .collect();
        Some(MeetingDetailView {
            name: contact.map_or_else(|| m.contact_name.clone(), |c| c.name.clone()),
            status: m.status(),
            at: m.sort_time(),
            contact: contact.map(|c| c.id),
            pitch_title: m
                .pitch_id
                .and_then(|p| nb.pitch(p))
                .map(|p| p.title.clone()),
            purposes: m
                .purposes
                .iter()
                .map(|p| (*p, m.purposes_done.contains(p)))
                .collect(),
            referrals: m
                .referrals
                .iter()
                .filter_map(|r| nb.contact(*r).map(|c| (c.id, c.name.clone())))
                .collect(),
            steps,
            meeting: m,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ListKind;
    use crate::domain::calendar::FixedZone;
    use crate::domain::notebook::tests::with_contact;

    #[test]
    fn a_held_meeting_names_people_as_they_are_now() {
        let (mut nb, ana) = with_contact("Ana", ListKind::A, 1);
        let id = nb.start_meeting_now(ana, 1_000).unwrap();
        let ben = nb.add_referral(id, "Ben", "", 2_000).unwrap();
        nb.end_meeting(id, 3_000, &FixedZone(0)).unwrap();
        let mut renamed = nb.contact(ana).unwrap().clone();
        renamed.name = "Ana Silva".into();
        nb.update_contact(renamed, 4_000).unwrap();

        let view = MeetingDetailView::new(&nb, id).unwrap();
        assert_eq!(view.name, "Ana Silva");
        assert_eq!(view.status, MeetingStatus::Held);
        assert_eq!(view.contact, Some(ana));
        assert_eq!(view.referrals, [(ben, "Ben".to_string())]);
        assert_eq!(view.steps, ["Thank-you: Ana Silva by Fri 2 Jan"]);

        nb.delete_contact(ana);
        let view = MeetingDetailView::new(&nb, id).unwrap();
        assert_eq!((view.name.as_str(), view.contact), ("Ana", None));
        assert!(MeetingDetailView::new(&nb, id + 1).is_none());
    }
}
