//! CSV as spreadsheets write it: decoding (UTF-8 with or without BOM, GBK/GB18030 from Chinese
//! Excel), separator detection, RFC 4180 quoting with newlines inside fields; and writing CSV
//! that Excel opens correctly, with formula-looking cells neutralised.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
}

/// Decodes file bytes: a UTF-8 BOM or valid UTF-8 is UTF-8; anything else is read as GB18030
/// (a superset of GBK and GB2312), which is what Chinese Excel writes.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).into_owned(), Encoding::Utf8Bom);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), Encoding::Utf8),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text.into_owned(), Encoding::Gb18030)
        }
    }
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
/// and line breaks. Blank lines are skipped.
pub fn parse(text: &str, sep: char) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
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
            '"' if field.is_empty() => in_quotes = true,
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
    if !field.is_empty() || !record.is_empty() {
        finish_record(&mut record, &mut field);
    }
    records
}

const FORMULA_START: [char; 4] = ['=', '+', '-', '@'];

/// Whether a spreadsheet could run the cell as a formula: it starts with = + - @, or with a
/// tab or line break, or with spaces before one of those.
fn formula_like(cell: &str) -> bool {
    cell.starts_with(['\t', '\r', '\n']) || cell.trim_start().starts_with(FORMULA_START)
}

/// A cell that a spreadsheet would run as a formula gets a leading apostrophe.
pub fn neutralise(cell: &str) -> String {
    if formula_like(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The cell as it was before [`neutralise`]: what the app exports, it reads back unchanged.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
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
                if c.contains([',', '"', '\n', '\r']) {
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
        let (t, e) = decode("\u{feff}名称,电话\n".as_bytes());
        assert_eq!((t.as_str(), e), ("名称,电话\n", Encoding::Utf8Bom));
        let (t, e) = decode("名称,电话\n".as_bytes());
        assert_eq!((t.as_str(), e), ("名称,电话\n", Encoding::Utf8));
        let gbk = include_bytes!("../../tests/fixtures/customers-gbk.csv");
        let (t, e) = decode(gbk);
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
        assert_eq!(parse(text, ','), vec![
            vec!["name".to_string(), "notes".into()],
            vec!["Li, Lei".into(), "line one\nline \"two\"".into()],
            vec!["plain".into(), "".into()],
        ]);
        assert_eq!(parse("a;b\n1;2", ';'), vec![vec!["a".to_string(), "b".into()], vec!["1".into(), "2".into()]]);
    }

    #[test]
    fn writes_for_excel_with_formulas_neutralised() {
        let csv = write(&["name", "note"], &[vec!["=HYPERLINK(\"x\")".into(), "-1".into()], vec!["a,b".into(), "@sum".into()]]);
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(csv, "\u{feff}name,note\r\n\"'=HYPERLINK(\"\"x\"\")\",'-1\r\n\"a,b\",'@sum\r\n");
        // And it reads back to the same (neutralised) cells.
        let back = parse(&csv, ',');
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
        let back: Vec<String> = parse(&csv, ',')[1..].iter().map(|r| unneutralise(&r[0]).to_string()).collect();
        assert_eq!(back, cells);
    }
}
