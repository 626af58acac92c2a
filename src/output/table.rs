//! `--output table`, as awscli/formatter.py `TableFormatter` and awscli/table.py `MultiTable`
//! draw it: one section per dict or list of dicts, titled by its key, columns sized to their widest
//! cell and scaled to the widest section; a table wider than the terminal (80 columns when stdout
//! is not one) turns its one-row sections into key/value rows.

use serde_json::Value;

use super::east_asian_width::WIDE;
use super::python::{is_int, str_of, type_name};
use super::text::sorted_keys;

/// With colours (`--color on`, or `auto` on a terminal) the AWS CLI's colorama wrapper ends every
/// write to stdout with a reset; the table writes a line in several pieces.
const RESET: &str = "\x1b[0m";

/// An error is what Python raises as the AWS CLI builds the table, which ends it with exit 255 and
/// nothing on stdout: table.py's `ValueError` for a row whose length is not its section's (a list
/// that mixes a scalar and a list, say), or formatter.py's `TypeError` or `AttributeError` for a
/// list that starts with a dict and holds something else.
pub fn format(
    title: &str,
    value: &Value,
    colored: bool,
    terminal_width: usize,
    out: &mut String,
) -> Result<(), String> {
    let mut table = MultiTable::default();
    if table.build(Some(title), value, 0)? {
        table.render(colored, terminal_width, out);
    }
    Ok(())
}

/// Columns Python's table counts for `text`: two for East Asian wide, full-width and ambiguous.
pub fn text_length(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let code = c as u32;
            let wide = WIDE
                .binary_search_by(|&(start, end)| {
                    if end < code {
                        std::cmp::Ordering::Less
                    } else if start > code {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .is_ok();
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Python's truth value of a JSON value: null, false, 0, "", [] and {} are false.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

fn is_scalar(value: &Value) -> bool {
    !value.is_array() && !value.is_object()
}

#[derive(Default)]
struct Section {
    /// None where Python's is None (a list inside a list): not drawn, but "None" counts in width.
    title: Option<String>,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Set by the first header or row; every later row must have as many cells.
    num_cols: Option<usize>,
    indent_level: usize,
    max_widths: Vec<usize>,
}

impl Section {
    fn title_width(&self) -> usize {
        text_length(self.title.as_deref().unwrap_or("None"))
    }

    fn add_header(&mut self, headers: Vec<String>) {
        self.update_max_widths(&headers);
        self.num_cols.get_or_insert(headers.len());
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) -> Result<(), String> {
        let num_cols = *self.num_cols.get_or_insert(row.len());
        if row.len() != num_cols {
            return Err(format!(
                "Row should have {num_cols} elements, instead it has {}",
                row.len()
            ));
        }
        self.update_max_widths(&row);
        self.rows.push(row);
        Ok(())
    }

    fn update_max_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|cell| text_length(cell)).collect();
        } else {
            for (i, cell) in row.iter().enumerate() {
                if let Some(width) = self.max_widths.get_mut(i) {
                    *width = (*width).max(text_length(cell));
                }
            }
        }
    }

    /// The columns' widths with `padding`, scaled so that they add up to `max_width`.
    fn column_widths(&self, padding: usize, max_width: usize) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        if unscaled.is_empty() {
            return unscaled;
        }
        let scale = max_width as f64 / unscaled.iter().sum::<usize>() as f64;
        // Python's round() rounds halves to even.
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|&w| (scale * w as f64).round_ties_even() as i64)
            .collect();
        let mut off_by = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self) -> usize {
        let padding = 4;
        let outer = self.indent_level;
        let total = self.max_widths.iter().map(|w| w + padding).sum::<usize>() + 2 + 2 * outer;
        total.max(self.title_width() + 2 + 2 * outer)
    }
}

#[derive(Default)]
struct MultiTable {
    sections: Vec<Section>,
}

