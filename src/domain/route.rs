//! Which screen an address opens.
//!
//! The app matches addresses itself instead of declaring routes to the
//! router: each router route was a copy of its matching and view-switching
//! code in the first download, and even one route brought the router's
//! nested-route machinery (see `ui::Screens`).

use super::Id;

/// A screen of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Today,
    Contacts,
    NewContact,
    ContactDetail,
    EditContact,
    Organizations,
    NewOrganization,
    OrganizationDetail,
    EditOrganization,
    Meetings,
    PlanMeeting,
    Meeting,
    EditMeeting,
    MeetingLive,
    WrapUp,
    Pitch,
    Practice,
    Data,
    Conflicts,
    FollowUps,
    NewFollowUp,
    EditFollowUp,
    Goals,
    Journal,
    Events,
    NewEvent,
    Event,
    EditEvent,
    NotFound,
}

/// An address read: the screen, and the record it names, if any.
///
/// A screen about one record whose address holds no valid id (say
/// `/contacts/abc`) still opens that screen with `id: None`, which says the
/// record is not there, rather than "page not found".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub screen: Screen,
    pub id: Option<Id>,
}

impl Route {
    /// Reads a path such as `/meetings/42/live`. Empty segments (a trailing
    /// or doubled `/`) are ignored.
    pub fn parse(path: &str) -> Route {
        use Screen::*;
        let mut parts = path.split('/').filter(|s| !s.is_empty());
        let (first, second, third) = (parts.next(), parts.next(), parts.next());
        if parts.next().is_some() {
            return Route::of(NotFound);
        }
        // `list`, `new`, the record's own screen, and the record's sub-screens.
        let records =
            |list, new: Option<Screen>, detail, sub: &[(&str, Screen)]| match (second, third) {
                (None, None) => Some(Route::of(list)),
                (Some("new"), None) if new.is_some() => new.map(Route::of),
                (Some(id), None) if detail != NotFound => Some(Route::record(detail, id)),
                (Some(id), Some(tail)) => sub
                    .iter()
                    .find(|(name, _)| *name == tail)
                    .map(|&(_, screen)| Route::record(screen, id)),
                _ => None,
            };
        let route = match first {
            None => Some(Route::of(Today)),
            Some("contacts") => records(
                Contacts,
                Some(NewContact),
                ContactDetail,
                &[("edit", EditContact)],
            ),
            Some("organizations") => records(
                Organizations,
                Some(NewOrganization),
                OrganizationDetail,
                &[("edit", EditOrganization)],
            ),
            Some("meetings") => records(
                Meetings,
                Some(PlanMeeting),
                Meeting,
                &[
                    ("edit", EditMeeting),
                    ("live", MeetingLive),
                    ("wrap-up", WrapUp),
                ],
            ),
            Some("events") => records(Events, Some(NewEvent), Event, &[("edit", EditEvent)]),
            // Follow-ups have no page of their own: they are edited in place.
            Some("follow-ups") => records(
                FollowUps,
                Some(NewFollowUp),
                NotFound,
                &[("edit", EditFollowUp)],
            ),
            Some("pitch") => match (second, third) {
                (None, _) => Some(Route::of(Pitch)),
                (Some("practice"), None) => Some(Route::of(Practice)),
                _ => None,
            },
            Some(single) if second.is_none() => match single {
                "data" => Some(Route::of(Data)),
                "conflicts" => Some(Route::of(Conflicts)),
                "goals" => Some(Route::of(Goals)),
                "journal" => Some(Route::of(Journal)),
                _ => None,
            },
            _ => None,
        };
        route.unwrap_or(Route::of(NotFound))
    }

    /// The screen a follow-up form goes back to, and the words of its back
    /// link: `from` if it is one of the screens that list follow-ups,
    /// otherwise the follow-ups list.
    ///
    /// The address is rebuilt from the parsed route rather than passed on,
    /// so only the app's own addresses come out (`//host/contacts/2` would
    /// otherwise lead off the site).
    pub fn follow_up_return(from: Option<&str>) -> (String, &'static str) {
        let route = from
            .filter(|f| f.starts_with('/'))
            .map(Route::parse)
            .unwrap_or(Route::of(Screen::FollowUps));
        match (route.screen, route.id) {
            (Screen::Today, _) => ("/".into(), "Back to Today"),
            (Screen::ContactDetail, Some(id)) => (format!("/contacts/{id}"), "Back to the contact"),
            _ => ("/follow-ups".into(), "Back to follow-ups"),
        }
    }

    fn of(screen: Screen) -> Route {
        Route { screen, id: None }
    }

    fn record(screen: Screen, id: &str) -> Route {
        Route {
            screen,
            id: id.parse().ok(),
        }
    }
}

/// Whether a link to `href` leads to the screen at `path` or to one under
/// it (`/contacts` for `/contacts/5/edit`): the main navigation marks that
/// link as the current page. Today's `/` leads only to itself. Empty
/// segments are ignored, as [`Route::parse`] ignores them.
pub fn leads_to(href: &str, path: &str) -> bool {
    let mut theirs = path.split('/').filter(|s| !s.is_empty());
    let mut ours = href.split('/').filter(|s| !s.is_empty()).peekable();
    if ours.peek().is_none() {
        return theirs.next().is_none();
    }
    ours.all(|segment| theirs.next() == Some(segment))
}

