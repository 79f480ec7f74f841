//! The first sheet of an XLSX workbook, read by our own streaming reader with every input bounded
//! before it is read.
//!
//! Why not calamine, which read it before: its `worksheet_range` allocates a dense grid of the
//! sheet's extent and buffers whole XML events, so a 10 KB file with one cell at `XFD1048576`
//! asked for 550 GB and aborted the process, a cell at `CV1000000` took 3.4 GB, and a 1 GiB
//! inline string in a 1 MB file 3.1 GB. Here the archive's entry count, each entry's inflated
//! size (counted, never taken from its header), its ratio to the compressed size, each XML event,
//! each cell and the grid have limits (the `MAX_*` constants of [`super`]), checked before
//! anything is allocated for what they bound.
//!
//! The parts read, in order: `_rels/.rels` (where the workbook is; `xl/workbook.xml` without it),
//! the workbook (its first sheet, `date1904`), the workbook's relationships (the sheet's path),
//! `styles.xml` (which styles show dates), `sharedStrings.xml`, then the sheet ([`super::sheet`]).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;
use zip::read::ZipFile;

use super::entry::{Bounded, Text, Trip, Xml, attr};
use super::excel::{builtin_is_date, custom_is_date};
use super::sheet::{Context, read_sheet};
use super::{
    MAX_CELL_CHARS, MAX_INFLATED_BYTES, MAX_PART_BYTES, MAX_SHARED_STRINGS_BYTES,
    MAX_SHEET_XML_BYTES, MAX_ZIP_ENTRIES, RAW_CELL_BYTES, TableError, malformed, table_error,
    thousands,
};

type Part<'z, 'b> = Xml<ZipFile<'z, Cursor<&'b [u8]>>>;

/// Reads the first sheet: see the module documentation.
pub(super) fn read_xlsx<'b>(bytes: &'b [u8]) -> Result<Vec<Vec<String>>, TableError> {
    let mut package: Package<'b> = Package::open(bytes)?;
    let found = locate(&mut package)?;
    let styles = format!("{}styles.xml", found.dir);
    let dates = package.part(&styles, MAX_PART_BYTES, |x: &mut Part<'_, 'b>| {
        date_styles(x)
    })?;
    let strings = format!("{}sharedStrings.xml", found.dir);
    let strings = package.part(
        &strings,
        MAX_SHARED_STRINGS_BYTES,
        |x: &mut Part<'_, 'b>| shared_strings(x),
    )?;
    let cx = Context {
        strings: &strings.unwrap_or_default(),
        dates: &dates.unwrap_or_default(),
        is_1904: found.is_1904,
    };
    package
        .part(&found.sheet, MAX_SHEET_XML_BYTES, |x: &mut Part<'_, 'b>| {
            read_sheet(x, &cx)
        })?
        .ok_or_else(malformed)
}

/// The workbook's folder (`xl/`), the path of its first sheet, and its date system.
struct Located {
    dir: String,
    sheet: String,
    is_1904: bool,
}

fn locate<'b>(package: &mut Package<'b>) -> Result<Located, TableError> {
    let book = package
        .part("_rels/.rels", MAX_PART_BYTES, |x: &mut Part<'_, 'b>| {
            office_document(x)
        })?
        .flatten()
        .map_or_else(|| "xl/workbook.xml".to_string(), |t| resolve("", &t));
    let (dir, name) = match book.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name),
        None => (String::new(), book.as_str()),
    };
    let workbook = package
        .part(&book, MAX_PART_BYTES, |x: &mut Part<'_, 'b>| {
            read_workbook(x)
        })?
        .ok_or_else(malformed)?;
    let sheet_id = workbook.first_sheet.ok_or_else(malformed)?;
    let rels = format!("{dir}_rels/{name}.rels");
    let target = package
        .part(&rels, MAX_PART_BYTES, |x: &mut Part<'_, 'b>| {
            relationship(x, &sheet_id)
        })?
        .flatten()
        .ok_or_else(malformed)?;
    Ok(Located {
        sheet: resolve(&dir, &target),
        dir,
        is_1904: workbook.is_1904,
    })
}

/// The archive, and the bytes inflated from it so far.
struct Package<'b> {
    zip: ZipArchive<Cursor<&'b [u8]>>,
    inflated: u64,
}