impl MultiTable {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        self.sections.last_mut().expect("a section")
    }

    fn new_section(&mut self, title: Option<&str>, indent_level: usize) {
        self.sections.push(Section {
            title: title.map(str::to_string),
            indent_level,
            ..Section::default()
        });
    }

    fn build(
        &mut self,
        title: Option<&str>,
        current: &Value,
        indent_level: usize,
    ) -> Result<bool, String> {
        if !truthy(current) {
            return Ok(false);
        }
        if title.is_some() {
            self.new_section(title, indent_level);
        }
        match current {
            Value::Array(items) => {
                if items[0].is_object() {
                    self.sub_table_from_list(items, indent_level, title)?;
                } else {
                    for item in items {
                        match item {
                            Value::Array(cells) if cells.iter().all(is_scalar) => {
                                self.current().add_row(cells.iter().map(str_of).collect())?
                            }
                            // Python iterates a dict's keys, which are all scalars.
                            Value::Object(map) => {
                                self.current().add_row(map.keys().cloned().collect())?
                            }
                            Value::Array(_) => {
                                self.build(None, item, 0)?;
                            }
                            scalar => self.current().add_row(vec![str_of(scalar)])?,
                        }
                    }
                }
            }
            Value::Object(map) => {
                let (headers, more) = group_scalar_keys(map);
                if headers.len() == 1 {
                    let row = vec![headers[0].clone(), str_of(&map[&headers[0]])];
                    self.current().add_row(row)?;
                } else if !headers.is_empty() {
                    let row = headers.iter().map(|key| str_of(&map[key])).collect();
                    self.current().add_header(headers);
                    self.current().add_row(row)?;
                }
                for key in more {
                    self.build(Some(&key), &map[&key], indent_level + 1)?;
                }
            }
            _ => {}
        }
        Ok(true)
    }

    fn sub_table_from_list(
        &mut self,
        items: &[Value],
        indent_level: usize,
        title: Option<&str>,
    ) -> Result<(), String> {
        let (headers, more) = group_scalar_keys_from_list(items)?;
        self.current().add_header(headers.clone());
        for (i, item) in items.iter().enumerate() {
            if i > 0 && !more.is_empty() {
                self.new_section(title, indent_level);
                self.current().add_header(headers.clone());
            }
            // formatter.py reads each item's cells with `item.get(header, '')`.
            let Some(map) = item.as_object() else {
                return Err(format!(
                    "'{}' object has no attribute 'get'",
                    type_name(item)
                ));
            };
            let row = headers
                .iter()
                .map(|key| map.get(key).map(str_of).unwrap_or_default())
                .collect();
            self.current().add_row(row)?;
            for key in &more {
                if let Some(value) = map.get(key) {
                    self.build(Some(key), value, indent_level + 1)?;
                }
            }
        }
        Ok(())
    }

    fn render(&mut self, colored: bool, terminal_width: usize, out: &mut String) {
        let mut max_width = self.max_width();
        if max_width > terminal_width {
            self.convert_to_vertical();
            max_width = self.max_width();
        }
        let mut stream = Stream { out, colored };
        stream.write_raw(&format!("{}\n", "-".repeat(max_width)));
        for section in &self.sections {
            render_section(section, max_width, &mut stream);
        }
    }

    fn max_width(&self) -> usize {
        self.sections
            .iter()
            .map(Section::total_width)
            .max()
            .unwrap_or(0)
    }

    /// A section with one row becomes a row per column: `header | value`.
    fn convert_to_vertical(&mut self) {
        for section in &mut self.sections {
            if section.rows.len() == 1 && !section.headers.is_empty() {
                let mut vertical = Section {
                    title: section.title.take(),
                    indent_level: section.indent_level,
                    ..Section::default()
                };
                for (header, cell) in section.headers.iter().zip(&section.rows[0]) {
                    vertical
                        .add_row(vec![header.clone(), cell.clone()])
                        .expect("every row of a vertical section has two cells");
                }
                *section = vertical;
            }
        }
    }
}

