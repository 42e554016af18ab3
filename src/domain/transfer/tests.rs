//! Fixtures written to mirror real exports (no real people), golden files
//! for the writers, round trips and a corpus of oddities.

use std::collections::BTreeSet;
use std::path::PathBuf;

use proptest::prelude::*;

use super::plan::{Choices, ImportPlan, MatchKind, RowAction, SkipReason, undone_text};
use super::*;
use crate::domain::followups::{FollowUp, FollowUpKind};
use crate::domain::{Contact, Id, ListKind, Meeting, Notebook, Organization, Purpose};

fn testdata(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/domain/transfer/testdata")
        .join(name)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(testdata(name)).unwrap()
}

fn read(name: &str) -> ReadFile {
    read_contacts(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn names(file: &ReadFile) -> Vec<&str> {
    file.people.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn linkedin_export_with_notes_bom_and_crlf() {
    let file = read("linkedin_en.csv");
    assert_eq!(file.format, Format::LinkedIn);
    assert_eq!(names(&file), ["Ana Ruiz", "Ben Okafor", "Chloé Martin"]);
    let ana = &file.people[0];
    assert_eq!(ana.emails, ["ana.ruiz@example.com"]);
    assert_eq!(ana.urls, ["https://www.linkedin.com/in/ana-ruiz-example"]);
    assert_eq!(ana.organization, "Northwind Traders");
    assert_eq!(ana.role, "Head of Data");
    assert_eq!(ana.how_met, "Connected on LinkedIn on 12 Mar 2024");
    assert_eq!(file.people[1].organization, "Contoso, Ltd.");
    assert!(file.people[1].emails.is_empty());
    // The blank trailing row is no one, not an unreadable entry.
    assert!(file.unreadable.is_empty());
}

#[test]
fn linkedin_export_in_german() {
    let file = read("linkedin_de.csv");
    assert_eq!(file.format, Format::LinkedIn);
    let p = &file.people[0];
    assert_eq!(p.name, "Jürgen Weiß");
    assert_eq!(p.emails, ["j.weiss@example.de"]);
    assert_eq!(p.organization, "Fabrikam GmbH");
    assert_eq!(p.role, "Teamleiter");
    assert_eq!(p.how_met, "Connected on LinkedIn on 5 Mar 2024");
}

#[test]
fn google_current_format_splits_joined_values_and_keeps_line_breaks() {
    let file = read("google_current.csv");
    assert_eq!(file.format, Format::GoogleCsv);
    assert_eq!(names(&file), ["Dana Lee Park", "Sam"]);
    let dana = &file.people[0];
    assert_eq!(dana.emails, ["dana.park@example.com", "dana@example.net"]);
    assert_eq!(dana.phones, ["+1 555 0100", "+1 555 0101"]);
    assert_eq!(dana.urls, ["https://dana.example.org"]);
    assert_eq!(dana.organization, "Adventure Works");
    assert_eq!(dana.role, "Product Manager");
    assert_eq!(
        dana.notes,
        "Met at the spring job fair.\nWants an intro to the design team."
    );
    // Her own labels, not Google's built-in "* myContacts".
    assert_eq!(dana.tags, ["Recruiters", "Design"]);
    // A row with only a note names no one.
    assert_eq!(file.unreadable.len(), 1);
    assert_eq!(file.unreadable[0].position, 3);
}

#[test]
fn google_older_format_in_utf16() {
    let file = read("google_old.csv");
    assert_eq!(file.format, Format::GoogleCsv);
    let eva = &file.people[0];
    assert_eq!(eva.name, "Eva Novak");
    assert_eq!(eva.emails, ["eva.novak@example.com"]);
    assert_eq!(eva.phones, ["+420 555 123 456"]);
    assert_eq!(eva.organization, "Tailspin Toys");
    assert_eq!(eva.role, "Recruiter");
}

#[test]
fn outlook_as_google_writes_it_and_as_desktop_outlook_does() {
    let file = read("outlook_google.csv");
    assert_eq!(file.format, Format::OutlookCsv);
    let farid = &file.people[0];
    assert_eq!(farid.name, "Farid Haddad");
    assert_eq!(farid.phones, ["+44 20 7946 0000"]);
    assert_eq!(farid.organization, "Litware Inc");
    assert_eq!(farid.role, "Data Analyst");

    let file = read("outlook_desktop.csv");
    assert_eq!(file.format, Format::OutlookCsv);
    let grace = &file.people[0];
    // "Title" is Ms./Mr. in Outlook, never the role.
    assert_eq!(grace.name, "Grace Kim");
    assert_eq!(grace.role, "Operations Lead");
    assert_eq!(grace.organization, "Wide World Importers");
    assert_eq!(grace.emails, ["grace.kim@example.com"]);
    assert_eq!(grace.phones, ["+1 555 0199"]);
    assert_eq!(grace.urls, ["www.wideworld.example"]);
    assert_eq!(grace.tags, ["Mentors", "Recruiters"]);
}

#[test]
fn outlook_exported_in_german_with_semicolons_in_windows_1252() {
    let file = read("outlook_de.csv");
    assert_eq!(file.format, Format::OutlookCsv);
    assert_eq!(names(&file), ["Sabine Größer", "Lukas Maria Weber"]);
    let sabine = &file.people[0];
    // "Anrede" (Frau/Herr) is no part of the name, "Position" is the job.
    assert_eq!(sabine.role, "Leiterin Einkauf");
    assert_eq!(sabine.organization, "Contoso Logistik GmbH");
    assert_eq!(
        sabine.emails,
        ["s.groesser@example.de", "sabine@example.org"]
    );
    assert_eq!(sabine.phones, ["+49 170 555 0102", "+49 40 555 0101"]);
    assert_eq!(sabine.urls, ["www.contoso-logistik.example"]);
    assert_eq!(
        sabine.notes,
        "Kennt die Branche gut; bietet Vorstellung an."
    );
    assert_eq!(sabine.tags, ["Mentoren", "Hamburg"]);
    assert_eq!(file.people[1].phones, ["+49 30 555 0199"]);
}

#[test]
fn outlook_exported_in_french_tells_the_two_titre_columns_apart() {
    let file = read("outlook_fr.csv");
    assert_eq!(file.format, Format::OutlookCsv);
    let elodie = &file.people[0];
    assert_eq!(elodie.name, "Élodie Lefèvre");
    // The first "Titre" is Mme/M.; the one after the company is the job.
    assert_eq!(elodie.role, "Chargée de recrutement");
    assert_eq!(elodie.organization, "Fabrikam France");
    assert_eq!(elodie.emails, ["elodie.lefevre@example.fr"]);
    assert_eq!(elodie.phones, ["+33 6 55 55 01 02", "+33 4 55 55 01 01"]);
    assert_eq!(elodie.urls, ["www.fabrikam.example"]);
    assert_eq!(elodie.notes, "Rencontrée au salon de l'emploi.");
    assert_eq!(elodie.tags, ["Recruteurs"]);
    // Only a nickname: that is the name.
    let theo = &file.people[1];
    assert_eq!(theo.name, "Théo");
    assert_eq!(theo.role, "");
    assert_eq!(theo.phones, ["+33 1 55 55 02 02"]);
}

#[test]
fn android_vcard_2_1_with_quoted_printable_and_a_photo() {
    let file = read("android21.vcf");
    assert_eq!(file.format, Format::VCard);
    assert_eq!(names(&file), ["Jörg Müller", "Hana Ito"]);
    let j = &file.people[0];
    assert_eq!(j.phones, ["+49 30 555 0100", "+49 30 555 0200"]);
    assert_eq!(j.emails, ["joerg@example.de"]);
    assert_eq!(j.organization, "Blue Yonder Airlines");
    assert_eq!(
        j.notes,
        "Kennengelernt beim Stammtisch, sehr hilfsbereit und freundlich.\nZweite Zeile"
    );
}

#[test]
fn iphone_vcard_3_0_with_groups_folding_and_escapes() {
    let file = read("iphone30.vcf");
    let p = &file.people[0];
    assert_eq!(p.name, "Dr. Louis Moreau");
    assert_eq!(p.organization, "Fourth Coffee, Inc.");
    assert_eq!(p.role, "Director; Partnerships");
    assert_eq!(
        p.emails,
        ["louis.moreau@example.com", "l.moreau@example.org"]
    );
    assert_eq!(
        p.urls,
        ["https://www.linkedin.com/in/louis-moreau-example/"]
    );
    assert_eq!(
        p.notes,
        "Introduced by Ana.\nFollow up after the conference, maybe in May."
    );
}

#[test]
fn vcard_4_0_with_uri_phone_numbers() {
    let file = read("v40.vcf");
    let p = &file.people[0];
    assert_eq!(p.name, "Priya Shah");
    assert_eq!(p.phones, ["+1-555-0142"]);
    assert_eq!(p.organization, "Proseware");
}

#[test]
fn a_backup_picked_as_a_contacts_file_is_pointed_to_its_place() {
    let backup = crate::storage::envelope::encode(&Notebook::default());
    assert_eq!(
        read_contacts(backup.as_bytes()).unwrap_err(),
        TransferError::Backup
    );
    // Cut off, it says so rather than quoting the parser.
    let half = &backup[..backup.len() / 2];
    assert_eq!(
        crate::storage::envelope::decode(half)
            .unwrap_err()
            .to_string(),
        "it stops before the end of the backup: the file seems cut off, saved or copied only in part"
    );
}

#[test]
fn a_quote_never_closed_is_pointed_out_instead_of_swallowing_the_rest() {
    let broken = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                  Ana,Ruiz,,a1@example.com,\"Acme, Inc,Dev,12 Mar 2024\n\
                  Bea,Soto,,b1@example.com,Beta,Dev,12 Mar 2024\n";
    assert_eq!(
        read_contacts(broken.as_bytes()).unwrap_err(),
        TransferError::UnclosedQuote { line: 2 }
    );
    // Quotes as files really hold them: closed, doubled, across lines, or
    // inside a field that does not start with one.
    let fine = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
                Ana,Ruiz,,a1@example.com,\"Acme, \"\"Inc\"\"\",Dev,12 Mar 2024\r\n\
                Bea,Soto,,b1@example.com,\"Beta\nLabs\",5\" screens,12 Mar 2024\r\n";
    let file = read_contacts(fine.as_bytes()).unwrap();
    assert_eq!(names(&file), ["Ana Ruiz", "Bea Soto"]);
    assert_eq!(file.people[0].organization, "Acme, \"Inc\"");
}

#[test]
fn a_stray_quote_meeting_a_later_one_is_pointed_out_instead_of_joining_rows() {
    // Line 2's quote is closed by the one in line 4's nickname: the reader
    // would make lines 2 to 4 one field, and Bea and Cy would be lost.
    let broken = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                  Ana,Ruiz,,a1@example.com,\"Acme,Dev,12 Mar 2024\n\
                  Bea,Soto,,b1@example.com,Beta,Dev,12 Mar 2024\n\
                  Cy,Lee \"Sky\",,c1@example.com,Gamma,Dev,12 Mar 2024\n\
                  Di,Ng,,d1@example.com,Delta,Dev,12 Mar 2024\n";
    let error = read_contacts(broken.as_bytes()).unwrap_err();
    assert_eq!(error, TransferError::StrayQuote { line: 2, until: 4 });
    assert!(error.to_string().contains("lines 2 to 4"));
    // A field over several lines that closes where it ends is a field.
    let fine = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                Ana,Ruiz,,a1@example.com,\"Acme\nLabs\"\n\
                Bea,Soto,,b1@example.com,\"Beta\n\"\"B\"\" Labs\",Dev,12 Mar 2024\n";
    let file = read_contacts(fine.as_bytes()).unwrap();
    assert_eq!(names(&file), ["Ana Ruiz", "Bea Soto"]);
    assert_eq!(file.people[1].organization, "Beta \"B\" Labs");
    // A space after the closing quote still ends the field.
    let spaced = fine.replace("Labs\"\n", "Labs\" \n");
    assert_eq!(
        names(&read_contacts(spaced.as_bytes()).unwrap()),
        ["Ana Ruiz", "Bea Soto"]
    );
    // Lines ended by \r alone, as old Mac spreadsheets save them, count.
    let old_mac = broken.replace('\n', "\r");
    assert_eq!(
        read_contacts(old_mac.as_bytes()).unwrap_err(),
        TransferError::StrayQuote { line: 2, until: 4 }
    );
    let unclosed = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\
                    Ana,Ruiz,,a1@example.com,\"Acme,Dev,12 Mar 2024\r";
    assert_eq!(
        read_contacts(unclosed.as_bytes()).unwrap_err(),
        TransferError::UnclosedQuote { line: 2 }
    );
}

#[test]
fn oddities_never_panic_and_read_what_they_can() {
    let dir = testdata("oddities");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let _ = read_contacts(&bytes);
        seen += 1;
    }
    assert!(seen >= 20);
    let odd = |n: &str| read_contacts(&fixture(&format!("oddities/{n}")));
    assert_eq!(names(&odd("truncated_card.vcf").unwrap()), ["Kai Berg"]);
    assert_eq!(
        odd("only_begin.vcf"),
        Err(TransferError::NoPeople(Format::VCard))
    );
    assert_eq!(
        names(&odd("nested_begin.vcf").unwrap()),
        ["Outer Person", "Inner Person"]
    );
    assert_eq!(names(&odd("lone_cr_lines.vcf").unwrap()), ["Mac Classic"]);
    assert_eq!(names(&odd("lowercase_props.vcf").unwrap()), ["lower case"]);
    assert_eq!(names(&odd("no_colon_garbage.vcf").unwrap()), ["Still Read"]);
    let empty = odd("empty_names.vcf").unwrap();
    assert_eq!(names(&empty), ["only-email@example.com"]);
    assert_eq!(empty.unreadable.len(), 1);
    assert_eq!(
        odd("header_only.csv"),
        Err(TransferError::NoPeople(Format::LinkedIn))
    );
    let semi = odd("semicolon_outlook.csv").unwrap();
    assert_eq!(semi.format, Format::OutlookCsv);
    assert_eq!(names(&semi), ["Lena Vogel"]);
    let latin = odd("windows_1252.csv").unwrap();
    assert_eq!(names(&latin), ["René Müller"]);
    assert_eq!(latin.people[0].organization, "Café Ltd");
    assert_eq!(
        names(&odd("mixed_line_endings.csv").unwrap()),
        ["Mia Roth", "Noah Stein", "Ole Lund"]
    );
    assert_eq!(odd("random_text.txt"), Err(TransferError::UnknownFormat));
    assert_eq!(odd("binary.bin"), Err(TransferError::NotText));
    assert_eq!(odd("zip_header.zip"), Err(TransferError::NotText));
    assert_eq!(odd("only_whitespace.csv"), Err(TransferError::Empty));
    assert_eq!(
        odd("quoted_colon_param.vcf").unwrap().people[0].phones,
        ["+1-555-0199"]
    );
    assert!(odd("bad_quoted_printable.vcf").is_ok());
}

#[test]
fn an_entry_kept_under_a_company_name_alone_is_imported_by_that_name() {
    let google = "First Name,Middle Name,Last Name,Organization Name,Organization Title,E-mail 1 - Value,Phone 1 - Value\r\n\
                  ,,,Acme Recruiting,,,+1 555 0100\r\n\
                  ,,,Beta Staffing,,jobs@beta.example,\r\n";
    let outlook = "First Name,Middle Name,Last Name,Company,Job Title,E-mail Address,Business Phone\r\n\
                   ,,,Acme Recruiting,,,+1 555 0100\r\n";
    // Android writes no name lines for an entry with a company only.
    let android = "BEGIN:VCARD\r\nVERSION:2.1\r\nORG:Acme Recruiting\r\nTEL;WORK:+1 555 0100\r\nEND:VCARD\r\n";
    for text in [google, outlook, android] {
        let file = read_contacts(text.as_bytes()).unwrap();
        assert_eq!(file.people[0].name, "Acme Recruiting", "{text}");
        assert_eq!(file.people[0].organization, "Acme Recruiting");
        assert_eq!(file.people[0].phones, ["+1 555 0100"]);
    }
    let file = read_contacts(google.as_bytes()).unwrap();
    assert_eq!(names(&file), ["Acme Recruiting", "Beta Staffing"]);
    assert_eq!(file.people[1].emails, ["jobs@beta.example"]);
}

#[test]
fn outlooks_internal_exchange_paths_are_not_taken_for_email_addresses() {
    let csv = "First Name,Last Name,E-mail Address,E-mail Type,E-mail 2 Address,Job Title\r\n\
               Lena,Vogel,/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=lvogel,EX,lena@home.example,CTO\r\n";
    let file = read_contacts(csv.as_bytes()).unwrap();
    assert_eq!(file.people[0].emails, ["lena@home.example"]);
}

#[test]
fn files_over_ten_megabytes_are_refused_with_their_size() {
    let big = vec![b'a'; MAX_IMPORT_BYTES as usize + 1];
    let err = read_contacts(&big).unwrap_err();
    assert!(matches!(err, TransferError::TooLarge { .. }));
    assert!(err.to_string().contains("10.0 MB"), "{err}");
    assert!(err.to_string().contains("up to 10 MB"));
}

#[test]
fn every_error_explains_itself() {
    for e in [
        TransferError::TooLarge { bytes: 1 },
        TransferError::Empty,
        TransferError::NotText,
        TransferError::UnknownFormat,
        TransferError::NoPeople(Format::VCard),
    ] {
        assert!(e.to_string().ends_with('.'), "{e}");
    }
}

proptest! {
    #[test]
    fn any_bytes_read_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = read_contacts(&bytes);
    }

    #[test]
    fn any_text_reads_without_panicking(text in "(BEGIN:VCARD\n|END:VCARD\n|FN:|N:|;|=|=C3|\\\\|,|:|\"|\r\n|\n| |item1\\.|[a-zA-Zé]{1,5})*") {
        let _ = read_contacts(text.as_bytes());
        let _ = read_contacts(format!("First Name,Last Name,URL\n{text}").as_bytes());
    }

    #[test]
    fn every_truncation_of_every_fixture_reads_without_panicking(cut in 0usize..2000) {
        for name in ["linkedin_en.csv", "google_current.csv", "google_old.csv", "outlook_desktop.csv", "android21.vcf", "iphone30.vcf", "v40.vcf"] {
            let bytes = fixture(name);
            let _ = read_contacts(&bytes[..cut.min(bytes.len())]);
        }
    }

    #[test]
    fn escaped_text_survives_a_vcard_round_trip(name in "[A-Za-zé][A-Za-zé ,;\\\\]{0,30}", notes in "[ -~é\n]{0,200}") {
        let mut nb = Notebook::default();
        nb.add_contact(Contact { name: name.clone(), notes: notes.clone(), ..Contact::default() }, 1).unwrap();
        let back = read_contacts(vcard_write::write(&nb).as_bytes()).unwrap();
        let expected_name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(&back.people[0].name, &expected_name);
        prop_assert_eq!(&back.people[0].notes, notes.trim());
    }
}

// ---- Writers -------------------------------------------------------------

/// A small notebook with everything the writers show, ids fixed.
fn sample_notebook() -> Notebook {
    let mut nb = Notebook::default();
    let org = nb
        .add_organization(
            Organization {
                name: "Northwind Traders".into(),
                ..Organization::default()
            },
            1,
        )
        .unwrap();
    let ana = nb
        .add_contact(
            Contact {
                name: "Ana María Ruiz".into(),
                list: ListKind::C,
                organization: Some(org),
                role: "Head of Data; Analytics".into(),
                email: "ana.ruiz@example.com".into(),
                phone: "+1 555 0100".into(),
                url: "https://www.linkedin.com/in/ana-ruiz-example".into(),
                notes: "Likes long walks, short meetings.\nAsk about the \\data\\ team.".into(),
                tags: vec!["data".into(), "mentor".into()],
                how_i_can_help: "Intro to my old team, proofread her talk".into(),
                decision_maker: true,
                keep_in_touch_days: Some(45),
                ..Contact::default()
            },
            1,
        )
        .unwrap();
    nb.add_contact(
        Contact {
            name: "Ben".into(),
            list: ListKind::A,
            referred_by: Some(ana),
            phone: "=1+1".into(),
            ..Contact::default()
        },
        1,
    )
    .unwrap();
    // Meetings and follow-ups carry fixed ids: the calendar's UIDs come
    // from them, and the golden file must not depend on how ids are made.
    nb.meetings.push(Meeting {
        id: 7001,
        contact_id: Some(ana),
        contact_name: "Ana María Ruiz".into(),
        // 2026-12-01 09:30 UTC
        scheduled_at: Some(1_796_117_400_000),
        place: "Café Central, Main St. 1".into(),
        purposes: vec![Purpose::Advice, Purpose::Referrals],
        ..Meeting::default()
    });
    nb.meetings.push(Meeting {
        id: 7002,
        contact_id: Some(ana),
        scheduled_at: Some(1_700_000_000_000),
        ended_at: Some(1_700_000_100_000),
        ..Meeting::default()
    });
    let due = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    nb.add_follow_up(
        FollowUp {
            contact_id: Some(ana),
            kind: FollowUpKind::ThankYou,
            due,
            notes: "Mention the book she recommended, the one about maps, data, and the stories they tell."
                .into(),
            ..FollowUp::default()
        },
        1,
    )
    .unwrap();
    let done = nb
        .add_follow_up(
            FollowUp {
                contact_id: Some(ana),
                kind: FollowUpKind::OfferHelp,
                due,
                ..FollowUp::default()
            },
            1,
        )
        .unwrap();
    nb.complete_follow_up(done, 2, due);
    nb.follow_ups[0].id = 8001;
    nb
}

/// Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it after a
/// deliberate change, to be reviewed in the diff.
fn golden(name: &str, actual: &str) {
    let path = testdata(&format!("golden/{name}"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert_eq!(actual, expected, "{name} differs from its golden file");
}

fn assert_crlf_and_folded(text: &str) {
    assert!(text.ends_with("\r\n"));
    assert!(
        !text.replace("\r\n", "").contains(['\r', '\n']),
        "bare line break"
    );
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
}

#[test]
fn vcard_export_matches_its_golden_file() {
    let text = vcard_write::write(&sample_notebook());
    assert_crlf_and_folded(&text);
    golden("contacts.vcf", &text);
}

#[test]
fn csv_export_matches_its_golden_file() {
    let text = csv_write::write(&sample_notebook());
    golden("contacts.csv", &text);
}

#[test]
fn ics_export_matches_its_golden_file() {
    let text = ics::write(&sample_notebook(), 1_795_000_000_000);
    assert_crlf_and_folded(&text);
    golden("calendar.ics", &text);
}

/// Checks the structure RFC 5545 asks for: balanced components, the
/// required properties of each, and valid date forms.
#[test]
fn ics_export_is_structurally_valid() {
    let text = ics::write(&sample_notebook(), 1_795_000_000_000);
    let lines: Vec<String> = text
        .trim_end_matches("\r\n")
        .replace("\r\n ", "")
        .split("\r\n")
        .map(str::to_string)
        .collect();
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    let mut stack: Vec<String> = Vec::new();
    let mut events: Vec<Vec<String>> = Vec::new();
    for line in &lines {
        if let Some(c) = line.strip_prefix("BEGIN:") {
            stack.push(c.to_string());
            if c == "VEVENT" {
                events.push(Vec::new());
            }
        } else if let Some(c) = line.strip_prefix("END:") {
            assert_eq!(stack.pop().as_deref(), Some(c), "unbalanced {c}");
        } else {
            assert!(line.contains(':'), "not a property: {line}");
            if stack.last().map(String::as_str) == Some("VEVENT") {
                events.last_mut().unwrap().push(line.clone());
            }
        }
    }
    assert!(stack.is_empty());
    for required in ["VERSION:2.0", "PRODID:"] {
        assert!(lines.iter().any(|l| l.starts_with(required)));
    }
    // One planned meeting and one open follow-up; the held meeting and the
    // done follow-up stay out.
    assert_eq!(events.len(), 2);
    assert_eq!(ics::event_count(&sample_notebook()), 2);
    assert_eq!(ics::event_count(&Notebook::default()), 0);
    for e in &events {
        for prop in ["UID:", "DTSTAMP:", "DTSTART", "SUMMARY:"] {
            assert!(e.iter().any(|l| l.starts_with(prop)), "{prop} missing");
        }
        let stamp = e.iter().find(|l| l.starts_with("DTSTAMP:")).unwrap();
        assert_eq!(stamp.len(), "DTSTAMP:".len() + 16);
    }
    let meeting = &events[0];
    assert!(meeting.contains(&"DTSTART:20261201T093000Z".to_string()));
    assert!(meeting.contains(&"DTEND:20261201T100000Z".to_string()));
    assert!(
        meeting
            .iter()
            .any(|l| l == "LOCATION:Café Central\\, Main St. 1")
    );
    assert!(
        meeting.iter().any(|l| l.starts_with("DESCRIPTION:")
            && l.contains("Purposes: Get advice\\; Get referrals"))
    );
    assert!(lines.iter().any(|l| l == "TRIGGER:-PT30M"));
    let follow_up = &events[1];
    assert!(follow_up.contains(&"DTSTART;VALUE=DATE:20261202".to_string()));
    assert!(follow_up.contains(&"DTEND;VALUE=DATE:20261203".to_string()));
    assert!(follow_up.contains(&"SUMMARY:Thank-you: Ana María Ruiz".to_string()));
}

#[test]
fn vcard_round_trip_keeps_what_rapport_stores() {
    let nb = sample_notebook();
    let file = read_contacts(vcard_write::write(&nb).as_bytes()).unwrap();
    let ana = &file.people[0];
    let original = &nb.contacts[0];
    assert_eq!(ana.name, original.name);
    assert_eq!(ana.emails, [original.email.as_str()]);
    assert_eq!(ana.phones, [original.phone.as_str()]);
    assert_eq!(ana.urls, [original.url.as_str()]);
    assert_eq!(ana.organization, "Northwind Traders");
    assert_eq!(ana.role, original.role);
    assert_eq!(ana.notes, original.notes);
    // And importing it into an empty notebook gives the same contacts back.
    let mut fresh = Notebook::default();
    let plan = ImportPlan::new(&fresh, file);
    plan.apply(&mut fresh, &choose(ListKind::B), 5);
    let again = vcard_write::write(&fresh);
    assert_eq!(again, vcard_write::write(&nb));
}

#[test]
fn rapport_csv_export_imports_back_whole() {
    let nb = sample_notebook();
    let file = read_contacts(csv_write::write(&nb).as_bytes()).unwrap();
    assert_eq!(file.format, Format::RapportCsv);
    let mut fresh = Notebook::default();
    let plan = ImportPlan::new(&fresh, file);
    // The file's own lists (C and A) win over the one chosen for the rest.
    plan.apply(&mut fresh, &choose(ListKind::B), 5);
    assert_eq!(csv_write::write(&fresh), csv_write::write(&nb));
    let ben = fresh.contacts.iter().find(|c| c.name == "Ben").unwrap();
    assert_eq!(ben.list, ListKind::A);
    assert_eq!(ben.phone, "=1+1");
    assert_eq!(ben.referred_by, Some(fresh.contacts[0].id));
}

#[test]
fn changes_made_to_rapports_export_in_a_spreadsheet_are_shown_and_taken() {
    let mut nb = sample_notebook();
    let exported = csv_write::write(&nb);
    // In the spreadsheet: Ana moves to list B, to another company and
    // role, and is no longer a decision maker; Ben is left as he was.
    let edited = exported.replace(
        "Ana María Ruiz,C,Northwind Traders,Head of Data; Analytics,",
        "Ana María Ruiz,B,Contoso,VP Data,",
    );
    let edited = edited.replace(",yes,45\r\n", ",no,45\r\n");
    assert_ne!(edited, exported);
    let plan = ImportPlan::new(&nb, read_contacts(edited.as_bytes()).unwrap());
    let choices = choose(ListKind::A);
    assert_eq!(
        plan.preview_row(0, &choices).unwrap().status,
        "Merge into Ana María Ruiz (same email): changes list, organization, role, decision maker"
    );
    assert!(matches!(
        plan.rows[1].action,
        RowAction::Skip(SkipReason::NothingNew { .. })
    ));
    let before = nb.clone();
    let outcome = plan.apply(&mut nb, &choices, 9);
    assert_eq!(outcome.merged, 1);
    let ana = &nb.contacts[0];
    assert_eq!((ana.list, ana.role.as_str()), (ListKind::B, "VP Data"));
    assert_eq!(nb.organization_name(ana), Some("Contoso"));
    assert!(!ana.decision_maker);
    // What the spreadsheet did not change stays, and one Undo takes it back.
    assert_eq!(ana.notes, before.contacts[0].notes);
    assert_eq!(ana.keep_in_touch_days, Some(45));
    outcome.undo.revert(&mut nb);
    assert_eq!(csv_write::write(&nb), exported);
    // A role empty here is added, not said to change; an empty decision
    // maker cell changes nothing.
    nb.contacts[0].role.clear();
    let blank = exported.replace(",yes,45\r\n", ",,45\r\n");
    let plan = ImportPlan::new(&nb, read_contacts(blank.as_bytes()).unwrap());
    assert_eq!(
        plan.preview_row(0, &choices).unwrap().status,
        "Merge into Ana María Ruiz (same email): adds role"
    );
    // Another app's file fills gaps only: it never changes the list or
    // replaces a role.
    let linkedin = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                    Ana María,Ruiz,,ana.ruiz@example.com,Contoso,VP Data,12 Mar 2024\n";
    let plan = ImportPlan::new(&nb, read_contacts(linkedin.as_bytes()).unwrap());
    assert!(
        matches!(&plan.rows[0].action, RowAction::Merge { changes, .. } if changes.is_empty())
            || matches!(plan.rows[0].action, RowAction::Skip(_)),
        "{:?}",
        plan.rows[0].action
    );
}

#[test]
fn two_people_of_the_same_name_in_rapports_export_both_come_back() {
    let csv = "Name,List,Organization,Role,Email,Phone,Web,How we met,Referred by,Tags,Notes\r\n\
               Sam Lee,A,,,,,,,,,Friend from school\r\n\
               Sam Lee,C,Initech,CTO,,,,,,,Different person\r\n";
    let mut fresh = Notebook::default();
    let plan = ImportPlan::new(&fresh, read_contacts(csv.as_bytes()).unwrap());
    plan.apply(&mut fresh, &choose(ListKind::B), 5);
    let mut sams: Vec<(ListKind, &str)> = fresh
        .contacts
        .iter()
        .map(|c| (c.list, c.notes.as_str()))
        .collect();
    sams.sort();
    assert_eq!(
        sams,
        [
            (ListKind::A, "Friend from school"),
            (ListKind::C, "Different person")
        ]
    );
    // From another app's file, the same name twice is one person.
    let linkedin = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                    Sam,Lee,,,,,12 Mar 2024\n\
                    Sam,Lee,,,,,12 Mar 2024\n";
    let plan = ImportPlan::new(
        &Notebook::default(),
        read_contacts(linkedin.as_bytes()).unwrap(),
    );
    assert_eq!(plan.counts(&choose(ListKind::B)).to_import(), 1);
}

#[test]
fn someone_matched_by_name_alone_can_be_added_as_another_person() {
    let mut nb = Notebook::default();
    let friend = nb
        .add_contact(
            Contact {
                name: "John Smith".into(),
                list: ListKind::A,
                notes: "Old friend".into(),
                ..Contact::default()
            },
            1,
        )
        .unwrap();
    let csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
               John,Smith,https://www.linkedin.com/in/jsmith-cfo,,Big Bank,CFO,12 Mar 2024\n";
    let plan = ImportPlan::new(&nb, read_contacts(csv.as_bytes()).unwrap());
    let mut choices = choose(ListKind::B);
    let row = plan.preview_row(0, &choices).unwrap();
    assert!(row.name_only, "{}", row.status);
    choices.as_new.insert(0);
    assert_eq!(
        plan.preview_row(0, &choices).unwrap().status,
        "New, list B (not the John Smith already in Rapport)"
    );
    assert_eq!(plan.counts(&choices).new, 1);
    let outcome = plan.apply(&mut nb, &choices, 5);
    assert_eq!((outcome.added, outcome.merged), (1, 0));
    let f = nb.contact(friend).unwrap();
    assert_eq!((f.role.as_str(), f.url.as_str()), ("", ""));
    let cfo = nb.contacts.iter().find(|c| c.id != friend).unwrap();
    assert_eq!(
        (cfo.name.as_str(), cfo.role.as_str()),
        ("John Smith", "CFO")
    );
}

#[test]
fn a_referrer_in_the_file_is_the_contact_that_row_became() {
    let mut nb = Notebook::default();
    let sam_lee = nb
        .add_contact(
            Contact {
                name: "Sam Lee".into(),
                email: "sam@example.com".into(),
                ..Contact::default()
            },
            1,
        )
        .unwrap();
    let other_sam = nb
        .add_contact(
            Contact {
                name: "Sam".into(),
                ..Contact::default()
            },
            1,
        )
        .unwrap();
    // The file's "Sam" is Sam Lee (same address); Ben was introduced by him.
    let csv = "Name,List,Organization,Role,Email,Phone,Web,How we met,Referred by,Tags,Notes\r\n\
               Sam,B,,,sam@example.com,,,,,,\r\n\
               Ben,B,,,,,,,Sam,,\r\n";
    let plan = ImportPlan::new(&nb, read_contacts(csv.as_bytes()).unwrap());
    plan.apply(&mut nb, &choose(ListKind::B), 5);
    let ben = nb.contacts.iter().find(|c| c.name == "Ben").unwrap();
    assert_eq!(ben.referred_by, Some(sam_lee));
    assert_ne!(ben.referred_by, Some(other_sam));
}

#[test]
fn a_referrer_named_twice_is_left_for_the_user() {
    let csv = "Name,List,Organization,Role,Email,Phone,Web,How we met,Referred by,Tags,Notes\r\n\
               Ana,B,,,ana.b@example.com,,,,,,\r\n\
               Ana,C,,,ana.c@example.com,,,,,,\r\n\
               Ben,,,,,,,,Ana,,\r\n\
               Cy,A,,,,,,,Nobody,,\r\n";
    let mut nb = Notebook::default();
    let plan = ImportPlan::new(&nb, read_contacts(csv.as_bytes()).unwrap());
    plan.apply(&mut nb, &choose(ListKind::B), 5);
    let lists: Vec<(&str, ListKind)> = nb
        .contacts
        .iter()
        .map(|c| (c.name.as_str(), c.list))
        .collect();
    assert_eq!(
        lists,
        [
            ("Ana", ListKind::B),
            ("Ana", ListKind::C),
            ("Ben", ListKind::B),
            ("Cy", ListKind::A)
        ]
    );
    assert!(nb.contacts.iter().all(|c| c.referred_by.is_none()));
}

#[test]
fn phone_vcard_goes_through_rapport_and_back() {
    let mut nb = Notebook::default();
    let plan = ImportPlan::new(&nb, read("iphone30.vcf"));
    plan.apply(&mut nb, &choose(ListKind::B), 5);
    let back = read_contacts(vcard_write::write(&nb).as_bytes()).unwrap();
    let p = &back.people[0];
    assert_eq!(p.name, "Dr. Louis Moreau");
    assert_eq!(p.emails, ["louis.moreau@example.com"]);
    assert_eq!(p.organization, "Fourth Coffee, Inc.");
    assert_eq!(p.role, "Director; Partnerships");
    // The second address is kept in the notes rather than lost.
    assert!(
        p.notes
            .ends_with("Other email addresses: l.moreau@example.org")
    );
}

// ---- Import plan -----------------------------------------------------------

fn choose(list: ListKind) -> Choices {
    Choices {
        list,
        left_out: BTreeSet::new(),
        as_new: BTreeSet::new(),
    }
}

fn existing_notebook() -> Notebook {
    let mut nb = Notebook::default();
    let org = nb
        .add_organization(
            Organization {
                name: "northwind traders".into(),
                ..Organization::default()
            },
            1,
        )
        .unwrap();
    nb.add_contact(
        Contact {
            name: "Someone Else".into(),
            email: "ANA.RUIZ@example.com".into(),
            list: ListKind::B,
            ..Contact::default()
        },
        1,
    )
    .unwrap();
    nb.add_contact(
        Contact {
            name: "Ben Okafor".into(),
            list: ListKind::A,
            url: "linkedin.com/in/ben-okafor-example/".into(),
            role: "Senior Engineer".into(),
            how_met: "Old friend".into(),
            organization: Some(org),
            ..Contact::default()
        },
        1,
    )
    .unwrap();
    nb.add_contact(
        Contact {
            name: "Chloe Martin".into(),
            ..Contact::default()
        },
        1,
    )
    .unwrap();
    nb
}

#[test]
fn the_plan_matches_by_email_web_and_name() {
    let nb = existing_notebook();
    let plan = ImportPlan::new(&nb, read("linkedin_en.csv"));
    let actions: Vec<&RowAction> = plan.rows.iter().map(|r| &r.action).collect();
    match actions[0] {
        RowAction::Merge {
            by, contact_name, ..
        } => {
            assert_eq!(*by, MatchKind::Email);
            assert_eq!(contact_name, "Someone Else");
        }
        other => panic!("{other:?}"),
    }
    // Ben is found by his profile address; everything the file has is
    // already there, apart from the organization which he already has.
    assert_eq!(
        *actions[1],
        RowAction::Skip(SkipReason::NothingNew {
            contact: "Ben Okafor".into(),
            contact_id: nb
                .contacts
                .iter()
                .find(|c| c.name == "Ben Okafor")
                .unwrap()
                .id,
        })
    );
    match actions[2] {
        RowAction::Merge { by, adds, .. } => {
            assert_eq!(*by, MatchKind::Name);
            assert_eq!(*adds, ["web address", "how you met"]);
        }
        other => panic!("{other:?}"),
    }
    let counts = plan.counts(&choose(ListKind::B));
    assert_eq!((counts.new, counts.merge, counts.skipped), (0, 2, 1));
}

#[test]
fn new_people_at_a_target_organization_go_to_list_c() {
    let nb = existing_notebook();
    let mut file = read("linkedin_en.csv");
    file.people[0].emails.clear();
    file.people[0].name = "Ana New".into();
    let plan = ImportPlan::new(&nb, file);
    assert_eq!(plan.rows[0].action, RowAction::New);
    assert_eq!(plan.list_for(0, ListKind::A), ListKind::C);
    let preview = plan.preview(&choose(ListKind::A));
    assert_eq!(preview[0].list, Some(ListKind::C));
    assert!(preview[0].status.contains("target organization"));
}

#[test]
fn repeated_people_in_a_file_are_skipped_with_the_reason() {
    let nb = Notebook::default();
    let mut file = read("linkedin_en.csv");
    let mut again = file.people[0].clone();
    again.name = "A. Ruiz".into();
    file.people.push(again);
    let plan = ImportPlan::new(&nb, file);
    assert_eq!(
        plan.rows[3].action,
        RowAction::Skip(SkipReason::Repeated {
            earlier: "Ana Ruiz".into()
        })
    );
    let preview = plan.preview(&choose(ListKind::B));
    assert!(!preview[3].can_import);
    assert_eq!(
        preview[3].status,
        "Skipped: Appears earlier in the file as Ana Ruiz"
    );
}

#[test]
fn applying_creates_organizations_once_and_leaves_unticked_rows_out() {
    let mut nb = Notebook::default();
    let mut file = read("linkedin_en.csv");
    let mut colleague = file.people[0].clone();
    colleague.name = "Carl Colleague".into();
    colleague.emails = vec!["carl@example.com".into()];
    colleague.urls.clear();
    colleague.organization = "NORTHWIND traders".into();
    file.people.push(colleague);
    let plan = ImportPlan::new(&nb, file);
    let choices = Choices {
        list: ListKind::B,
        left_out: BTreeSet::from([1]),
        as_new: BTreeSet::new(),
    };
    let counts = plan.counts(&choices);
    assert_eq!((counts.new, counts.left_out), (3, 1));
    let outcome = plan.apply(&mut nb, &choices, 42);
    assert_eq!((outcome.added, outcome.organizations), (3, 1));
    assert_eq!(
        outcome.summary(),
        "Imported 3 new contacts, added 1 organization."
    );
    let names: Vec<&str> = nb.contacts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Ana Ruiz", "Chloé Martin", "Carl Colleague"]);
    assert_eq!(nb.organizations.len(), 1);
    let org = nb.organizations[0].id;
    assert_eq!(nb.contacts[0].organization, Some(org));
    assert_eq!(nb.contacts[2].organization, Some(org));
    assert_eq!(nb.contacts[0].list, ListKind::B);
    assert_eq!(
        nb.contacts[0].how_met,
        "Connected on LinkedIn on 12 Mar 2024"
    );
    assert_eq!(nb.contacts[0].created_at, 42);
}

#[test]
fn one_undo_reverts_the_whole_import_merges_included() {
    let mut nb = existing_notebook();
    let before = nb.clone();
    let mut file = read("linkedin_en.csv");
    file.people.extend(read("google_current.csv").people);
    let plan = ImportPlan::new(&nb, file);
    let outcome = plan.apply(&mut nb, &choose(ListKind::B), 99);
    assert!(outcome.added >= 2 && outcome.merged == 2, "{outcome:?}");
    assert_ne!(nb.contacts, before.contacts);
    outcome.undo.revert(&mut nb);
    assert_eq!(nb.contacts, before.contacts);
    assert_eq!(nb.organizations, before.organizations);
    // Twice changes nothing more.
    outcome.undo.revert(&mut nb);
    assert_eq!(nb.contacts, before.contacts);
}

#[test]
fn undo_of_an_import_keeps_edits_made_to_merged_contacts_since() {
    let mut nb = existing_notebook();
    let before = nb.clone();
    let plan = ImportPlan::new(&nb, read("linkedin_en.csv"));
    let outcome = plan.apply(&mut nb, &choose(ListKind::B), 99);
    let merged = before.contacts[0].id;
    let imported = nb.contact(merged).unwrap().clone();
    assert_ne!(
        imported.role, before.contacts[0].role,
        "the import fills the role in"
    );
    // Within Undo's few seconds, a note arrives on that contact (typed
    // here, or another window's or device's change taken in).
    let mut edited = imported.clone();
    edited.notes = "Call back Tuesday about the referral".into();
    nb.update_contact(edited, 150).unwrap();

    outcome.undo.revert(&mut nb);

    let after = nb.contact(merged).unwrap();
    assert_eq!(after.notes, "Call back Tuesday about the referral");
    // What the import filled in is taken back all the same.
    assert_eq!(after.role, before.contacts[0].role);
    assert_eq!(after.how_met, before.contacts[0].how_met);
    // A field the import filled and the user then changed keeps the change.
    let plan = ImportPlan::new(&before, read("linkedin_en.csv"));
    let mut nb = before.clone();
    let outcome = plan.apply(&mut nb, &choose(ListKind::B), 99);
    let mut edited = nb.contact(merged).unwrap().clone();
    edited.role = "Head of Design".into();
    nb.update_contact(edited, 150).unwrap();
    outcome.undo.revert(&mut nb);
    assert_eq!(nb.contact(merged).unwrap().role, "Head of Design");
}

#[test]
fn a_merge_whose_contact_was_deleted_since_the_preview_adds_them_instead() {
    let mut nb = existing_notebook();
    let plan = ImportPlan::new(&nb, read("linkedin_en.csv"));
    let target = nb.contacts[0].id;
    nb.delete_contact(target);
    let outcome = plan.apply(&mut nb, &choose(ListKind::B), 5);
    assert!(nb.contacts.iter().any(|c| c.name == "Ana Ruiz"));
    assert_eq!(outcome.merged, 1);
}

#[test]
fn a_failed_read_changes_nothing() {
    let nb = existing_notebook();
    let before = nb.clone();
    assert!(read_contacts(b"nothing useful here").is_err());
    assert_eq!(nb, before);
}

#[test]
fn preview_counts_read_in_words() {
    let mut c = super::plan::Counts {
        new: 1,
        ..Default::default()
    };
    assert_eq!(c.describe(), "1 new · 0 to merge · 0 skipped");
    assert_eq!(c.import_label(), "Import 1 contact");
    c.merge = 2;
    c.left_out = 3;
    assert_eq!(c.describe(), "1 new · 2 to merge · 0 skipped · 3 left out");
    assert_eq!(c.import_label(), "Import 3 contacts");
}

// ---- Encodings, vCard details and merging people ----------------------------

fn notebook_with(contact: Contact) -> Notebook {
    let mut nb = Notebook::default();
    nb.add_contact(contact, 1).unwrap();
    nb
}

fn one(bytes: &[u8]) -> Person {
    read_contacts(bytes).unwrap().people.remove(0)
}

#[test]
fn a_fold_inside_a_utf8_character_is_joined_before_decoding() {
    // Writers that fold at 75 bytes may cut "é" (C3 A9) in two.
    let file = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jos\xC3\r\n \xA9 Ruiz\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zo\xC3\xAB M\xC3\xBCller\r\nEND:VCARD\r\n";
    assert_eq!(
        names(&read_contacts(file).unwrap()),
        ["José Ruiz", "Zoë Müller"]
    );
}

#[test]
fn one_stray_byte_in_a_utf8_file_garbles_nothing_else() {
    // A Windows-1252 apostrophe (0x92) typed into an otherwise UTF-8 file.
    let csv = b"First Name,Last Name,E-mail Address,Job Title\r\n\
Jos\xC3\xA9,Ruiz,j@x.example,CTO\r\nAnn,O\x92Neil,a@x.example,CEO\r\n";
    assert_eq!(
        names(&read_contacts(csv).unwrap()),
        ["José Ruiz", "Ann O’Neil"]
    );
    // A file in Windows-1252 throughout still reads as such.
    let latin = b"First Name,Last Name,E-mail Address\r\nJos\xE9,Mu\xF1oz,j@x.example\r\n";
    assert_eq!(names(&read_contacts(latin).unwrap()), ["José Muñoz"]);
}

#[test]
fn vcard_2_1_keeps_the_space_of_a_fold_and_has_no_backslash_escapes() {
    let p = one(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann Lee\r\n\
NOTE:This is a very long description\r\n that exists on a long line.\r\nEND:VCARD\r\n");
    assert_eq!(
        p.notes,
        "This is a very long description that exists on a long line."
    );
    let p = one(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann Lee\r\nNOTE:Files in C:\\new\\test\r\nN:Lee\\;Smith;Ann\r\nEND:VCARD\r\n");
    assert_eq!(p.notes, "Files in C:\\new\\test");
    // 3.0 still folds without the space and reads its escapes.
    let p = one(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nNOTE:line one\\nline\r\n  two\r\nEND:VCARD\r\n");
    assert_eq!(p.notes, "line one\nline two");
}

#[test]
fn quoted_printable_keeps_a_space_after_a_soft_break() {
    let p = one(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann Lee\r\n\
NOTE;ENCODING=QUOTED-PRINTABLE:sehr hilfsbereit=\r\n und freundlich\r\nEND:VCARD\r\n");
    assert_eq!(p.notes, "sehr hilfsbereit und freundlich");
}

#[test]
fn every_note_of_a_card_is_kept() {
    let p = one(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nNOTE:Met at PyCon\r\nNOTE:Knows the CTO\r\nEND:VCARD\r\n");
    assert_eq!(p.notes, "Met at PyCon\nKnows the CTO");
}

#[test]
fn tabs_in_notes_survive_export_and_import() {
    let nb = notebook_with(Contact {
        name: "Ann".into(),
        notes: "Mon\t10:00".into(),
        ..Contact::default()
    });
    assert_eq!(one(vcard_write::write(&nb).as_bytes()).notes, "Mon\t10:00");
    // iCalendar text goes through the same escaping.
    assert_eq!(text::escape("Mon\t10:00; Tue"), "Mon\t10:00\\; Tue");
}

#[test]
fn two_people_with_one_name_and_different_addresses_are_both_imported() {
    let csv = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
Wei,Zhang,https://www.linkedin.com/in/wei-zhang-1,wz1@a.example,Acme,Engineer,12 Mar 2024\r\n\
Wei,Zhang,https://www.linkedin.com/in/wei-zhang-2,wz2@b.example,Globex,Recruiter,13 Mar 2024\r\n";
    let plan = ImportPlan::new(&Notebook::default(), read_contacts(csv).unwrap());
    assert_eq!(plan.rows[1].action, RowAction::New);
    // Nor does a contact already there with another address take them in.
    let nb = notebook_with(Contact {
        name: "Wei Zhang".into(),
        email: "wz1@a.example".into(),
        ..Contact::default()
    });
    let plan = ImportPlan::new(&nb, read_contacts(csv).unwrap());
    assert!(matches!(
        plan.rows[0].action,
        RowAction::Skip(SkipReason::NothingNew { .. }) | RowAction::Merge { .. }
    ));
    assert_eq!(plan.rows[1].action, RowAction::New);
}

#[test]
fn a_merge_that_brings_more_addresses_and_tags_is_not_nothing_new() {
    let mut nb = notebook_with(Contact {
        name: "Ana Ruiz".into(),
        email: "ana@x.example".into(),
        phone: "+1 555 0100".into(),
        ..Contact::default()
    });
    let card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nEMAIL:ana@x.example\r\n\
EMAIL:ana@work.example\r\nTEL:+1 555 0199\r\nCATEGORIES:mentor\r\nEND:VCARD\r\n";
    let plan = ImportPlan::new(&nb, read_contacts(card).unwrap());
    match &plan.rows[0].action {
        RowAction::Merge { adds, .. } => assert_eq!(*adds, ["tags", "notes"]),
        other => panic!("{other:?}"),
    }
    plan.apply(&mut nb, &choose(ListKind::A), 2);
    let c = &nb.contacts[0];
    assert!(
        c.notes.contains("+1 555 0199") && c.notes.contains("ana@work.example"),
        "{:?}",
        c.notes
    );
    assert_eq!(c.tags, ["mentor"]);
    // The same file again has nothing new: what went into the notes is
    // not written there twice.
    let again = ImportPlan::new(&nb, read_contacts(card).unwrap());
    assert!(
        matches!(
            again.rows[0].action,
            RowAction::Skip(SkipReason::NothingNew { .. })
        ),
        "{:?}",
        again.rows[0].action
    );
}

#[test]
fn a_note_in_the_file_joins_the_notes_a_contact_already_has() {
    let mut nb = notebook_with(Contact {
        name: "Ana Test".into(),
        email: "ana@work.example".into(),
        notes: "My own note".into(),
        ..Contact::default()
    });
    let card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Test\r\nEMAIL:ana@work.example\r\n\
NOTE:Met at the career fair - wants my CV\r\nEND:VCARD\r\n";
    let plan = ImportPlan::new(&nb, read_contacts(card).unwrap());
    match &plan.rows[0].action {
        RowAction::Merge { adds, .. } => assert_eq!(*adds, ["notes"]),
        other => panic!("{other:?}"),
    }
    plan.apply(&mut nb, &choose(ListKind::A), 2);
    assert_eq!(
        nb.contacts[0].notes,
        "My own note\nMet at the career fair - wants my CV"
    );
    let again = ImportPlan::new(&nb, read_contacts(card).unwrap());
    assert!(
        matches!(
            again.rows[0].action,
            RowAction::Skip(SkipReason::NothingNew { .. })
        ),
        "{:?}",
        again.rows[0].action
    );
    // A note that only appears inside the notes' words is another note.
    nb.contacts[0].notes = "Not interested in moving to Berlin (2025).".into();
    let card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Test\r\nEMAIL:ana@work.example\r\n\
NOTE:Interested in moving to Berlin\r\nEND:VCARD\r\n";
    let plan = ImportPlan::new(&nb, read_contacts(card).unwrap());
    assert!(
        matches!(&plan.rows[0].action, RowAction::Merge { adds, .. } if *adds == ["notes"]),
        "{:?}",
        plan.rows[0].action
    );
}

#[test]
fn a_person_from_a_second_source_is_found_by_what_the_first_kept() {
    let google = b"Name,E-mail 1 - Value,Phone 1 - Value\r\n\
Bo Lind,bo@work.example ::: bo@home.example,+46 70 111 22 33\r\n";
    let mut nb = Notebook::default();
    ImportPlan::new(&nb, read_contacts(google).unwrap()).apply(&mut nb, &choose(ListKind::A), 1);
    assert_eq!(nb.contacts.len(), 1);
    assert!(nb.contacts[0].notes.contains("bo@home.example"));
    // The phone's card has only the second address: the one kept in the
    // notes finds her.
    let card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Lind\r\nEMAIL:bo@home.example\r\n\
TEL:+46701112233\r\nEND:VCARD\r\n";
    let plan = ImportPlan::new(&nb, read_contacts(card).unwrap());
    assert!(
        matches!(
            plan.rows[0].action,
            RowAction::Merge {
                by: MatchKind::Email,
                ..
            } | RowAction::Skip(SkipReason::NothingNew { .. })
        ),
        "{:?}",
        plan.rows[0].action
    );
    // With another address altogether, the same name and the same number
    // (written another way) still make her.
    let card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Lind\r\nEMAIL:bo@new.example\r\n\
TEL:070-111 22 33\r\nEND:VCARD\r\n";
    let plan = ImportPlan::new(&nb, read_contacts(card).unwrap());
    assert!(
        matches!(
            plan.rows[0].action,
            RowAction::Merge {
                by: MatchKind::Name,
                ..
            }
        ),
        "{:?}",
        plan.rows[0].action
    );
    // The number is hers already, written another way: not noted again.
    plan.apply(&mut nb, &choose(ListKind::A), 3);
    assert!(
        !nb.contacts[0].notes.contains("070-111"),
        "{:?}",
        nb.contacts[0].notes
    );
    assert!(nb.contacts[0].notes.contains("bo@new.example"));
    // Someone else on the same office line is someone else.
    let card =
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cai Berg\r\nTEL:+46 70 111 22 33\r\nEND:VCARD\r\n";
    let plan = ImportPlan::new(&nb, read_contacts(card).unwrap());
    assert_eq!(plan.rows[0].action, RowAction::New);
}

#[test]
fn phone_numbers_exported_as_text_come_back_as_they_were() {
    let nb = notebook_with(Contact {
        name: "Ana".into(),
        phone: "+1-555-0100".into(),
        ..Contact::default()
    });
    let out = csv_write::write(&nb);
    assert!(out.contains(",'+1-555-0100,"), "{out}");
    // A spreadsheet saving the file again keeps the apostrophe; reading
    // drops it, and only before what would be a formula.
    let saved = b"First Name,Last Name,Mobile Phone,Job Title
Ana,Ruiz,'+1-555-0100,'Ops lead
";
    let back = one(saved);
    assert_eq!(
        (back.phones[0].as_str(), back.role.as_str()),
        ("+1-555-0100", "'Ops lead")
    );
}

#[test]
fn undo_of_an_import_keeps_what_it_added_and_was_changed_since() {
    let mut nb = Notebook::default();
    let plan = ImportPlan::new(&nb, read("linkedin_en.csv"));
    let outcome = plan.apply(&mut nb, &choose(ListKind::B), 99);
    assert!(outcome.added > 1 && outcome.organizations > 0);
    // Within Undo's few seconds, a note arrives on one contact the import
    // added (typed here, or another window's or device's change).
    let mut edited = nb.contacts[0].clone();
    assert!(edited.organization.is_some());
    edited.notes = "Call back Tuesday about the referral".into();
    nb.update_contact(edited.clone(), 150).unwrap();
    let kept = outcome.undo.revert(&mut nb);
    assert_eq!(nb.contacts.len(), 1);
    assert_eq!(nb.contact(edited.id).unwrap().notes, edited.notes);
    // Where the kept contact works stays too; the other organizations go.
    let orgs: Vec<Option<Id>> = nb.organizations.iter().map(|o| Some(o.id)).collect();
    assert_eq!(
        orgs,
        edited
            .organization
            .into_iter()
            .map(Some)
            .collect::<Vec<_>>()
    );
    assert_eq!(kept, 1);
    assert_eq!(
        undone_text(kept),
        "Import undone. Kept 1 record it added that was changed since."
    );
    assert_eq!(
        undone_text(0),
        "Import undone. Your contacts are as they were before it."
    );
}
