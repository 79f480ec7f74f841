use antt_domain::policy::eligibility::{
    Applicant, AreaFlags, Education, LegalStatus, check, completed_years,
};

use crate::{Packs, d};

fn person(birth: chrono::NaiveDate) -> Applicant {
    Applicant {
        birth_date: birth,
        education: Education::LowerSecondary,
        residence_since: Some(d(2020, 1, 1)),
        health_certificate: Some(d(2026, 1, 10)),
        legal_status: LegalStatus::Clear,
        area: AreaFlags::default(),
    }
}

fn verdict(a: &Applicant, on: chrono::NaiveDate) -> (bool, bool, Vec<&'static str>) {
    let packs = Packs::load();
    let policy = packs.policy(None, false, on);
    let e = check(&policy, a).unwrap();
    (
        e.eligible,
        e.needs_exception,
        e.reasons.iter().filter(|r| !r.ok).map(|r| r.code).collect(),
    )
}

#[test]
fn law_13_1_eligible_from_the_18th_birthday_not_the_day_before() {
    let a = person(d(2008, 3, 15));
    assert_eq!(
        verdict(&a, d(2026, 3, 14)),
        (false, false, vec!["under_age"])
    );
    assert_eq!(verdict(&a, d(2026, 3, 15)), (true, false, vec![]));
}

#[test]
fn law_13_1_seventy_until_the_day_before_the_71st_birthday_then_an_exception() {
    let a = person(d(1955, 6, 1));
    assert_eq!(verdict(&a, d(2026, 5, 31)), (true, false, vec![]));
    assert_eq!(
        verdict(&a, d(2026, 6, 1)),
        (false, true, vec!["over_age_needs_exception"])
    );
}

#[test]
fn law_13_1_born_on_29_february_turns_a_year_older_on_1_march_in_a_common_year() {
    let born = d(2008, 2, 29);
    assert_eq!(completed_years(born, d(2026, 2, 28)), 17);
    assert_eq!(completed_years(born, d(2026, 3, 1)), 18);
    assert_eq!(completed_years(born, d(2028, 2, 29)), 20);
    assert!(!verdict(&person(born), d(2026, 2, 28)).0);
    assert!(verdict(&person(born), d(2026, 3, 1)).0);
}

#[test]
fn law_13_3_primary_school_suffices_only_in_border_mountain_difficult_and_ethnic_minority_areas() {
    let mut a = person(d(1990, 1, 1));
    a.education = Education::Primary;
    assert_eq!(
        verdict(&a, d(2026, 1, 15)).2,
        vec!["education_insufficient"]
    );
    a.area = AreaFlags {
        border: true,
        ..Default::default()
    };
    assert_eq!(verdict(&a, d(2026, 1, 15)), (true, false, vec![]));
    a.education = Education::None;
    assert_eq!(
        verdict(&a, d(2026, 1, 15)).2,
        vec!["education_insufficient"]
    );
}

#[test]
fn law_13_4_residence_of_one_full_year() {
    let mut a = person(d(1990, 1, 1));
    a.residence_since = Some(d(2025, 1, 16));
    assert_eq!(verdict(&a, d(2026, 1, 15)).2, vec!["residence_too_short"]);
    assert!(verdict(&a, d(2026, 1, 16)).0);
}

#[test]
fn law_13_2_and_13_5_legal_status_and_health_certificate() {
    let mut a = person(d(1990, 1, 1));
    a.legal_status = LegalStatus::ServingSentence;
    a.health_certificate = None;
    let (ok, exception, reasons) = verdict(&a, d(2026, 2, 1));
    assert!(!ok && !exception);
    assert_eq!(
        reasons,
        vec!["health_certificate_missing", "legal_status_excluded"]
    );
}

#[test]
fn law_13_2_a_past_conviction_counts_only_once_the_record_is_expunged() {
    let mut a = person(d(1990, 1, 1));
    a.legal_status = LegalStatus::UnexpungedRecord;
    assert_eq!(verdict(&a, d(2026, 2, 1)).2, vec!["legal_status_excluded"]);
    a.legal_status = LegalStatus::Clear;
    assert!(verdict(&a, d(2026, 2, 1)).0);
}