/// formatter.py's `_group_scalar_keys_from_list`: the sorted keys with a scalar value in any item,
/// and those with a list or dict. It takes every item for a dict, iterates it and indexes it with
/// what that yields, so an item that is not a dict fails there in Python's words, or else passes
/// (an empty string or list, a list indexed by its own numbers) to fail at `item.get` later.
fn group_scalar_keys_from_list(items: &[Value]) -> Result<(Vec<String>, Vec<String>), String> {
    let mut headers = Vec::new();
    let mut more = Vec::new();
    // The type of the first number a list item put among the headers (or the others): Python's
    // sets hold it beside the dicts' keys, and sorting the two together fails.
    let mut number_in_headers = None;
    let mut number_in_more = None;
    for item in items {
        match item {
            Value::Object(map) => {
                let (h, m) = group_scalar_keys(map);
                headers.extend(h);
                more.extend(m);
            }
            Value::String(text) if text.is_empty() => {}
            Value::String(_) => return Err("string indices must be integers, not 'str'".into()),
            Value::Array(list) => {
                for element in list {
                    let at = list_index(list, element)?;
                    let number = Some(type_name(element));
                    if is_scalar(&list[at]) {
                        number_in_headers = number_in_headers.or(number);
                    } else {
                        number_in_more = number_in_more.or(number);
                    }
                }
            }
            other => return Err(format!("'{}' object is not iterable", type_name(other))),
        }
    }
    headers.sort();
    headers.dedup();
    more.sort();
    more.dedup();
    for (keys, number) in [(&headers, number_in_headers), (&more, number_in_more)] {
        if let Some(number) = number.filter(|_| !keys.is_empty()) {
            // Which of the two Python compares first follows the set's hash order, which changes
            // from run to run; this is the order it takes most often.
            return Err(format!(
                "'<' not supported between instances of 'str' and '{number}'"
            ));
        }
    }
    Ok((headers, more))
}

/// `list[element]` as Python reads it: a bool or an integer counts from the start, or from the
/// end when negative.
fn list_index(list: &[Value], element: &Value) -> Result<usize, String> {
    let index = match element {
        Value::Bool(b) => i64::from(*b),
        Value::Number(number) if is_int(number) => number
            .as_i64()
            .ok_or("cannot fit 'int' into an index-sized integer")?,
        other => {
            return Err(format!(
                "list indices must be integers or slices, not {}",
                type_name(other)
            ))
        }
    };
    let len = list.len() as i64;
    let at = if index < 0 { index + len } else { index };
    if (0..len).contains(&at) {
        Ok(at as usize)
    } else {
        Err("list index out of range".to_string())
    }
}

/// Sorted keys with a scalar value, and sorted keys with a list or dict.
fn group_scalar_keys(map: &serde_json::Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let (scalars, others): (Vec<&str>, Vec<&str>) = sorted_keys(map)
        .into_iter()
        .partition(|key| is_scalar(&map[*key]));
    (
        scalars.into_iter().map(str::to_string).collect(),
        others.into_iter().map(str::to_string).collect(),
    )
}

struct Stream<'a> {
    out: &'a mut String,
    colored: bool,
}

impl Stream<'_> {
    fn write_raw(&mut self, text: &str) {
        self.out.push_str(text);
        if self.colored {
            self.out.push_str(RESET);
        }
    }

    /// awscli/table.py `IndentedStream.write`: the section's indentation bars on both sides.
    fn write(&mut self, level: usize, text: &str) {
        let bar = if self.colored {
            "\x1b[2m\x1b[33m|\x1b[0m"
        } else {
            "|"
        };
        let bars = bar.repeat(level);
        self.write_raw(&bars);
        match text.strip_suffix('\n') {
            Some(line) => {
                self.write_raw(line);
                self.write_raw(&bars);
                self.write_raw("\n");
            }
            None => self.write_raw(text),
        }
    }
}

