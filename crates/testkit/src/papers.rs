//! The text of the papers the app serves, as a reader sees it, for assertions on their wording.

use crate::squash;

/// The text of a DOCX (`word/document.xml` without its tags), squashed.
pub fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let xml = xml.replace("</w:p>", " ");
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
    squash(
        &out.replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&apos;", "'"),
    )
}

/// The text of a PDF as a reader extracts it, squashed.
pub fn pdf_text(bytes: &[u8]) -> String {
    squash(&pdf_extract::extract_text_from_mem(bytes).unwrap())
}
