//! CSV as spreadsheets write it: decoding (UTF-8 with or without BOM, GBK/GB18030 from Chinese
//! Excel), separator detection, RFC 4180 quoting with newlines inside fields; and writing CSV
//! that Excel opens correctly, with formula-looking cells neutralised.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
    /// Western European Excel on Windows; only ever chosen by the user.
    Windows1252,
}

impl Encoding {
    /// The encodings a user can pick when the bytes do not tell.
    pub const CHOICES: [Encoding; 3] = [Encoding::Utf8, Encoding::Gb18030, Encoding::Windows1252];

    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Gb18030 => "GBK / GB18030",
            Encoding::Windows1252 => "Windows-1252 (Latin)",
        }
    }
}

/// Decodes the legacy encodings a spreadsheet may be saved in. Their tables stay out of the
/// domain (and out of the app's wasm): the app passes the browser's own `TextDecoder`
/// (`ui::browser::BrowserCodec`), native builds — tests, fuzzing, benchmarks — [`NativeCodec`].
pub trait Codec {
    /// `bytes` decoded as `encoding` (never a UTF-8 one). `strict`: `None` as soon as some bytes
    /// are invalid in it; otherwise they become U+FFFD.
    fn decode_legacy(&self, bytes: &[u8], encoding: Encoding, strict: bool) -> Option<String>;
}

/// [`Codec`] by encoding_rs, for native builds only (the wasm uses the browser's decoder).
#[cfg(not(target_arch = "wasm32"))]
pub struct NativeCodec;

#[cfg(not(target_arch = "wasm32"))]
impl Codec for NativeCodec {
    fn decode_legacy(&self, bytes: &[u8], encoding: Encoding, strict: bool) -> Option<String> {
        let codec = match encoding {
            Encoding::Gb18030 => encoding_rs::GB18030,
            Encoding::Windows1252 => encoding_rs::WINDOWS_1252,
            Encoding::Utf8 | Encoding::Utf8Bom => encoding_rs::UTF_8,
        };
        if strict {
            codec.decode_without_bom_handling_and_without_replacement(bytes).map(|s| s.into_owned())
        } else {
            Some(codec.decode_without_bom_handling(bytes).0.into_owned())
        }
    }
}

/// Decodes file bytes, never guessing silently: a UTF-8 BOM followed by valid UTF-8, valid
/// UTF-8, or valid GB18030 (a superset of GBK, what Chinese Excel writes). `None` when the bytes
/// are valid in none of them: the user must choose.
pub fn decode(bytes: &[u8], codec: &dyn Codec) -> Option<(String, Encoding)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).ok().map(|s| (s.to_string(), Encoding::Utf8Bom));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some((s.to_string(), Encoding::Utf8));
    }
    codec.decode_legacy(bytes, Encoding::Gb18030, true).map(|s| (s, Encoding::Gb18030))
}

/// Decodes `bytes` as the user chose (bytes invalid in it become U+FFFD, visible in the preview).
pub fn decode_as(bytes: &[u8], encoding: Encoding, codec: &dyn Codec) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => String::from_utf8_lossy(bytes).into_owned(),
        legacy => codec.decode_legacy(bytes, legacy, false).unwrap_or_default(),
    }
}

/// Why a file cannot be read as a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvError {
    /// The bytes are not valid UTF-8 or GB18030; the user picks the encoding.
    UnknownEncoding,
    Empty,
    /// A header line and no data rows.
    HeaderOnly,
    /// A quoted field opened on this line (1-based) never closes.
    UnterminatedQuote { line: usize },
}

/// A file read as a table: its encoding, header and data rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub encoding: Encoding,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Reads a CSV file: decoded as `encoding`, or as the bytes show (see [`decode`]); separator
/// detected; every problem named.
pub fn read(bytes: &[u8], encoding: Option<Encoding>, codec: &dyn Codec) -> Result<Table, CsvError> {
    let (text, encoding) = match encoding {
        Some(e) => (decode_as(bytes, e, codec), e),
        None => decode(bytes, codec).ok_or(CsvError::UnknownEncoding)?,
    };
    let mut records = parse(&text, detect_separator(&text))?;
    if records.is_empty() {
        return Err(CsvError::Empty);
    }
    let header = records.remove(0);
    if records.is_empty() {
        return Err(CsvError::HeaderOnly);
    }
    Ok(Table { encoding, header, rows: records })
}

/// The separator among comma, semicolon and tab that splits the header line into the most
/// fields (quotes respected).
pub fn detect_separator(text: &str) -> char {
    [',', ';', '\t']
        .into_iter()
        .max_by_key(|sep| (parse_first_line(text, *sep), if *sep == ',' { 1 } else { 0 }))
        .unwrap_or(',')
}

