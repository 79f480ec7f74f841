//! One part of a workbook read as a stream of XML events, with every size bounded before it is
//! read: the bytes an entry may inflate to (whatever its header declares), the ratio of inflated
//! to compressed bytes (a zip bomb), and the bytes one XML event may span.
//!
//! The last bound matters because quick-xml gathers a whole event (a text node, a run of
//! whitespace, a tag, a comment) into memory before handing it over: a 1 GiB text node in a 1 MB
//! file would otherwise be a 1 GiB allocation. [`Bounded`] is the `BufRead` under the XML reader;
//! it counts the bytes consumed since the event began and refuses to hand out more than
//! [`MAX_XML_RUN_BYTES`].

use std::io::{self, BufRead, Read};

use quick_xml::events::{BytesRef, BytesStart, Event};

use super::excel::unescape_excel;
use super::{
    MAX_INFLATED_BYTES, MAX_XML_RUN_BYTES, TableError, ZIP_BOMB_MIN_BYTES, ZIP_BOMB_RATIO,
    malformed, table_error, thousands,
};

/// Why a bounded read stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Trip {
    /// The entry inflated past its own limit.
    EntryTooLarge,
    /// The entries read so far inflated past [`MAX_INFLATED_BYTES`] together.
    TotalTooLarge,
    /// The entry inflated past [`ZIP_BOMB_MIN_BYTES`] and [`ZIP_BOMB_RATIO`] times its size.
    ZipBomb,
    /// One XML event spans more than [`MAX_XML_RUN_BYTES`].
    RunTooLong,
}

/// The size of one read from the inflater.
const CHUNK: usize = 16 * 1024;

/// A zip entry's inflated bytes, counted: see the module documentation.
pub(super) struct Bounded<R> {
    inner: io::Take<R>,
    buf: Vec<u8>,
    pos: usize,
    filled: usize,
    inflated: u64,
    limit: u64,
    over_limit: Trip,
    bomb_at: u64,
    event: usize,
    trip: Option<Trip>,
}

impl<R: Read> Bounded<R> {
    /// At most `limit` inflated bytes (more is `over_limit`) of an entry of `compressed` bytes.
    pub(super) fn new(inner: R, limit: u64, over_limit: Trip, compressed: u64) -> Self {
        Bounded {
            inner: inner.take(limit.saturating_add(1)),
            buf: vec![0; CHUNK],
            pos: 0,
            filled: 0,
            inflated: 0,
            limit,
            over_limit,
            bomb_at: compressed
                .saturating_mul(ZIP_BOMB_RATIO)
                .max(ZIP_BOMB_MIN_BYTES),
            event: 0,
            trip: None,
        }
    }

    /// The bytes inflated so far.
    pub(super) fn inflated(&self) -> u64 {
        self.inflated
    }

    fn stop(&mut self, trip: Trip) -> io::Error {
        self.trip = Some(trip);
        io::Error::other("workbook part over its bound")
    }

    fn refill(&mut self) -> io::Result<()> {
        let n = loop {
            match self.inner.read(&mut self.buf) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                other => break other?,
            }
        };
        self.inflated = self.inflated.saturating_add(n as u64);
        self.pos = 0;
        self.filled = n;
        if self.inflated > self.limit {
            return Err(self.stop(self.over_limit));
        }
        if self.inflated > self.bomb_at {
            return Err(self.stop(Trip::ZipBomb));
        }
        Ok(())
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), available.get(..n)) {
            to.copy_from_slice(from);
        }
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Bounded<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.trip.is_some() {
            return Err(io::Error::other("workbook part over its bound"));
        }
        if self.event >= MAX_XML_RUN_BYTES {
            return Err(self.stop(Trip::RunTooLong));
        }
        if self.pos >= self.filled {
            self.refill()?;
        }
        let room = MAX_XML_RUN_BYTES - self.event;
        let end = self.filled.min(self.pos.saturating_add(room));
        Ok(self.buf.get(self.pos..end).unwrap_or_default())
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.filled.saturating_sub(self.pos));
        self.pos += n;
        self.event += n;
    }
}

/// The XML events of one part, each at most [`MAX_XML_RUN_BYTES`].
pub(super) struct Xml<R> {
    reader: quick_xml::Reader<Bounded<R>>,
    buf: Vec<u8>,
    part: String,
    limit: u64,
}

