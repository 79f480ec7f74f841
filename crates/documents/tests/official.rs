//! An NĐ 30/2020 document rendered as DOCX and PDF and opened back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod support;

use antt_documents::official::{Block, Column, Document, Letterhead, PlaceDate, Signature, Table};
use antt_documents::{docx, pdf};
use chrono::NaiveDate;
use support::{docx_part, docx_text, dump, pdf_pages, squash};

fn decision(rows: usize) -> Document {
    let table = Table {
        columns: vec![
            Column::new("STT", 5, true),
            Column::new("Họ và tên", 24, false),
            Column::new("Ngày sinh", 12, true),
            Column::new("Thôn", 16, false),
            Column::new("Chức danh", 12, true),
        ],
        rows: (1..=rows)
            .map(|i| {
                vec![
                    i.to_string(),
                    format!("Rơ Mah Minh Họa {i}"),
                    "03/03/1992".into(),
                    "Thôn Minh họa 1".into(),
                    if i == 1 {
                        "Tổ trưởng"
                    } else {
                        "Tổ viên"
                    }
                    .into(),
                ]
            })
            .collect(),
    };
    Document {
        letterhead: Some(Letterhead {
            governing: None,
            issuer: "Ủy ban nhân dân xã Ia Tơi".into(),
            number: Some("15/QĐ-UBND".into()),
            symbol: None,
            dated: Some(PlaceDate::new("Ia Tơi", NaiveDate::from_ymd_opt(2026, 1, 5))),
        }),
        title: "QUYẾT ĐỊNH".into(),
        summary: Some("Về việc thành lập Tổ bảo vệ an ninh, trật tự thôn Minh họa 1".into()),
        authority: Some("Chủ tịch Ủy ban nhân dân xã Ia Tơi".into()),
        bases: vec![
            "Căn cứ Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở ngày 28 tháng 11 năm 2023;".into(),
            "Theo đề nghị của Trưởng Công an xã Ia Tơi.".into(),
        ],
        blocks: vec![
            Block::Heading("QUYẾT ĐỊNH:".into()),
            Block::Article {
                label: "Điều 1.".into(),
                text: "Thành lập Tổ bảo vệ an ninh, trật tự thôn Minh họa 1 và công nhận các ông (bà) có tên sau đây là thành viên Tổ bảo vệ an ninh, trật tự:".into(),
            },
            Block::Table(table),
            Block::Article {
                label: "Điều 2.".into(),
                text: "Quyết định này có hiệu lực kể từ ngày ký./.".into(),
            },
        ],
        recipients: vec!["Như Điều 2".into(), "Lưu: VT, CAX".into()],
        signatures: vec![Signature {
            prefix: Some("TM. Ủy ban nhân dân".into()),
            title: "Chủ tịch".into(),
            name: "Nguyễn Văn Minh Họa".into(),
            ..Signature::default()
        }],
        ..Document::default()
    }
}

const EXPECTED: [&str; 12] = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ỦY BAN NHÂN DÂN XÃ IA TƠI",
    "Số: 15/QĐ-UBND",
    "Ia Tơi, ngày 05 tháng 01 năm 2026",
    "QUYẾT ĐỊNH",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA TƠI",
    "Điều 1.",
    "Rơ Mah Minh Họa 1",
    "Nơi nhận:",
    "- Lưu: VT, CAX.",
    "Nguyễn Văn Minh Họa",
];