fn parse_first_line(text: &str, sep: char) -> usize {
    let mut in_quotes = false;
    let mut n = 1;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' | '\r' if !in_quotes => break,
            c if c == sep && !in_quotes => n += 1,
            _ => {}
        }
    }
    n
}

/// Parses CSV text into records of fields. Quoted fields may hold separators, doubled quotes
/// and line breaks. Blank lines are skipped. A quote that never closes is an error naming the
/// line it opened on (rather than swallowing the rest of the file into one field).
pub fn parse(text: &str, sep: char) -> Result<Vec<Vec<String>>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let (mut line, mut quote_line) = (1, 1);
    let mut chars = text.chars().peekable();
    let mut finish_record = |record: &mut Vec<String>, field: &mut String| {
        record.push(std::mem::take(field));
        if !(record.len() == 1 && record[0].is_empty()) {
            records.push(std::mem::take(record));
        } else {
            record.clear();
        }
    };
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                in_quotes = true;
                quote_line = line;
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                finish_record(&mut record, &mut field);
            }
            '\n' => finish_record(&mut record, &mut field),
            c if c == sep => record.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    if in_quotes {
        return Err(CsvError::UnterminatedQuote { line: quote_line });
    }
    if !field.is_empty() || !record.is_empty() {
        finish_record(&mut record, &mut field);
    }
    Ok(records)
}

const FORMULA_START: [char; 4] = ['=', '+', '-', '@'];

/// Whether a spreadsheet could run the cell as a formula: it starts with = + - @, or with a
/// tab or line break, or with spaces before one of those.
fn formula_like(cell: &str) -> bool {
    cell.starts_with(['\t', '\r', '\n']) || cell.trim_start().starts_with(FORMULA_START)
}

/// Cells that get a leading apostrophe on export: what a spreadsheet would run as a formula,
/// and what already starts with an apostrophe (so that [`unneutralise`] can tell the two apart
/// and gives back exactly what was written).
fn needs_apostrophe(cell: &str) -> bool {
    formula_like(cell) || cell.starts_with('\'')
}

/// A cell that a spreadsheet would run as a formula gets a leading apostrophe (Excel shows
/// the cell as written and does not run it).
pub fn neutralise(cell: &str) -> String {
    if needs_apostrophe(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The cell as it was before [`neutralise`]: what the app exports, it reads back unchanged.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_apostrophe(rest) => rest,
        _ => cell,
    }
}