#[cfg(test)]
mod tests {
    use super::Screen::*;
    use super::*;

    fn screen(path: &str) -> Screen {
        Route::parse(path).screen
    }

    #[test]
    fn every_screen_has_its_address() {
        let table = [
            ("/", Today),
            ("", Today),
            ("/contacts", Contacts),
            ("/contacts/new", NewContact),
            ("/contacts/7", ContactDetail),
            ("/contacts/7/edit", EditContact),
            ("/organizations", Organizations),
            ("/organizations/new", NewOrganization),
            ("/organizations/7", OrganizationDetail),
            ("/organizations/7/edit", EditOrganization),
            ("/meetings", Meetings),
            ("/meetings/new", PlanMeeting),
            ("/meetings/7", Meeting),
            ("/meetings/7/edit", EditMeeting),
            ("/meetings/7/live", MeetingLive),
            ("/meetings/7/wrap-up", WrapUp),
            ("/pitch", Pitch),
            ("/pitch/practice", Practice),
            ("/data", Data),
            ("/conflicts", Conflicts),
            ("/follow-ups", FollowUps),
            ("/follow-ups/new", NewFollowUp),
            ("/follow-ups/7/edit", EditFollowUp),
            ("/goals", Goals),
            ("/journal", Journal),
            ("/events", Events),
            ("/events/new", NewEvent),
            ("/events/7", Event),
            ("/events/7/edit", EditEvent),
        ];
        for (path, expected) in table {
            assert_eq!(screen(path), expected, "{path}");
        }
    }

    #[test]
    fn a_follow_up_form_returns_where_it_was_opened() {
        let back = |from| Route::follow_up_return(from).0;
        assert_eq!(back(Some("/")), "/");
        assert_eq!(back(Some("/contacts/12")), "/contacts/12");
        assert_eq!(back(Some("/follow-ups")), "/follow-ups");
        assert_eq!(back(None), "/follow-ups");
        assert_eq!(
            Route::follow_up_return(Some("/contacts/3")).1,
            "Back to the contact"
        );
    }

    #[test]
    fn a_follow_up_form_never_returns_off_the_app() {
        let back = |from| Route::follow_up_return(Some(from)).0;
        // A protocol-relative or absolute address leaves the site.
        assert_eq!(back("//contacts/12"), "/contacts/12");
        assert_eq!(back("https://example.com/"), "/follow-ups");
        assert_eq!(back("//example.com/contacts/1"), "/follow-ups");
        // Screens that do not list follow-ups, and records without an id.
        assert_eq!(back("/meetings/4"), "/follow-ups");
        assert_eq!(back("/contacts/abc"), "/follow-ups");
    }

    #[test]
    fn the_record_id_is_read() {
        assert_eq!(
            Route::parse("/meetings/9007199254740991/live"),
            Route {
                screen: MeetingLive,
                id: Some(9_007_199_254_740_991)
            }
        );
        assert_eq!(Route::parse("/contacts").id, None);
    }

    #[test]
    fn a_bad_id_opens_the_screen_without_a_record() {
        assert_eq!(
            Route::parse("/contacts/abc"),
            Route {
                screen: ContactDetail,
                id: None
            }
        );
        assert_eq!(Route::parse("/meetings/-1/edit").id, None);
    }

    #[test]
    fn trailing_and_doubled_slashes_are_ignored() {
        assert_eq!(screen("/contacts/"), Contacts);
        assert_eq!(screen("//meetings//7/live/"), MeetingLive);
    }

    #[test]
    fn unknown_addresses_are_not_found() {
        for path in [
            "/nowhere",
            "/contacts/7/delete",
            "/contacts/7/edit/more",
            "/follow-ups/7",
            "/pitch/other",
            "/data/extra",
            "/goals/1",
            "/index.html",
            "/Contacts",
        ] {
            assert_eq!(screen(path), NotFound, "{path}");
        }
    }

    #[test]
    fn a_link_leads_to_its_screen_and_those_under_it() {
        assert!(leads_to("/", "/"));
        assert!(leads_to("/", ""));
        assert!(!leads_to("/", "/contacts"));
        assert!(leads_to("/contacts", "/contacts"));
        assert!(leads_to("/contacts", "/contacts/"));
        assert!(leads_to("/contacts", "/contacts/5/edit"));
        assert!(leads_to("/meetings", "//meetings//7/live"));
        assert!(!leads_to("/contacts", "/contactsx"));
        assert!(!leads_to("/contacts", "/"));
        assert!(!leads_to("/pitch", "/data"));
        assert!(!leads_to("/pitch/practice", "/pitch"));
    }

    #[test]
    fn different_records_are_different_routes() {
        // The screen is built again when only the id changes.
        assert_ne!(Route::parse("/contacts/1"), Route::parse("/contacts/2"));
        assert_eq!(Route::parse("/contacts/1"), Route::parse("/contacts/1/"));
    }
}
