//! What every spreadsheet import shares: columns guessed from header names in both languages,
//! a duplicate rule, per-row problems, and the plan that is written in one transaction only
//! when it has no problems.

use crate::domain::validation::Problem;

/// A field a CSV column can feed.
pub trait Column: Copy + Eq + std::fmt::Debug + 'static {
    const ALL: &'static [Self];
    /// Header names (compared lower case, without spaces and underscores) that map here.
    fn synonyms(self) -> &'static [&'static str];
}

/// Lower case without spaces, underscores or a byte-order mark: how header names and choice
/// values are compared.
pub fn header_key(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').to_lowercase().chars().filter(|c| !c.is_whitespace() && *c != '_').collect()
}

/// One field per column (or none), from the header names; each field is used at most once.
pub fn guess_mapping<C: Column>(headers: &[String]) -> Vec<Option<C>> {
    let mut used = Vec::new();
    headers
        .iter()
        .map(|h| {
            let key = header_key(h);
            let field = C::ALL.iter().copied().find(|f| !used.contains(f) && f.synonyms().iter().any(|s| header_key(s) == key));
            if let Some(f) = field {
                used.push(f);
            }
            field
        })
        .collect()
}

/// The cell of `row` that `mapping` feeds into `field`, trimmed ("" when unmapped or short).
pub fn cell<C: Column>(mapping: &[Option<C>], row: &[String], field: C) -> String {
    mapping
        .iter()
        .position(|m| *m == Some(field))
        .and_then(|i| row.get(i))
        .map(|s| crate::domain::csv::unneutralise(s).trim().to_string())
        .unwrap_or_default()
}

/// The option whose names include `value` (compared like header names).
pub fn parse_choice<T: Copy>(value: &str, options: &[(T, &[&str])]) -> Option<T> {
    let key = header_key(value);
    options.iter().find(|(_, names)| names.iter().any(|n| header_key(n) == key)).map(|(v, _)| *v)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DuplicatePolicy {
    Skip,
    Update,
    CreateAnyway,
}

/// A problem with one row: `row` is the 1-based line of the record in the file (header = 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub field: String,
    pub problem: Problem,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportPlan<T> {
    pub creates: Vec<T>,
    pub updates: Vec<T>,
    pub skipped: usize,
    pub errors: Vec<RowError>,
    /// Other records written with them (customers a deals file names but the book lacks).
    pub also: crate::domain::Dataset,
    /// Rows left out on purpose (a deal without a customer, when asked to skip those): the
    /// line and the row as read, so the user can download and fix them.
    pub left_out: Vec<(usize, Vec<String>)>,
    /// Lines where a value was filled in rather than read (an open deal without a value takes
    /// its product's list price): said in the preview.
    pub filled_in: Vec<usize>,
}

impl<T> Default for ImportPlan<T> {
    fn default() -> Self {
        ImportPlan {
            creates: Vec::new(),
            updates: Vec::new(),
            skipped: 0,
            errors: Vec::new(),
            also: crate::domain::Dataset::default(),
            left_out: Vec::new(),
            filled_in: Vec::new(),
        }
    }
}

/// Reads a file's data rows a chunk at a time (so a page can show progress in between) and
/// plans what to write. Nothing is written by a planner.
pub trait RowPlanner<T>: Sized {
    /// Whether the columns the planner needs are mapped (otherwise rows are not read).
    fn ready(&self) -> bool;
    /// Plans one data row; `line` is its 1-based line in the file (header = 1).
    fn plan_row(&mut self, line: usize, row: &[String]);
    fn finish(self) -> ImportPlan<T>;

    /// Starts feeding rows to this planner.
    fn feed(self) -> RowFeed<Self> {
        RowFeed { planner: self, seen: 0 }
    }
}

/// A planner fed a file's data rows a chunk at a time, counting them so that every problem
/// names its line in the file.
pub struct RowFeed<P> {
    planner: P,
    seen: usize,
}

impl<P> RowFeed<P> {
    /// Reads the next data rows (the header excluded).
    pub fn add_rows<T>(&mut self, rows: &[Vec<String>])
    where
        P: RowPlanner<T>,
    {
        if !self.planner.ready() {
            return;
        }
        for row in rows {
            self.seen += 1;
            self.planner.plan_row(self.seen + 1, row);
        }
    }

    /// Data rows read so far.
    pub fn rows_seen(&self) -> usize {
        self.seen
    }

    pub fn finish<T>(self) -> ImportPlan<T>
    where
        P: RowPlanner<T>,
    {
        self.planner.finish()
    }
}

/// The problem "this required column is not mapped", reported on the header line.
pub fn missing_column<C: Column>(mapping: &[Option<C>], required: C, field: &str) -> Option<RowError> {
    (!mapping.contains(&Some(required))).then(|| RowError { row: 1, field: field.into(), problem: Problem::Required })
}