/// CSV for Excel: UTF-8 with BOM, CRLF line ends, every cell neutralised and quoted when needed.
pub fn write(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    let line = |cells: &mut dyn Iterator<Item = String>| {
        cells
            .map(|c| {
                let c = neutralise(&c);
                // Separators a reader might detect are quoted too.
                if c.contains([',', '"', '\n', '\r', ';', '\t']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    out.push_str(&line(&mut header.iter().map(|h| h.to_string())));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&line(&mut row.iter().cloned()));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bom_utf8_and_gbk() {
        let (t, e) = decode("\u{feff}名称,电话\n".as_bytes(), &NativeCodec).unwrap();
        assert_eq!((t.as_str(), e), ("名称,电话\n", Encoding::Utf8Bom));
        let (t, e) = decode("名称,电话\n".as_bytes(), &NativeCodec).unwrap();
        assert_eq!((t.as_str(), e), ("名称,电话\n", Encoding::Utf8));
        let gbk = include_bytes!("../../tests/fixtures/customers-gbk.csv");
        let (t, e) = decode(gbk, &NativeCodec).unwrap();
        assert_eq!(e, Encoding::Gb18030);
        assert!(t.starts_with("客户名称,联系人,电话"), "{t}");
        assert!(t.contains("杭州启明信息技术有限公司"));
    }

    #[test]
    fn detects_separators() {
        assert_eq!(detect_separator("a,b,c\n1,2,3"), ',');
        assert_eq!(detect_separator("a;b;c\n1;2;3"), ';');
        assert_eq!(detect_separator("a\tb\tc\n1\t2\t3"), '\t');
        assert_eq!(detect_separator("\"x;y\",b,c\n"), ',');
        assert_eq!(detect_separator("name\n"), ',');
    }

    #[test]
    fn parses_quotes_newlines_and_crlf() {
        let text = "name,notes\r\n\"Li, Lei\",\"line one\nline \"\"two\"\"\"\r\n\r\nplain,\r\n";
        assert_eq!(parse(text, ',').unwrap(), vec![
            vec!["name".to_string(), "notes".into()],
            vec!["Li, Lei".into(), "line one\nline \"two\"".into()],
            vec!["plain".into(), "".into()],
        ]);
        assert_eq!(parse("a;b\n1;2", ';').unwrap(), vec![vec!["a".to_string(), "b".into()], vec!["1".into(), "2".into()]]);
    }

    #[test]
    fn writes_for_excel_with_formulas_neutralised() {
        let csv = write(&["name", "note"], &[vec!["=HYPERLINK(\"x\")".into(), "-1".into()], vec!["a,b".into(), "@sum".into()]]);
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(csv, "\u{feff}name,note\r\n\"'=HYPERLINK(\"\"x\"\")\",'-1\r\n\"a,b\",'@sum\r\n");
        // And it reads back to the same (neutralised) cells.
        let back = parse(&csv, ',').unwrap();
        assert_eq!(back[1], vec!["'=HYPERLINK(\"x\")".to_string(), "'-1".into()]);
    }

    #[test]
    fn spaces_and_line_breaks_before_a_formula_are_neutralised_too_and_everything_reads_back() {
        let tricky = [" =1+1", "\n=cmd|' /C calc'!A0", "\t@SUM(A1)", "  -2", "+86 138 0013 8000", "'quoted", "plain", "", "a'b", "'", "=", " "];
        for cell in tricky {
            let written = neutralise(cell);
            let dangerous = written.trim_start().starts_with(FORMULA_START) || written.starts_with(['\t', '\r', '\n']);
            assert!(!dangerous, "{cell:?} exported as {written:?}");
            assert_eq!(unneutralise(&written), cell, "{cell:?} does not read back");
        }
        // Through a whole file (a blank line is skipped when reading, so no empty cell here).
        let cells: Vec<&str> = tricky.into_iter().filter(|c| !c.is_empty()).collect();
        let csv = write(&["v"], &cells.iter().map(|c| vec![c.to_string()]).collect::<Vec<_>>());
        let back: Vec<String> = parse(&csv, ',').unwrap()[1..].iter().map(|r| unneutralise(&r[0]).to_string()).collect();
        assert_eq!(back, cells);
    }

    // Issue 10, finding 4: files that were read wrong without a word.
    #[test]
    fn an_unterminated_quote_is_an_error_on_its_line() {
        let text = "name,phone\nA,1\n\"B,2\nC,3\nD,4\n";
        assert_eq!(parse(text, ','), Err(CsvError::UnterminatedQuote { line: 3 }));
        assert_eq!(read(text.as_bytes(), None, &NativeCodec), Err(CsvError::UnterminatedQuote { line: 3 }));
        // A closed quote spanning lines is fine.
        assert_eq!(parse("a\n\"x\ny\"\n", ',').unwrap().len(), 2);
    }

    #[test]
    fn bytes_valid_in_no_encoding_are_not_guessed() {
        // A UTF-8 BOM followed by GBK bytes.
        let mut bom_gbk = b"\xEF\xBB\xBF".to_vec();
        bom_gbk.extend_from_slice(include_bytes!("../../tests/fixtures/customers-gbk.csv"));
        assert_eq!(decode(&bom_gbk, &NativeCodec), None);
        assert_eq!(read(&bom_gbk, None, &NativeCodec), Err(CsvError::UnknownEncoding));
        // Windows-1252 "Café Müller" is neither UTF-8 nor GB18030.
        let latin = b"name\nCaf\xE9 M\xFCller\n";
        assert_eq!(decode(latin, &NativeCodec), None);
        let chosen = read(latin, Some(Encoding::Windows1252), &NativeCodec).unwrap();
        assert_eq!(chosen.rows, vec![vec!["Café Müller".to_string()]]);
        // The GBK file read with a BOM prefix, once the user picks GB18030, is right.
        let gbk = read(&bom_gbk, Some(Encoding::Gb18030), &NativeCodec).unwrap();
        assert!(gbk.header[0].starts_with("客户名称"), "{:?}", gbk.header);
    }

    #[test]
    fn empty_and_header_only_files_say_so() {
        assert_eq!(read(b"", None, &NativeCodec), Err(CsvError::Empty));
        assert_eq!(read(b"\xEF\xBB\xBF\r\n\r\n", None, &NativeCodec), Err(CsvError::Empty));
        assert_eq!(read(b"name,phone\r\n", None, &NativeCodec), Err(CsvError::HeaderOnly));
        let ok = read("name,phone\nA,1\n".as_bytes(), None, &NativeCodec).unwrap();
        assert_eq!((ok.encoding, ok.header.len(), ok.rows.len()), (Encoding::Utf8, 2, 1));
    }
}
