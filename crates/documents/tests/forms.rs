//! The Circular 14/2024 forms, each rendered as DOCX and PDF and read back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod support;

use antt_documents::forms::*;
use antt_documents::official::Document;
use antt_documents::{docx, pdf};
use chrono::{NaiveDate, NaiveTime};
use support::{docx_text, dump, pdf_pages, squash};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ia_toi() -> Commune {
    Commune::new("xã", "Ia Tơi", "Quảng Ngãi")
}

fn person(i: usize) -> Person {
    Person {
        full_name: format!("Rơ Mah Minh Họa {i}"),
        birth_date: Some(d(1992, 3, 3)),
        sex: "Nam".into(),
        ethnicity: "Gia Rai".into(),
        cccd: format!("0620920011{i:02}"),
        residence: "Thôn Minh họa 1, xã Ia Tơi".into(),
        education: "9/12".into(),
    }
}

/// Renders `doc` both ways, dumps the files, and checks each string is in both texts.
fn check(name: &str, doc: &Document, expected: &[&str]) -> (String, String) {
    let docx_bytes = docx::render(doc).unwrap();
    let pdf_bytes = pdf::render(doc).unwrap();
    dump(&format!("{name}.docx"), &docx_bytes);
    dump(&format!("{name}.pdf"), &pdf_bytes);
    let w = squash(&docx_text(&docx_bytes));
    let p = squash(&pdf_pages(&pdf_bytes).join("\n"));
    for s in expected {
        assert!(w.contains(s), "DOCX of {name} lacks {s:?}:\n{w}");
        assert!(p.contains(s), "PDF of {name} lacks {s:?}:\n{p}");
    }
    for text in [&w, &p] {
        assert!(!text.contains("None"), "{name} prints None");
        assert!(text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        assert!(text.contains("Độc lập - Tự do - Hạnh phúc"));
    }
    (w, p)
}

#[test]
fn mau_01_application_is_addressed_to_the_commune_police_and_signed_by_the_applicant() {
    let a = Application {
        commune: ia_toi(),
        applicant: person(1),
        phone: "0912345678".into(),
        village: "thôn Minh họa 1".into(),
        date: Some(d(2026, 1, 5)),
    };
    check(
        "mau-01",
        &form_01_application(&a),
        &[
            "ĐƠN ĐĂNG KÝ THAM GIA TỔ BẢO VỆ AN NINH, TRẬT TỰ",
            "Kính gửi: Công an xã Ia Tơi",
            "Họ và tên: Rơ Mah Minh Họa 1",
            "Ngày, tháng, năm sinh: 03/03/1992",
            "Dân tộc: Gia Rai",
            "Số định danh cá nhân (Căn cước công dân): 062092001101",
            "Số điện thoại: 0912345678",
            "đăng ký tham gia Tổ bảo vệ an ninh, trật tự ở thôn Minh họa 1, xã Ia Tơi",
            "cam kết",
            "Ia Tơi, ngày 05 tháng 01 năm 2026",
            "NGƯỜI LÀM ĐƠN",
        ],
    );
}

#[test]
fn mau_01_missing_answers_print_dotted_blanks_and_a_blank_date() {
    let a = Application {
        commune: ia_toi(),
        applicant: Person::default(),
        phone: String::new(),
        village: String::new(),
        date: None,
    };
    let (w, p) = check(
        "mau-01-blank",
        &form_01_application(&a),
        &["Ia Tơi, ngày … tháng … năm …", "Họ và tên:"],
    );
    assert!(p.contains("Họ và tên: ....."));
    assert!(w.contains("Họ và tên:"));
}

#[test]
fn mau_02_ballot_lists_candidates_with_agree_and_disagree_columns_and_the_stamp_rule() {
    let b = Ballot {
        commune: ia_toi(),
        candidates: (1..=3)
            .map(|i| Candidate {
                full_name: format!("Rơ Mah Minh Họa {i}"),
                birth_year: Some(1990 + i),
                village: "Thôn Minh họa 1".into(),
            })
            .collect(),
    };
    check(
        "mau-02",
        &form_02_ballot(&b),
        &[
            "HỘI ĐỒNG XÉT TUYỂN",
            "PHIẾU BẦU",
            "STT Họ và tên Năm sinh Thôn, tổ dân phố Đồng ý Không đồng ý",
            "Rơ Mah Minh Họa 2 1992 Thôn Minh họa 1",
            "Phiếu bầu có đóng dấu của Ủy ban nhân dân xã Ia Tơi.",
        ],
    );
}

fn minutes() -> SelectionMinutes {
    let member = |n: &str, pos: &str, role: &str, present: bool| CouncilMember {
        full_name: n.into(),
        position: pos.into(),
        council_role: role.into(),
        present,
    };
    SelectionMinutes {
        commune: ia_toi(),
        number: Some("01/BB-HĐXT".into()),
        date: Some(d(2026, 1, 5)),
        start: NaiveTime::from_hms_opt(8, 0, 0),
        end: NaiveTime::from_hms_opt(10, 30, 0),
        venue: "Hội trường Ủy ban nhân dân xã Ia Tơi".into(),
        members: vec![
            member(
                "Nguyễn Văn Chủ Tịch",
                "Phó Chủ tịch UBND xã",
                "Chủ tịch Hội đồng",
                true,
            ),
            member(
                "Trần Văn Công An",
                "Trưởng Công an xã",
                "Phó Chủ tịch Hội đồng",
                true,
            ),
            member("Lê Thị Đoàn", "Bí thư Đoàn xã", "Ủy viên", true),
            member("Phạm Thị Phụ Nữ", "Chủ tịch Hội LHPN xã", "Ủy viên", false),
            member("Hoàng Văn Thư Ký", "Công chức xã", "Thư ký", true),
        ],
        method: VoteMethod::SecretBallot,
        quota: Some(1),
        results: vec![
            CandidateResult {
                candidate: Candidate {
                    full_name: "Rơ Mah Minh Họa 1".into(),
                    birth_year: Some(1992),
                    village: "Thôn Minh họa 1".into(),
                },
                yes_votes: 3,
                passed: true,
            },
            CandidateResult {
                candidate: Candidate {
                    full_name: "Rơ Mah Minh Họa 2".into(),
                    birth_year: Some(1995),
                    village: "Thôn Minh họa 1".into(),
                },
                yes_votes: 2,
                passed: false,
            },
        ],
        notes: vec!["Không có trường hợp bằng số phiếu.".into()],
        chair: "Nguyễn Văn Chủ Tịch".into(),
        secretary: "Hoàng Văn Thư Ký".into(),
    }
}

#[test]
fn mau_04_minutes_count_shares_on_members_present_and_state_the_more_than_half_rule() {
    check(
        "mau-04",
        &form_04_minutes(&minutes()),
        &[
            "BIÊN BẢN",
            "Số: 01/BB-HĐXT",
            "Kết quả xét tuyển Tổ viên Tổ bảo vệ an ninh, trật tự",
            "Vào hồi 08 giờ 00 phút, ngày 05 tháng 01 năm 2026",
            "Thành viên Hội đồng có mặt: 4/5 người",
            "Vắng mặt: 1 người",
            "bỏ phiếu kín",
            "Số phiếu đồng ý",
            // TT14-3.9: 3 of 4 present = 75 %; 2 of 4 = 50 % is not more than half.
            "Rơ Mah Minh Họa 1 1992 Thôn Minh họa 1 3 75,00 Trúng tuyển",
            "Rơ Mah Minh Họa 2 1995 Thôn Minh họa 1 2 50,00 Không trúng tuyển",
            "trên một nửa tổng số thành viên Hội đồng có mặt (4 người)",
            "Không có trường hợp bằng số phiếu.",
            "kết thúc vào hồi 10 giờ 30 phút",
            "THƯ KÝ",
            "CHỦ TỊCH HỘI ĐỒNG",
            "Hoàng Văn Thư Ký",
        ],
    );
}

#[test]
fn mau_04_show_of_hands_is_named_as_the_vote_method() {
    let mut m = minutes();
    m.method = VoteMethod::ShowOfHands;
    m.start = None;
    check(
        "mau-04-hands",
        &form_04_minutes(&m),
        &["Hình thức biểu quyết: giơ tay.", "Vào hồi … giờ … phút"],
    );
}

fn nominees(n: usize) -> NomineeList {
    NomineeList {
        commune: ia_toi(),
        number: None,
        date: Some(d(2026, 1, 7)),
        minutes_date: Some(d(2026, 1, 5)),
        nominees: (1..=n)
            .map(|i| Nominee {
                person: person(i),
                village: "Thôn Minh họa 1".into(),
                role: if i == 1 {
                    "Tổ trưởng"
                } else {
                    "Tổ phó"
                }
                .into(),
                note: String::new(),
            })
            .collect(),
        signer: Signer {
            name: "Trần Văn Công An".into(),
            deputy: false,
        },
        recipients: Vec::new(),
    }
}

#[test]
fn mau_05_member_list_comes_from_the_commune_police_under_the_province_police() {
    let (w, _) = check(
        "mau-05",
        &form_05_member_list(&nominees(3)),
        &[
            "CÔNG AN TỈNH QUẢNG NGÃI",
            "CÔNG AN XÃ IA TƠI",
            "Số: /DS-CAX",
            "Ia Tơi, ngày 07 tháng 01 năm 2026",
            "DANH SÁCH",
            "Đề nghị công nhận Tổ viên Tổ bảo vệ an ninh, trật tự",
            "Biên bản kết quả xét tuyển Tổ viên Tổ bảo vệ an ninh, trật tự ngày 05 tháng 01 năm 2026",
            "Rơ Mah Minh Họa 3",
            "062092001103",
            "Danh sách này gồm 3 người./.",
            "TRƯỞNG CÔNG AN XÃ",
            "Trần Văn Công An",
        ],
    );
    assert!(!w.contains("Chức danh đề nghị"));
}

#[test]
fn mau_05_and_06_lists_print_on_a4_landscape_so_names_do_not_wrap() {
    for doc in [
        form_05_member_list(&nominees(3)),
        form_06_leader_list(&nominees(3)),
    ] {
        let xml = support::docx_part(&docx::render(&doc).unwrap(), "word/document.xml");
        assert!(
            xml.contains("<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"),
            "{xml}"
        );
        let bytes = pdf::render(&doc).unwrap();
        for mb in support::media_boxes(&bytes) {
            assert!((mb[2] - mb[0] - 841.89).abs() < 1.0, "width {mb:?}");
            assert!((mb[3] - mb[1] - 595.28).abs() < 1.0, "height {mb:?}");
        }
        let text = pdf_pages(&bytes).join("\n");
        for i in 1..=3 {
            let name = format!("Rơ Mah Minh Họa {i}");
            assert!(
                text.lines().any(|l| l.contains(&name)),
                "{name} is on one line:\n{text}"
            );
        }
        assert!(
            text.lines()
                .any(|l| l.contains("Thôn Minh họa 1, xã Ia Tơi"))
        );
    }
}

#[test]
fn tt14_4_2_proposal_recognises_civil_defence_leaders_on_the_circulars_ground() {
    let (w, _) = check(
        "de-nghi-dan-phong",
        &proposal_civil_defence_leaders(&nominees(2)),
        &[
            "CÔNG AN XÃ IA TƠI",
            "DANH SÁCH",
            "Đề nghị công nhận Đội trưởng, Đội phó dân phòng là Tổ trưởng, Tổ phó Tổ bảo vệ an ninh, trật tự",
            "Căn cứ khoản 2 Điều 4 Thông tư số 14/2024/TT-BCA, Công an xã Ia Tơi đề nghị Chủ tịch Ủy ban nhân dân xã Ia Tơi xem xét",
            "Chức danh đề nghị",
            "Rơ Mah Minh Họa 2",
            "Danh sách này gồm 2 người./.",
            "Trần Văn Công An",
        ],
    );
    assert!(
        !w.contains("Biên bản kết quả xét tuyển"),
        "no selection behind it"
    );
}

#[test]
fn mau_06_leader_list_has_the_proposed_role_column() {
    let mut list = nominees(2);
    list.signer.deputy = true;
    check(
        "mau-06",
        &form_06_leader_list(&list),
        &[
            "Giới thiệu đề nghị công nhận Tổ trưởng, Tổ phó Tổ bảo vệ an ninh, trật tự",
            "Chức danh đề nghị",
            "Tổ trưởng",
            "Tổ phó",
            "KT. TRƯỞNG CÔNG AN XÃ",
            "PHÓ TRƯỞNG CÔNG AN XÃ",
        ],
    );
}

#[test]
fn mau_07_report_names_the_legal_ground_of_law_30_article_17_and_the_dated_evidence() {
    let r = StopReport {
        commune: ia_toi(),
        number: Some("03/BC-CAX".into()),
        date: Some(d(2026, 2, 9)),
        person: person(4),
        role: "Tổ viên".into(),
        team: "Tổ bảo vệ an ninh, trật tự thôn Minh họa 1".into(),
        recognised_by: Some("Quyết định số 12/QĐ-UBND ngày 15/7/2024".into()),
        reason: StopReason::Voluntary,
        details: String::new(),
        evidence: vec![Evidence {
            date: Some(d(2026, 2, 2)),
            text: "Đơn xin thôi tham gia của ông Rơ Mah Minh Họa 4".into(),
        }],
        consulted: vec!["Trưởng thôn Minh họa 1".into()],
        signer: Signer {
            name: "Trần Văn Công An".into(),
            deputy: false,
        },
        recipients: Vec::new(),
    };
    check(
        "mau-07",
        &form_07_stop_report(&r),
        &[
            "BÁO CÁO",
            "Số: 03/BC-CAX",
            "Ia Tơi, ngày 09 tháng 02 năm 2026",
            "Kính gửi: Chủ tịch Ủy ban nhân dân xã Ia Tơi",
            "Rơ Mah Minh Họa 4",
            "Có đơn xin thôi tham gia",
            "điểm a khoản 3 Điều 17 Luật số 30/2023/QH15",
            "- Ngày 02/02/2026: Đơn xin thôi tham gia của ông Rơ Mah Minh Họa 4.",
            "Trưởng thôn Minh họa 1",
            "- Như trên;",
            "- Lưu: CAX.",
        ],
    );
}

#[test]
fn stop_reasons_follow_the_four_points_of_law_30_article_17_clause_3() {
    use antt_domain::force::EndReason;
    assert_eq!(
        StopReason::try_from(EndReason::Health).unwrap().basis(),
        "điểm b khoản 3 Điều 17 Luật số 30/2023/QH15"
    );
    assert_eq!(
        StopReason::Discipline.basis(),
        "điểm c khoản 3 Điều 17 Luật số 30/2023/QH15"
    );
    assert_eq!(
        StopReason::Legal.basis(),
        "điểm d khoản 3 Điều 17 Luật số 30/2023/QH15"
    );
    assert!(StopReason::try_from(EndReason::Transfer).is_err());
}

fn decision(kind: DecisionKind) -> Decision {
    Decision {
        commune: ia_toi(),
        kind,
        number: Some("15/QĐ-UBND".into()),
        date: Some(d(2026, 1, 5)),
        team: "Tổ bảo vệ an ninh, trật tự thôn Minh họa 1".into(),
        area: "thôn Minh họa 1, thôn Minh họa 2".into(),
        members: (1..=3)
            .map(|i| DecisionMember {
                full_name: format!("Rơ Mah Minh Họa {i}"),
                birth_date: Some(d(1992, 3, 3)),
                cccd: format!("0620920011{i:02}"),
                residence: "Thôn Minh họa 1".into(),
                role: ["Tổ trưởng", "Tổ phó", "Tổ viên"][i - 1].into(),
            })
            .collect(),
        local_government_basis: None,
        extra_bases: vec![
            "Căn cứ Nghị quyết số 24/2024/NQ-HĐND của Hội đồng nhân dân tỉnh Kon Tum;".into(),
        ],
        proposal: Some("Báo cáo số 03/BC-CAX ngày 02/01/2026".into()),
        effective: None,
        signer: Signer {
            name: "Nguyễn Văn Chủ Tịch".into(),
            deputy: false,
        },
        recipients: Vec::new(),
    }
}

const DECISION_COMMON: [&str; 14] = [
    "ỦY BAN NHÂN DÂN XÃ IA TƠI",
    "Số: 15/QĐ-UBND",
    "Ia Tơi, ngày 05 tháng 01 năm 2026",
    "QUYẾT ĐỊNH",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA TƠI",
    "Căn cứ Luật Tổ chức chính quyền địa phương",
    "Căn cứ Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở ngày 28 tháng 11 năm 2023;",
    "Căn cứ Thông tư số 14/2024/TT-BCA ngày 22 tháng 4 năm 2024 của Bộ trưởng Bộ Công an",
    "Căn cứ Nghị quyết số 24/2024/NQ-HĐND",
    "Theo đề nghị của Trưởng Công an xã Ia Tơi tại Báo cáo số 03/BC-CAX ngày 02/01/2026.",
    "QUYẾT ĐỊNH:",
    "và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    "- Như Điều 3;",
    "Nguyễn Văn Chủ Tịch",
];

#[test]
fn mau_08_set_up_decision_creates_the_team_and_recognises_leader_deputy_and_members() {
    let (_, p) = check(
        "mau-08-setup",
        &form_08_decision(&decision(DecisionKind::SetUpTeam)),
        &DECISION_COMMON,
    );
    for s in [
        "Về việc thành lập Tổ bảo vệ an ninh, trật tự thôn Minh họa 1 và công nhận Tổ trưởng, Tổ phó, Tổ viên",
        "Điều 1. Thành lập Tổ bảo vệ an ninh, trật tự thôn Minh họa 1 (địa bàn phụ trách: thôn Minh họa 1, thôn Minh họa 2)",
        "Rơ Mah Minh Họa 1 03/03/1992 062092001101 Thôn Minh họa 1 Tổ trưởng",
        "Điều 2.",
        "niêm yết công khai",
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3.",
    ] {
        assert!(p.contains(s), "{s:?} missing:\n{p}");
    }
    assert!(p.contains("CHỦ TỊCH Nguyễn Văn Chủ Tịch") || p.contains("CHỦ TỊCH"));
}

#[test]
fn mau_08_recognition_decision_names_the_members() {
    let mut dcs = decision(DecisionKind::RecogniseMembers);
    dcs.effective = Some(d(2026, 1, 15));
    check(
        "mau-08-recognise",
        &form_08_decision(&dcs),
        &[
            "Về việc công nhận thành viên Tổ bảo vệ an ninh, trật tự thôn Minh họa 1",
            "Công nhận các ông (bà) có tên sau đây là thành viên",
            "có hiệu lực kể từ ngày 15 tháng 01 năm 2026",
        ],
    );
}

#[test]
fn mau_08_stop_decision_gives_the_ground_and_a_deputy_signs_for_the_chairman() {
    let mut dcs = decision(DecisionKind::StopParticipation(StopReason::Health));
    dcs.signer.deputy = true;
    dcs.number = None;
    dcs.date = None;
    let (_, p) = check(
        "mau-08-stop",
        &form_08_decision(&dcs),
        &[
            "Về việc cho thôi tham gia Tổ bảo vệ an ninh, trật tự thôn Minh họa 1",
            "thôi tham gia",
            "không bảo đảm sức khỏe theo giấy chứng nhận của cơ sở khám bệnh, chữa bệnh",
            "điểm b khoản 3 Điều 17 Luật số 30/2023/QH15",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            "Ia Tơi, ngày … tháng … năm …",
        ],
    );
    assert!(p.contains("Số: /QĐ-UBND"), "blank number keeps the symbol");
}