impl<'b> Package<'b> {
    fn open(bytes: &'b [u8]) -> Result<Self, TableError> {
        let too_many = || {
            table_error(
                "spreadsheet_too_large",
                format!(
                    "Tệp Excel có quá nhiều thành phần: tối đa {} thành phần.",
                    thousands(MAX_ZIP_ENTRIES as u64)
                ),
            )
        };
        // The central directory's own count, before the zip crate reads an entry of it.
        if declared_entries(bytes).is_some_and(|n| n > MAX_ZIP_ENTRIES as u64) {
            return Err(too_many());
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| malformed())?;
        if zip.len() > MAX_ZIP_ENTRIES {
            return Err(too_many());
        }
        Ok(Package { zip, inflated: 0 })
    }

    /// The entry named `path`, compared as calamine compares (ASCII case and `\` aside).
    fn index_of(&self, path: &str) -> Option<usize> {
        let key = |name: &str| name.replace('\\', "/").to_ascii_lowercase();
        let wanted = key(path);
        self.zip.index_for_name(path).or_else(|| {
            (0..self.zip.len()).find(|&i| {
                self.zip
                    .name_for_index(i)
                    .and_then(Result::ok)
                    .is_some_and(|n| key(&n) == wanted)
            })
        })
    }

    /// Reads the part `path`, if the archive has it, as XML events of at most `limit` bytes
    /// inflated (and what is left of [`MAX_INFLATED_BYTES`]).
    fn part<T>(
        &mut self,
        path: &str,
        limit: u64,
        read: impl FnOnce(&mut Part<'_, 'b>) -> Result<T, TableError>,
    ) -> Result<Option<T>, TableError> {
        let Some(index) = self.index_of(path) else {
            return Ok(None);
        };
        let left = MAX_INFLATED_BYTES.saturating_sub(self.inflated);
        let (limit, over) = if limit <= left {
            (limit, Trip::EntryTooLarge)
        } else {
            (left, Trip::TotalTooLarge)
        };
        let file = self.zip.by_index(index).map_err(|_| malformed())?;
        let compressed = file.compressed_size();
        let mut xml = Xml::new(Bounded::new(file, limit, over, compressed), path);
        let result = read(&mut xml);
        self.inflated = self.inflated.saturating_add(xml.inflated());
        result.map(Some)
    }
}

/// The entry count of the End of Central Directory record (or its Zip64 record), if found.
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    let last = bytes.len().checked_sub(22)?;
    let eocd = (last.saturating_sub(usize::from(u16::MAX))..=last)
        .rev()
        .find(|&i| bytes.get(i..i + 4) == Some(b"PK\x05\x06"))?;
    let count = bytes.get(eocd + 10..eocd + 12)?;
    let count = u16::from_le_bytes([*count.first()?, *count.get(1)?]);
    if count != u16::MAX {
        return Some(count.into());
    }
    let locator = eocd.checked_sub(20)?;
    if bytes.get(locator..locator + 4) != Some(b"PK\x06\x07") {
        return Some(count.into());
    }
    let at = usize::try_from(le_u64(bytes, locator + 8)?).ok()?;
    if bytes.get(at..at.checked_add(4)?) != Some(b"PK\x06\x06") {
        return None;
    }
    le_u64(bytes, at.checked_add(32)?)
}

fn le_u64(bytes: &[u8], at: usize) -> Option<u64> {
    let b: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(b))
}