impl<R: Read> Xml<R> {
    /// The events of `part` (its name, for messages), read through `source`.
    pub(super) fn new(source: Bounded<R>, part: &str) -> Self {
        let limit = source.limit;
        let mut reader = quick_xml::Reader::from_reader(source);
        let config = reader.config_mut();
        config.check_end_names = false;
        config.trim_text(false);
        config.expand_empty_elements = true;
        Xml {
            reader,
            buf: Vec::with_capacity(1024),
            part: part.to_string(),
            limit,
        }
    }

    /// The next event; a failure already says why, for the user.
    pub(super) fn next(&mut self) -> Result<Event<'_>, TableError> {
        self.buf.clear();
        self.reader.get_mut().event = 0;
        match self.reader.read_event_into(&mut self.buf) {
            Ok(event) => Ok(event),
            Err(_) => Err(failure(self.reader.get_ref(), &self.part, self.limit)),
        }
    }

    /// Whether the last failure was an event longer than [`MAX_XML_RUN_BYTES`].
    pub(super) fn run_too_long(&self) -> bool {
        self.reader.get_ref().trip == Some(Trip::RunTooLong)
    }

    /// The bytes inflated so far.
    pub(super) fn inflated(&self) -> u64 {
        self.reader.get_ref().inflated()
    }
}

/// The user's message for a failure of the part `part` read through `source`.
fn failure<R>(source: &Bounded<R>, part: &str, limit: u64) -> TableError {
    match source.trip {
        None => malformed(),
        Some(Trip::EntryTooLarge) => table_error(
            "spreadsheet_too_large",
            format!(
                "Tệp Excel quá lớn: phần «{part}» vượt quá {} MiB khi giải nén.",
                limit >> 20
            ),
        ),
        Some(Trip::TotalTooLarge) => table_error(
            "spreadsheet_too_large",
            format!(
                "Tệp Excel quá lớn: các phần cần đọc vượt quá {} MiB khi giải nén.",
                MAX_INFLATED_BYTES >> 20
            ),
        ),
        Some(Trip::ZipBomb) => table_error(
            "spreadsheet_too_large",
            format!(
                "Tệp Excel bất thường: phần «{part}» giải nén ra lớn gấp hơn {ZIP_BOMB_RATIO} \
                 lần dữ liệu nén (tệp «bom nén»)."
            ),
        ),
        Some(Trip::RunTooLong) => table_error(
            "malformed_spreadsheet",
            format!(
                "Không đọc được tệp Excel (.xlsx): phần «{part}» có một đoạn văn bản hoặc \
                 thẻ XML dài quá {} KiB.",
                thousands((MAX_XML_RUN_BYTES >> 10) as u64)
            ),
        ),
    }
}

/// The text of an element: kept, or dropped as longer than the caller's cap.
pub(super) enum Text {
    Kept(String),
    TooLong,
}

impl<R: Read> Xml<R> {
    /// The text up to the end tag `</name>` of the element just opened: text, CDATA and
    /// references, line ends read as XML 1.0 reads them. Past `cap` bytes the text is dropped
    /// and the element read on to its end.
    pub(super) fn element_text(&mut self, name: &str, cap: usize) -> Result<Text, TableError> {
        let mut out = String::new();
        let mut long = false;
        loop {
            let piece = match self.next()? {
                Event::Text(t) => t.xml10_content().into_owned(),
                Event::CData(t) => t.xml10_content().into_owned(),
                Event::GeneralRef(r) => reference(&r)?,
                Event::End(e) if e.local_name().as_ref() == name => break,
                Event::Eof => return Err(malformed()),
                _ => continue,
            };
            if long || out.len().saturating_add(piece.len()) > cap {
                long = true;
                out = String::new();
            } else {
                out.push_str(&piece);
            }
        }
        Ok(if long { Text::TooLong } else { Text::Kept(out) })
    }

