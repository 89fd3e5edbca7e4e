//! A canonical frame: one column per canonical field (text, or dates as dates), plus the row each record
//! came from. Readers fill it one record at a time; the rules take its columns without copying them.

use crate::model::{FieldClass, Kind};
use chrono::NaiveDate;

/// One canonical value of a record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Value {
    #[default]
    Empty,
    Text(String),
    Date(NaiveDate),
}

#[derive(Debug, Clone)]
enum Column {
    /// An empty string is a null.
    Text(Vec<String>),
    Date(Vec<Option<NaiveDate>>),
}

/// Columns of canonical values; see [`Table::for_kind`] for the columns of a source kind.
#[derive(Debug, Clone)]
pub struct Table {
    names: Vec<&'static str>,
    columns: Vec<Column>,
    rows: Vec<u64>,
}

/// The values of one record under construction, aligned with a table's columns.
#[derive(Debug, Clone)]
pub struct Record {
    names: Vec<&'static str>,
    values: Vec<Value>,
}

const EMPTY: &str = "";

impl Record {
    fn slot(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| *n == name)
    }

    /// The text of a field ("" when empty, absent, or a date).
    pub fn get(&self, name: &str) -> &str {
        match self.slot(name).map(|i| &self.values[i]) {
            Some(Value::Text(s)) => s,
            _ => EMPTY,
        }
    }

    /// Whether a field holds a value.
    pub fn has(&self, name: &str) -> bool {
        match self.slot(name).map(|i| &self.values[i]) {
            Some(Value::Text(s)) => !s.is_empty(),
            Some(Value::Date(_)) => true,
            _ => false,
        }
    }

    /// Set a field; a field the table does not have is ignored.
    pub fn set(&mut self, name: &str, value: Value) {
        if let Some(i) = self.slot(name) {
            self.values[i] = value;
        }
    }

    /// Set the field at `slot` (its place in the table's columns).
    pub fn set_at(&mut self, slot: usize, value: Value) {
        self.values[slot] = value;
    }

    pub fn set_text(&mut self, name: &str, text: String) {
        self.set(name, Value::Text(text));
    }

    /// Take a field's text out of the record, leaving it empty.
    pub fn take_text(&mut self, name: &str) -> String {
        match self.slot(name).map(|i| std::mem::take(&mut self.values[i])) {
            Some(Value::Text(s)) => s,
            _ => String::new(),
        }
    }

    /// The text of a field, for changing it in place (None when the table has no such field).
    pub fn text_mut(&mut self, name: &str) -> Option<&mut String> {
        match self.slot(name).map(|i| &mut self.values[i]) {
            Some(Value::Text(s)) => Some(s),
            _ => None,
        }
    }

    /// Forget every value (a record that is rejected after some fields were read).
    pub fn clear(&mut self) {
        self.values.fill(Value::Empty);
    }
}

impl Table {
    /// A table of `(name, is_date)` columns.
    pub fn new(schema: &[(&'static str, bool)]) -> Self {
        Table {
            names: schema.iter().map(|(n, _)| *n).collect(),
            columns: schema
                .iter()
                .map(|(_, date)| {
                    if *date {
                        Column::Date(Vec::new())
                    } else {
                        Column::Text(Vec::new())
                    }
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// The canonical columns of a kind: its fields (dates as dates), plus `status_text` (the status as
    /// written) when the kind has a status.
    pub fn for_kind(kind: Kind) -> Self {
        let mut schema: Vec<(&'static str, bool)> = kind
            .fields()
            .iter()
            .map(|f| (f.name, f.class == FieldClass::Date))
            .collect();
        if kind.field("status").is_some() {
            schema.push(("status_text", false));
        }
        Table::new(&schema)
    }

    /// An empty record with this table's columns.
    pub fn record(&self) -> Record {
        Record {
            names: self.names.clone(),
            values: vec![Value::Empty; self.names.len()],
        }
    }

    /// Append a record read at `row`, moving its values out (the record is left empty for the next row).
    pub fn push(&mut self, row: u64, record: &mut Record) {
        for (column, value) in self.columns.iter_mut().zip(record.values.iter_mut()) {
            match (column, std::mem::take(value)) {
                (Column::Text(v), Value::Text(s)) => v.push(s),
                (Column::Text(v), Value::Date(d)) => v.push(d.format("%Y-%m-%d").to_string()),
                (Column::Text(v), Value::Empty) => v.push(String::new()),
                (Column::Date(v), Value::Date(d)) => v.push(Some(d)),
                (Column::Date(v), _) => v.push(None),
            }
        }
        self.rows.push(row);
    }

    /// Make room for `rows` more records.
    pub fn reserve(&mut self, rows: usize) {
        for column in &mut self.columns {
            match column {
                Column::Text(v) => v.reserve(rows),
                Column::Date(v) => v.reserve(rows),
            }
        }
        self.rows.reserve(rows);
    }

    pub fn height(&self) -> usize {
        self.rows.len()
    }

    /// The row each record was read at (the row number a person sees).
    pub fn rows(&self) -> &[u64] {
        &self.rows
    }

    pub fn has(&self, name: &str) -> bool {
        self.names.contains(&name)
    }

    fn column(&self, name: &str) -> Option<&Column> {
        let i = self.names.iter().position(|n| *n == name)?;
        Some(&self.columns[i])
    }

    /// A column as text, null as None, dates as `YYYY-MM-DD`; an absent column reads as all null.
    pub fn text(&self, name: &str) -> Vec<Option<String>> {
        match self.column(name) {
            Some(Column::Text(v)) => v
                .iter()
                .map(|s| (!s.is_empty()).then(|| s.clone()))
                .collect(),
            Some(Column::Date(v)) => v
                .iter()
                .map(|d| d.map(|d| d.format("%Y-%m-%d").to_string()))
                .collect(),
            None => vec![None; self.height()],
        }
    }

    /// Take a text column out of the table (null as ""), leaving it empty; an absent column reads as all "".
    pub fn take_text(&mut self, name: &str) -> Vec<String> {
        let height = self.height();
        match self.names.iter().position(|n| *n == name) {
            Some(i) => match &mut self.columns[i] {
                Column::Text(v) => std::mem::take(v),
                Column::Date(_) => self
                    .text(name)
                    .into_iter()
                    .map(Option::unwrap_or_default)
                    .collect(),
            },
            None => vec![String::new(); height],
        }
    }

    /// A date column; an absent or text column reads as all null.
    pub fn dates(&self, name: &str) -> Vec<Option<NaiveDate>> {
        match self.column(name) {
            Some(Column::Date(v)) => v.clone(),
            _ => vec![None; self.height()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_move_into_columns_and_nulls_stay_null() {
        let mut t = Table::new(&[("npi", false), ("exp", true)]);
        let mut r = t.record();
        r.set_text("npi", "1234567893".into());
        r.set(
            "exp",
            Value::Date(NaiveDate::from_ymd_opt(2027, 1, 31).unwrap()),
        );
        r.set_text("nonexistent", "ignored".into());
        t.push(2, &mut r);
        assert!(!r.has("npi"), "push leaves the record empty");
        t.push(5, &mut r);
        assert_eq!(t.rows(), [2, 5]);
        assert_eq!(t.text("npi"), [Some("1234567893".to_string()), None]);
        assert_eq!(t.text("exp"), [Some("2027-01-31".to_string()), None]);
        assert_eq!(t.dates("exp"), [NaiveDate::from_ymd_opt(2027, 1, 31), None]);
        assert_eq!(t.text("absent"), [None, None]);
        assert_eq!(t.take_text("npi"), ["1234567893", ""]);
    }
}
