//! Target employers, ranked by priority, and the people who work there.

use serde::{Deserialize, Serialize};

use super::notebook::Removed;
use super::search::normalize;
use super::{Contact, Error, Id, Notebook, Timestamp};

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

/// One organization as the ranked list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OrganizationRow {
    pub id: Id,
    pub name: String,
    /// The rank shown, 1 at least.
    pub priority: u32,
    /// "Researching · 2 people · 1 way in".
    pub sub: String,
}

impl Notebook {
    pub fn organization(&self, id: Id) -> Option<&Organization> {
        self.find(id)
    }

    pub fn add_organization(&mut self, mut org: Organization, now: Timestamp) -> Result<Id, Error> {
        org.name = org.name.trim().to_string();
        if org.name.is_empty() {
            return Err(Error::EmptyName);
        }
        if self.organization_named(&org.name).is_some() {
            return Err(Error::OrganizationExists);
        }
        org.id = self.alloc_id();
        org.created_at = now;
        org.updated_at = now;
        let id = org.id;
        self.organizations.push(org);
        Ok(id)
    }

    /// The organization named `name`, ignoring case, accents and spacing.
    pub fn organization_named(&self, name: &str) -> Option<Id> {
        let key = normalize(name);
        self.organizations
            .iter()
            .find(|o| normalize(&o.name) == key)
            .map(|o| o.id)
    }

    /// Adds an organization named on the spot (in a form or a meeting); it
    /// ranks last until the user sets its priority. One already there by
    /// that name is the one meant.
    pub fn add_organization_last(&mut self, name: &str, now: Timestamp) -> Result<Id, Error> {
        if let Some(id) = self.organization_named(name) {
            return Ok(id);
        }
        let priority = self.organizations.len() as u32 + 1;
        self.add_organization(
            Organization {
                name: name.to_string(),
                priority,
                ..Organization::default()
            },
            now,
        )
    }

    pub fn update_organization(
        &mut self,
        mut org: Organization,
        now: Timestamp,
    ) -> Result<(), Error> {
        org.name = org.name.trim().to_string();
        if org.name.is_empty() {
            return Err(Error::EmptyName);
        }
        // Only a new name is held to it: two that already share one (made
        // on two devices before they synced) stay editable.
        let key = normalize(&org.name);
        let renamed = self
            .organization(org.id)
            .is_some_and(|o| normalize(&o.name) != key);
        if renamed
            && self
                .organizations
                .iter()
                .any(|o| o.id != org.id && normalize(&o.name) == key)
        {
            return Err(Error::OrganizationExists);
        }
        let slot = self
            .find_mut::<Organization>(org.id)
            .ok_or(Error::RecordNotFound)?;
        org.created_at = slot.created_at;
        org.updated_at = now;
        *slot = org;
        Ok(())
    }

    /// Removes an organization; its people keep their link for an undo.
    pub fn delete_organization(&mut self, id: Id) -> Option<Removed> {
        self.remove::<Organization>(id)
    }

    /// The contacts working at an organization, decision makers first.
    pub fn people_at(&self, org_id: Id) -> Vec<&Contact> {
        let mut people: Vec<&Contact> = self
            .contacts
            .iter()
            .filter(|c| c.organization == Some(org_id))
            .collect();
        people.sort_by_cached_key(|c| (!c.decision_maker, normalize(&c.name), c.id));
        people
    }

    /// The ranked list: each organization with its status, people and
    /// ways in from the user's lists A and B.
    pub fn organization_rows(&self) -> Vec<OrganizationRow> {
        self.ranked_organizations()
            .into_iter()
            .map(|o| {
                let people = match self.people_at(o.id).len() {
                    1 => "1 person".to_string(),
                    n => format!("{n} people"),
                };
                let ways = match super::referrals::ways_in(&self.contacts, o.id).len() {
                    0 => "no way in from your network yet".to_string(),
                    1 => "1 way in".to_string(),
                    n => format!("{n} ways in"),
                };
                OrganizationRow {
                    id: o.id,
                    name: o.name.clone(),
                    priority: o.priority.max(1),
                    sub: format!("{} · {people} · {ways}", o.status.label()),
                }
            })
            .collect()
    }