#[test]
fn nd30_docx_carries_the_header_motto_number_date_and_table() {
    let bytes = docx::render(&decision(3)).unwrap();
    dump("decision.docx", &bytes);
    let text = squash(&docx_text(&bytes));
    for s in EXPECTED {
        assert!(text.contains(s), "{s:?} missing from {text}");
    }
    assert!(text.contains("TM. ỦY BAN NHÂN DÂN"));
    let xml = docx_part(&bytes, "word/document.xml");
    assert!(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    assert!(xml.contains("w:ascii=\"Times New Roman\""));
    assert!(xml.contains("<w:titlePg/>"), "page 1 has no number");
    assert!(
        xml.contains("<w:u w:val=\"single\"/>"),
        "the motto is underlined"
    );
    let styles = docx_part(&bytes, "word/styles.xml");
    assert!(styles.contains("Times New Roman"));
    assert!(docx_part(&bytes, "word/header1.xml").contains(" PAGE "));
    assert!(
        docx_part(&bytes, "[Content_Types].xml").contains("wordprocessingml.document.main+xml")
    );
}

#[test]
fn nd30_pdf_text_extracts_with_vietnamese_diacritics() {
    let bytes = pdf::render(&decision(3)).unwrap();
    dump("decision.pdf", &bytes);
    let pages = pdf_pages(&bytes);
    let text = squash(&pages.join("\n"));
    for s in EXPECTED {
        assert!(text.contains(s), "{s:?} missing from {text}");
    }
}

#[test]
fn nd30_pdf_is_a4_and_embeds_liberation_serif_as_fontfile2() {
    let bytes = pdf::render(&decision(3)).unwrap();
    for mb in support::media_boxes(&bytes) {
        assert!((mb[2] - mb[0] - 595.28).abs() < 1.0, "width {mb:?}");
        assert!((mb[3] - mb[1] - 841.89).abs() < 1.0, "height {mb:?}");
    }
    let doc = pdf_extract::Document::load_mem(&bytes).unwrap();
    let mut embedded = Vec::new();
    for obj in doc.objects.values() {
        if let Ok(d) = obj.as_dict()
            && d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor".as_slice())
            && d.has(b"FontFile2")
        {
            let name = d.get(b"FontName").unwrap().as_name().unwrap();
            embedded.push(String::from_utf8_lossy(name).to_string());
        }
    }
    embedded.sort();
    assert!(
        embedded.iter().any(|n| n.ends_with("+LiberationSerif")),
        "{embedded:?}"
    );
    assert!(
        embedded
            .iter()
            .any(|n| n.ends_with("+LiberationSerif-Bold"))
    );
    assert!(
        embedded
            .iter()
            .any(|n| n.ends_with("+LiberationSerif-Italic"))
    );
    assert!(
        bytes.len() < 120_000,
        "fonts are subset: {} bytes",
        bytes.len()
    );
}

#[test]
fn nd30_long_table_breaks_over_pages_with_header_repeated_and_page_numbers_from_page_2() {
    let bytes = pdf::render(&decision(60)).unwrap();
    dump("decision-60.pdf", &bytes);
    let pages = pdf_pages(&bytes);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let all = squash(&pages.join("\n"));
    for i in 1..=60 {
        assert!(all.contains(&format!("Rơ Mah Minh Họa {i} ")), "row {i}");
    }
    // Page numbers are drawn last on each page: "2", "3"… and none on page 1.
    let last_token = |p: &str| p.split_whitespace().last().unwrap_or("").to_string();
    assert_ne!(last_token(&pages[0]), "1");
    for (i, p) in pages.iter().enumerate().skip(1) {
        assert_eq!(last_token(p), (i + 1).to_string(), "page {}", i + 1);
    }
    // The table's header row is repeated at the top of the next page.
    assert!(squash(&pages[1]).contains("STT Họ và tên Ngày sinh Thôn Chức danh"));
    // The signature block is kept whole on the last page.
    let last = squash(pages.last().unwrap());
    assert!(last.contains("TM. ỦY BAN NHÂN DÂN") && last.contains("Nguyễn Văn Minh Họa"));
}

#[test]
fn nd30_docx_long_table_repeats_its_header_row() {
    let bytes = docx::render(&decision(60)).unwrap();
    let xml = docx_part(&bytes, "word/document.xml");
    assert_eq!(xml.matches("<w:tblHeader/>").count(), 1);
    assert!(squash(&docx_text(&bytes)).contains("Rơ Mah Minh Họa 60"));
}

#[test]
fn rendering_does_not_depend_on_the_clock() {
    let d = decision(5);
    assert_eq!(pdf::render(&d).unwrap(), pdf::render(&d).unwrap());
    assert_eq!(docx::render(&d).unwrap(), docx::render(&d).unwrap());
}

#[test]
fn a_citizens_paper_has_only_the_national_name_and_motto() {
    let d = Document {
        title: "ĐƠN".into(),
        blocks: vec![Block::field("Họ và tên", "")],
        ..Document::default()
    };
    let text = squash(&pdf_pages(&pdf::render(&d).unwrap()).join("\n"));
    assert!(text.starts_with("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ĐƠN"));
    assert!(
        text.contains("Họ và tên: ....."),
        "a missing value is a dotted blank: {text}"
    );
    let docx_text = squash(&docx_text(&docx::render(&d).unwrap()));
    assert!(!docx_text.contains("None"));
}

#[test]
fn decomposed_vietnamese_input_is_written_as_nfc() {
    // "Quyết định" typed with combining marks (NFD), as some keyboards and PDFs produce it.
    let nfd = "Quye\u{302}\u{301}t đi\u{323}nh thử";
    let d = Document {
        title: nfd.into(),
        ..Document::default()
    };
    let text = squash(&pdf_pages(&pdf::render(&d).unwrap()).join("\n"));
    assert!(text.contains("Quyết định thử"), "{text}");
    let w = docx_text(&docx::render(&d).unwrap());
    assert!(w.contains("Quyết định thử"));
}