/// `target` of a relationship from the folder `dir` (`xl/`): an absolute target is from the
/// package root; `.` and `..` are resolved.
fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The target of the package's `officeDocument` relationship.
fn office_document<R: Read>(xml: &mut Xml<R>) -> Result<Option<String>, TableError> {
    loop {
        match xml.next()? {
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                let kind = attr(&e, "Type")?.unwrap_or_default();
                if kind.ends_with("/relationships/officeDocument") {
                    return attr(&e, "Target");
                }
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// What the workbook part says: the relationship id of its first sheet, and its date system.
struct Workbook {
    first_sheet: Option<String>,
    is_1904: bool,
}

fn read_workbook<R: Read>(xml: &mut Xml<R>) -> Result<Workbook, TableError> {
    let mut book = Workbook {
        first_sheet: None,
        is_1904: false,
    };
    loop {
        match xml.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "sheet" if book.first_sheet.is_none() => {
                    book.first_sheet = Some(attr(&e, "id")?.unwrap_or_default());
                }
                // `<x15:workbookPr>` in an extension has the same local name and no `date1904`.
                "workbookPr" => {
                    if let Some(v) = attr(&e, "date1904")? {
                        book.is_1904 = v == "1" || v == "true";
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(book),
            _ => {}
        }
    }
}

/// The target of the relationship `id`.
fn relationship<R: Read>(xml: &mut Xml<R>, id: &str) -> Result<Option<String>, TableError> {
    loop {
        match xml.next()? {
            Event::Start(e)
                if e.local_name().as_ref() == "Relationship"
                    && attr(&e, "Id")?.as_deref() == Some(id) =>
            {
                return attr(&e, "Target");
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// By cell style (`cellXfs` in order): whether its number format shows a date.
fn date_styles<R: Read>(xml: &mut Xml<R>) -> Result<Vec<bool>, TableError> {
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut dates = Vec::new();
    let (mut in_formats, mut in_xfs) = (false, false);
    loop {
        match xml.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "numFmts" => in_formats = true,
                "cellXfs" => in_xfs = true,
                "numFmt" if in_formats => {
                    if let (Some(id), Some(code)) = (attr(&e, "numFmtId")?, attr(&e, "formatCode")?)
                    {
                        custom.insert(id, code);
                    }
                }
                "xf" if in_xfs => dates.push(attr(&e, "numFmtId")?.is_some_and(|id| {
                    custom
                        .get(&id)
                        .map_or_else(|| builtin_is_date(&id), |code| custom_is_date(code))
                })),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "numFmts" => in_formats = false,
                "cellXfs" => in_xfs = false,
                _ => {}
            },
            Event::Eof => return Ok(dates),
            _ => {}
        }
    }
}

/// The shared strings, in one buffer: their number is bounded by the part's size, and nothing is
/// reserved from its `count` or `uniqueCount`.
#[derive(Default)]
pub(super) struct SharedStrings {
    text: String,
    ends: Vec<usize>,
    /// The indexes (ascending) of strings longer than a cell may be; their text is not kept.
    too_long: Vec<usize>,
}

/// A shared string looked up by a cell.
pub(super) enum Shared<'a> {
    Text(&'a str),
    TooLong,
    Missing,
}

impl SharedStrings {
    fn push(&mut self, item: Text) {
        match item {
            Text::Kept(s) if s.chars().count() <= MAX_CELL_CHARS => self.text.push_str(&s),
            _ => self.too_long.push(self.ends.len()),
        }
        self.ends.push(self.text.len());
    }

    pub(super) fn get(&self, index: usize) -> Shared<'_> {
        let Some(&end) = self.ends.get(index) else {
            return Shared::Missing;
        };
        if self.too_long.binary_search(&index).is_ok() {
            return Shared::TooLong;
        }
        let start = index
            .checked_sub(1)
            .and_then(|i| self.ends.get(i))
            .copied()
            .unwrap_or(0);
        self.text
            .get(start..end)
            .map_or(Shared::Missing, Shared::Text)
    }
}

fn shared_strings<R: Read>(xml: &mut Xml<R>) -> Result<SharedStrings, TableError> {
    let mut strings = SharedStrings::default();
    loop {
        let item = match xml.next()? {
            Event::Start(e) => e.local_name().as_ref() == "si",
            Event::Eof => return Ok(strings),
            _ => false,
        };
        if item {
            strings.push(xml.string_item("si", RAW_CELL_BYTES)?);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_targets_resolve_from_the_workbook_folder() {
        assert_eq!(
            resolve("xl/", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/", "/xl/worksheets/a.xml"),
            "xl/worksheets/a.xml"
        );
        assert_eq!(resolve("xl/", "../other/./b.xml"), "other/b.xml");
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
    }

    #[test]
    fn shared_strings_are_found_by_index() {
        let mut s = SharedStrings::default();
        s.push(Text::Kept("a".into()));
        s.push(Text::TooLong);
        s.push(Text::Kept(String::new()));
        s.push(Text::Kept("xyz".into()));
        assert!(matches!(s.get(0), Shared::Text("a")));
        assert!(matches!(s.get(1), Shared::TooLong));
        assert!(matches!(s.get(2), Shared::Text("")));
        assert!(matches!(s.get(3), Shared::Text("xyz")));
        assert!(matches!(s.get(4), Shared::Missing));
    }
}