    /// Organizations by priority (1 first), then name.
    pub fn ranked_organizations(&self) -> Vec<&Organization> {
        let mut orgs: Vec<&Organization> = self.organizations.iter().collect();
        orgs.sort_by_cached_key(|o| (o.priority.max(1), normalize(&o.name), o.id));
        orgs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ListKind;
    use crate::domain::notebook::tests::person;

    #[test]
    fn one_organization_per_name_whatever_the_case_and_spacing() {
        let mut nb = Notebook::default();
        let org = |name: &str| Organization {
            name: name.into(),
            ..Organization::default()
        };
        let acme = nb.add_organization(org("Acme Robotics"), 0).unwrap();
        assert_eq!(
            nb.add_organization(org("  acme   ROBOTICS "), 1),
            Err(Error::OrganizationExists)
        );
        // Named on the spot (contact form, meeting referral): the same one.
        assert_eq!(nb.add_organization_last("ACME robotics", 2), Ok(acme));
        let beta = nb.add_organization(org("Beta"), 3).unwrap();
        // Renamed to another's name: refused; its own name in other case: fine.
        let mut renamed = nb.organization(beta).unwrap().clone();
        renamed.name = "Acme robotics".into();
        assert_eq!(
            nb.update_organization(renamed, 4),
            Err(Error::OrganizationExists)
        );
        let mut recased = nb.organization(acme).unwrap().clone();
        recased.name = "ACME Robotics".into();
        assert_eq!(nb.update_organization(recased, 5), Ok(()));
        assert_eq!(nb.organizations.len(), 2);
        // Two that share a name already (made on two devices before they
        // synced) can still be edited, and one renamed apart.
        nb.organizations.push(org("acme robotics"));
        let twin = nb.organizations.last_mut().unwrap();
        twin.id = beta + 1;
        let mut twin = twin.clone();
        twin.notes = "Hiring in spring".into();
        assert_eq!(nb.update_organization(twin.clone(), 6), Ok(()));
        twin.name = "Acme Robotics Berlin".into();
        assert_eq!(nb.update_organization(twin, 7), Ok(()));
    }

    #[test]
    fn organizations_rank_by_priority_then_name() {
        let mut nb = Notebook::default();
        for (name, priority) in [("Zeta", 1), ("Acme", 2), ("Beta", 1)] {
            nb.add_organization(
                Organization {
                    name: name.into(),
                    priority,
                    ..Organization::default()
                },
                1,
            )
            .unwrap();
        }
        let names: Vec<&str> = nb
            .ranked_organizations()
            .iter()
            .map(|o| o.name.as_str())
            .collect();
        assert_eq!(names, ["Beta", "Zeta", "Acme"]);
    }

    #[test]
    fn people_at_an_organization_put_decision_makers_first() {
        let mut nb = Notebook::default();
        let org = crate::domain::notebook::tests::add_org(&mut nb, "Acme", 1);
        for (name, dm) in [("Ann", false), ("Zed", true)] {
            let mut c = person(name, ListKind::C);
            c.organization = Some(org);
            c.decision_maker = dm;
            nb.add_contact(c, 1).unwrap();
        }
        nb.add_contact(person("Elsewhere", ListKind::C), 1).unwrap();
        let names: Vec<&str> = nb.people_at(org).iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Zed", "Ann"]);
        let removed = nb.delete_organization(org).unwrap();
        assert!(nb.organization(org).is_none());
        nb.restore(removed);
        assert_eq!(nb.people_at(org).len(), 2);
    }

    #[test]
    fn rows_say_how_many_people_and_ways_in() {
        let mut nb = Notebook::default();
        let acme = crate::domain::notebook::tests::add_org(&mut nb, "Acme", 1);
        let mut zoe = person("Zoe", ListKind::C);
        zoe.organization = Some(acme);
        nb.add_contact(zoe, 2).unwrap();
        let rows = nb.organization_rows();
        assert_eq!(rows[0].priority, 1);
        assert_eq!(
            rows[0].sub,
            "Researching · 1 person · no way in from your network yet"
        );
    }
}