fn render_section(section: &Section, max_width: usize, stream: &mut Stream) {
    let level = section.indent_level;
    let max_width = max_width.saturating_sub(level * 2);
    if let Some(title) = section.title.as_deref().filter(|t| !t.is_empty()) {
        let line = center_text(title, max_width, "|", "|", text_length(title));
        stream.write(level, &format!("{line}\n"));
        if section.headers.is_empty() && section.rows.is_empty() {
            stream.write(
                level,
                &format!("+{}+\n", "-".repeat(max_width.saturating_sub(2))),
            );
        }
    }
    if !section.headers.is_empty() {
        let widths = section.column_widths(4, max_width);
        let mut line = String::new();
        for (i, (width, header)) in widths.iter().zip(&section.headers).enumerate() {
            let left = if i == 0 { "|" } else { "" };
            line.push_str(&center_text(header, *width, left, "|", text_length(header)));
        }
        stream.write(level, &line_break(&widths));
        stream.write(level, &format!("{line}\n"));
    }
    if !section.rows.is_empty() {
        let widths = section.column_widths(4, max_width);
        if widths.is_empty() {
            return;
        }
        stream.write(level, &line_break(&widths));
        for row in &section.rows {
            let mut line = String::new();
            for (i, (width, cell)) in widths.iter().zip(row).enumerate() {
                let left = if i == 0 { "|" } else { "" };
                let styled = if stream.colored {
                    format!("\x1b[1m\x1b[34m{cell}\x1b[0m")
                } else {
                    cell.clone()
                };
                line.push_str(&align_left(&styled, *width, left, "|", text_length(cell)));
            }
            stream.write(level, &format!("{line}\n"));
        }
        stream.write(level, &line_break(&widths));
    }
}

/// `+-----+------+`
fn line_break(widths: &[usize]) -> String {
    let mut line = String::new();
    for (i, width) in widths.iter().enumerate() {
        if i == 0 {
            line.push_str(&format!("+{}+", "-".repeat(width.saturating_sub(2))));
        } else {
            line.push_str(&format!("{}+", "-".repeat(width.saturating_sub(1))));
        }
    }
    line.push('\n');
    line
}

/// Python's `' ' * n` is empty for a negative n.
fn spaces(n: i64) -> String {
    " ".repeat(n.max(0) as usize)
}

fn center_text(text: &str, length: usize, left: &str, right: &str, text_length: usize) -> String {
    let (length, text_length) = (length as i64, text_length as i64);
    let char_start = length.div_euclid(2) - text_length.div_euclid(2) - 1;
    let so_far = left.chars().count() as i64 + char_start + text_length;
    let right_spaces = length - right.chars().count() as i64 - so_far;
    format!(
        "{left}{}{text}{}{right}",
        spaces(char_start),
        spaces(right_spaces)
    )
}