    /// A string item (`<si>` of the shared strings, `<is>` of a cell) up to `</name>`: its `<t>`
    /// runs, rich-text `<r><t>` runs included and phonetic `<rPh>` runs left out, each trimmed of
    /// ASCII whitespace unless `xml:space="preserve"` and its `_xHHHH_` escapes decoded.
    pub(super) fn string_item(&mut self, name: &str, cap: usize) -> Result<Text, TableError> {
        let mut out = String::new();
        let (mut long, mut phonetic) = (false, false);
        loop {
            let preserve = match self.next()? {
                Event::Start(e) => match e.local_name().as_ref() {
                    "rPh" => {
                        phonetic = true;
                        continue;
                    }
                    "t" if !phonetic => attr(&e, "xml:space")?.is_some_and(|v| v == "preserve"),
                    _ => continue,
                },
                Event::End(e) if e.local_name().as_ref() == name => break,
                Event::End(e) if e.local_name().as_ref() == "rPh" => {
                    phonetic = false;
                    continue;
                }
                Event::Eof => return Err(malformed()),
                _ => continue,
            };
            let run = match self.element_text("t", cap)? {
                Text::Kept(run) if preserve => unescape_excel(&run),
                Text::Kept(run) => unescape_excel(run.trim_matches([' ', '\t', '\r', '\n'])),
                Text::TooLong => {
                    long = true;
                    continue;
                }
            };
            if long || out.len().saturating_add(run.len()) > cap {
                long = true;
                out = String::new();
            } else {
                out.push_str(&run);
            }
        }
        Ok(if long { Text::TooLong } else { Text::Kept(out) })
    }
}

/// An attribute's value with its entities decoded; `name` matches the attribute's local name, so
/// `id` finds `r:id`.
pub(super) fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, TableError> {
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|_| malformed())?;
        if a.key.local_name().as_ref() == name || a.key.as_ref() == name {
            let value = quick_xml::escape::unescape(&a.value).map_err(|_| malformed())?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

/// The text of an entity or character reference (`&amp;`, `&#x1EA0;`); any other entity is not
/// defined in a workbook part.
pub(super) fn reference(r: &BytesRef<'_>) -> Result<String, TableError> {
    if let Some(s) = quick_xml::escape::resolve_xml_entity(r) {
        return Ok(s.to_string());
    }
    match r.resolve_char_ref() {
        Ok(Some(c)) => Ok(c.to_string()),
        _ => Err(malformed()),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn xml_of(bytes: Vec<u8>, limit: u64, compressed: u64) -> Xml<Cursor<Vec<u8>>> {
        Xml::new(
            Bounded::new(Cursor::new(bytes), limit, Trip::EntryTooLarge, compressed),
            "part.xml",
        )
    }

    /// Reads every event, returning the first failure.
    fn drain(xml: &mut Xml<Cursor<Vec<u8>>>) -> Result<(), TableError> {
        while !matches!(xml.next()?, Event::Eof) {}
        Ok(())
    }

    #[test]
    fn an_entry_is_read_up_to_its_limit_and_no_further() {
        let bytes = b"<a>".iter().chain(&[b' '; 3_000]).copied().collect();
        let mut xml = xml_of(bytes, 2_000, u64::MAX);
        let e = drain(&mut xml).err().map(|e| e.code);
        assert_eq!(e, Some("spreadsheet_too_large"));
        assert!(xml.inflated() <= 2_001, "{}", xml.inflated());
        let mut xml = xml_of(b"<a>  </a>".to_vec(), 9, u64::MAX);
        assert_eq!(drain(&mut xml), Ok(()));
    }

    #[test]
    fn an_entry_inflating_past_a_mebibyte_and_200_times_its_size_is_a_zip_bomb() {
        let piece = b"<a/>".iter().chain(&[b' '; 1_000]).copied();
        let bytes: Vec<u8> = piece.cycle().take(3 << 20).collect();
        let mut xml = xml_of(bytes.clone(), u64::MAX, 1_000);
        let e = drain(&mut xml).err().map(|e| e.message);
        assert!(e.is_some_and(|m| m.contains("bom nén")));
        assert!(xml.inflated() <= (1 << 20) + 16 * 1024);
        // The same at a ratio under 200 reads.
        let mut xml = xml_of(bytes, u64::MAX, 1 << 15);
        assert_eq!(drain(&mut xml), Ok(()));
    }

    #[test]
    fn one_event_is_at_most_256_kib_however_long_the_part() {
        let long: Vec<u8> = b"<a>"
            .iter()
            .chain(&vec![b'x'; MAX_XML_RUN_BYTES])
            .chain(b"</a>")
            .copied()
            .collect();
        let mut xml = xml_of(long, u64::MAX, u64::MAX);
        assert_eq!(
            drain(&mut xml).err().map(|e| e.code),
            Some("malformed_spreadsheet")
        );
        assert!(xml.run_too_long());
        // Many events each under the bound, longer together, read.
        let piece = b"<a/>".iter().chain(&[b'x'; 200 << 10]).copied();
        let many: Vec<u8> = piece.cycle().take(2 << 20).collect();
        let mut xml = xml_of(many, u64::MAX, u64::MAX);
        assert_eq!(drain(&mut xml), Ok(()));
    }
}
