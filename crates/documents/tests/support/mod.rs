//! Opening generated files back: the text of a DOCX and of a PDF, and a dump for eyes.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::io::{Cursor, Read};

/// One space for every run of whitespace, so wrapped lines compare as one.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A part of a DOCX package, as text.
pub fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut part = zip.by_name(name).unwrap_or_else(|_| panic!("part {name}"));
    let mut s = String::new();
    part.read_to_string(&mut s).unwrap();
    s
}

/// The text of `word/document.xml`: tags stripped, one line per paragraph, entities decoded.
pub fn docx_text(bytes: &[u8]) -> String {
    let xml = docx_part(bytes, "word/document.xml");
    let xml = xml.replace("</w:p>", "\n").replace("<w:tab/>", "\t");
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text of each page of a PDF, as a reader extracts it.
pub fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(bytes).expect("text extracted from the PDF")
}

/// Each page's MediaBox as [x0, y0, x1, y1], in points.
pub fn media_boxes(bytes: &[u8]) -> Vec<Vec<f32>> {
    let doc = pdf_extract::Document::load_mem(bytes).unwrap();
    doc.get_pages()
        .values()
        .map(|id| {
            let page = doc.get_object(*id).unwrap().as_dict().unwrap();
            page.get(b"MediaBox")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|o| match o {
                    pdf_extract::Object::Integer(i) => *i as f32,
                    pdf_extract::Object::Real(r) => *r,
                    other => panic!("not a number: {other:?}"),
                })
                .collect()
        })
        .collect()
}

/// Writes `bytes` to `$ANTT_DOCUMENTS_DUMP/name` when that variable is set (to look at them).
pub fn dump(name: &str, bytes: &[u8]) {
    if let Ok(dir) = std::env::var("ANTT_DOCUMENTS_DUMP") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}