fn align_left(text: &str, length: usize, left: &str, right: &str, text_length: usize) -> String {
    let (length, text_length) = (length as i64, text_length as i64);
    let edges = left.chars().count() as i64 + right.chars().count() as i64;
    let padding = if length - (text_length + 2 + edges) >= 0 {
        2
    } else {
        0
    };
    let so_far = left.chars().count() as i64 + padding + text_length;
    format!(
        "{left}{}{text}{}{right}",
        spaces(padding),
        spaces(length - so_far - right.chars().count() as i64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table(value: Value) -> String {
        let mut out = String::new();
        format("DoThing", &value, false, 80, &mut out).unwrap();
        out
    }

    #[test]
    fn a_row_longer_than_its_section_is_refused_as_python_refuses_it() {
        let mut out = String::new();
        assert_eq!(
            format("DoThing", &json!([["a", ["b", "c"]]]), false, 80, &mut out),
            Err("Row should have 1 elements, instead it has 2".to_string())
        );
        assert_eq!(out, "");
        assert_eq!(table(json!([["a", "b"], ["c", "d"]])).lines().count(), 6);
    }

    /// What AWS CLI 2.9.19 printed (exit 255) for `--query` literals of these shapes.
    #[test]
    fn a_list_that_starts_with_a_dict_and_holds_something_else_fails_as_python_fails() {
        let refused = |value: Value| {
            let mut out = String::new();
            let err = format("DoThing", &value, false, 80, &mut out).unwrap_err();
            assert_eq!(out, "");
            err
        };
        for (value, message) in [
            (
                json!([{"a": "x"}, "y"]),
                "string indices must be integers, not 'str'",
            ),
            (
                json!([{"a": "x"}, ""]),
                "'str' object has no attribute 'get'",
            ),
            (json!([{"a": "x"}, 1]), "'int' object is not iterable"),
            (json!([{"a": "x"}, 1.5]), "'float' object is not iterable"),
            (json!([{"a": "x"}, true]), "'bool' object is not iterable"),
            (
                json!([{"a": "x"}, null]),
                "'NoneType' object is not iterable",
            ),
            (
                json!([{"a": "x"}, []]),
                "'list' object has no attribute 'get'",
            ),
            (
                json!([{"a": "x"}, ["b"]]),
                "list indices must be integers or slices, not str",
            ),
            (
                json!([{"a": "x"}, [[1]]]),
                "list indices must be integers or slices, not list",
            ),
            (json!([{"a": "x"}, [5]]), "list index out of range"),
            (json!([{}, [true]]), "list index out of range"),
            (json!([{}, [0]]), "'list' object has no attribute 'get'"),
            (
                json!([{"a": "x"}, [0]]),
                "'<' not supported between instances of 'str' and 'int'",
            ),
            // The first item that fails, in the order Python reads them.
            (
                json!([{"a": "x"}, {"b": "y"}, "z", 1]),
                "string indices must be integers, not 'str'",
            ),
            (json!([{"a": "x"}, 1, "z"]), "'int' object is not iterable"),
            // At any depth the table reaches.
            (
                json!({"k": [{"a": "x"}, "y"]}),
                "string indices must be integers, not 'str'",
            ),
            (
                json!([[1], [{"a": "x"}, "y"]]),
                "string indices must be integers, not 'str'",
            ),
            (
                json!([{"a": "x", "b": [{"c": 1}, "y"]}, ""]),
                "string indices must be integers, not 'str'",
            ),
        ] {
            assert_eq!(refused(value.clone()), message, "{value}");
        }
    }

    // Expected values drawn by awscli.formatter.TableFormatter of AWS CLI 2.9.19 (--color off,
    // stdout not a terminal).
    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(
            table(
                json!({"Items": [{"Name": "東京タワー", "Value": "x"}, {"Name": "a", "Value": "ünïcödé"}], "Long": "x"})
            ),
            include_str!("../../tests/fixtures/output/unit/wide.table")
        );
    }

    #[test]
    fn lists_of_dicts_with_lists_get_a_section_each() {
        assert_eq!(
            table(
                json!({"Conns": [{"Id": "1", "Tags": [{"Key": "a", "Value": "b"}]}, {"Id": "2", "Tags": [{"Key": "c", "Value": "d"}, {"Key": "e", "Value": "f"}]}]})
            ),
            include_str!("../../tests/fixtures/output/unit/dict_list.table")
        );
        assert_eq!(
            table(json!({"Rows": [{"A": "1"}, {"B": "2", "C": {"D": "3"}}]})),
            include_str!("../../tests/fixtures/output/unit/ragged.table")
        );
    }

    #[test]
    fn false_values_draw_nothing() {
        assert_eq!(
            table(json!({"A": false, "B": 0, "C": ""})),
            include_str!("../../tests/fixtures/output/unit/false.table")
        );
        assert_eq!(table(Value::Null), "");
        assert_eq!(table(json!([])), "");
        assert_eq!(table(json!({})), "");
        assert_eq!(table(json!(false)), "");
        assert_eq!(table(json!("hello")), "---------\n|DoThing|\n+-------+\n");
    }

    #[test]
    fn lists_of_scalars_and_of_lists() {
        assert_eq!(
            table(json!([["a", "b"], ["c", "d"]])),
            include_str!("../../tests/fixtures/output/unit/list_of_lists.table")
        );
        assert_eq!(
            table(json!(["a", 1, null, true, 1.5])),
            include_str!("../../tests/fixtures/output/unit/scalar_list.table")
        );
    }

    #[test]
    fn a_wide_table_turns_one_row_sections_vertical() {
        let wide = json!({"A": "x".repeat(50), "B": "y".repeat(40), "C": {"D": "1", "E": "2"}});
        assert_eq!(
            table(wide),
            include_str!("../../tests/fixtures/output/unit/vertical.table")
        );
    }

    #[test]
    fn text_length_counts_wide_and_ambiguous_characters_twice() {
        assert_eq!(text_length("abc"), 3);
        assert_eq!(text_length("東京"), 4);
        assert_eq!(text_length("ü"), 2);
        assert_eq!(text_length("€"), 2);
        assert_eq!(text_length("😀"), 2);
    }
}
