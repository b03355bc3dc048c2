//! A small JSON reader (RFC 8259) with line and column in its errors, and the writer's
//! escaping: a profile is a few kilobytes, read by a proc macro on every build that embeds one,
//! so no serializer is worth its compile time.

use std::fmt;
use std::fmt::Write as _;
use std::string::String;
use std::vec::Vec;

/// A JSON value. Objects keep their members in file order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// Where reading failed and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// 1-based line, 0 when the error is about the document's meaning rather than a place.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    pub message: String,
}

impl Error {
    /// An error about the document's content (a missing member, a wrong type): no position.
    #[must_use]
    pub fn content(message: impl Into<String>) -> Error {
        Error {
            line: 0,
            column: 0,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(
                f,
                "{} at line {} column {}",
                self.message, self.line, self.column
            )
        }
    }
}

impl Value {
    /// The member `key` of an object.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// A non-negative integer that fits in a `u64` exactly (below 2^53).
    #[must_use]
    pub fn as_u64(&self) -> Option<u64> {
        let n = self.as_f64()?;
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "checked: a whole number in 0..2^53"
        )]
        let whole =
            ((0.0..9_007_199_254_740_992.0).contains(&n) && n.fract() == 0.0).then_some(n as u64);
        whole
    }

    #[must_use]
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// What kind of value this is, for error messages.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Reads one JSON document (surrounding whitespace allowed, nothing else).
///
/// # Errors
/// The first syntax error, with its line and column.
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut reader = Reader {
        chars: text.chars().collect(),
        at: 0,
        depth: 0,
    };
    reader.skip_space();
    let value = reader.value()?;
    reader.skip_space();
    if reader.at < reader.chars.len() {
        return Err(reader.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

/// Nesting deeper than this is an error, not a stack overflow.
const MAX_DEPTH: usize = 64;

struct Reader {
    chars: Vec<char>,
    at: usize,
    depth: usize,
}

impl Reader {
    fn error(&self, message: &str) -> Error {
        let before = &self.chars[..self.at.min(self.chars.len())];
        let line = 1 + before.iter().filter(|&&c| c == '\n').count();
        let column = 1 + before.iter().rev().take_while(|&&c| c != '\n').count();
        Error {
            line,
            column,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, c: char, what: &str) -> Result<(), Error> {
        if self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else if self.peek().is_none() {
            Err(self.error(&format!("the file ends where {what} was expected")))
        } else {
            Err(self.error(&format!("expected {what}")))
        }
    }

    fn value(&mut self) -> Result<Value, Error> {
        match self.peek() {
            None => Err(self.error("the file ends where a value was expected")),
            Some('{') => self.nested(Reader::object),
            Some('[') => self.nested(Reader::array),
            Some('"') => self.string().map(Value::String),
            Some('-' | '0'..='9') => self.number(),
            Some(_) => {
                for (word, value) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    let end = self.at + word.len();
                    if end <= self.chars.len()
                        && self.chars[self.at..end].iter().copied().eq(word.chars())
                    {
                        self.at = end;
                        return Ok(value);
                    }
                }
                Err(self.error("expected a JSON value"))
            }
        }
    }

    fn nested(&mut self, read: fn(&mut Reader) -> Result<Value, Error>) -> Result<Value, Error> {
        if self.depth == MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn object(&mut self) -> Result<Value, Error> {
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.peek() == Some('}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_space();
            if self.peek() != Some('"') {
                return Err(self.error("expected a member name in quotes"));
            }
            let key = self.string()?;
            self.skip_space();
            self.expect(':', "`:` after a member name")?;
            self.skip_space();
            let value = self.value()?;
            members.push((key, value));
            self.skip_space();
            match self.peek() {
                Some(',') => self.at += 1,
                Some('}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                None => return Err(self.error("the file ends inside an object")),
                Some(_) => return Err(self.error("expected `,` or `}` in an object")),
            }
        }
    }

    fn array(&mut self) -> Result<Value, Error> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_space();
            items.push(self.value()?);
            self.skip_space();
            match self.peek() {
                Some(',') => self.at += 1,
                Some(']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.error("the file ends inside an array")),
                Some(_) => return Err(self.error("expected `,` or `]` in an array")),
            }
        }
    }

    fn string(&mut self) -> Result<String, Error> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error("the file ends inside a string"));
            };
            self.at += 1;
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some(escaped) = self.peek() else {
                        return Err(self.error("the file ends inside a string"));
                    };
                    self.at += 1;
                    match escaped {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => out.push(self.unicode()?),
                        _ => {
                            self.at -= 1;
                            return Err(self.error("unknown escape in a string"));
                        }
                    }
                }
                c if u32::from(c) < 0x20 => {
                    self.at -= 1;
                    return Err(self.error("control character in a string"));
                }
                c => out.push(c),
            }
        }
    }

    /// After `\u`: four hex digits, and a second `\uXXXX` for a surrogate pair.
    fn unicode(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.peek() != Some('\\') || self.chars.get(self.at + 1) != Some(&'u') {
                return Err(self.error("a lone surrogate in a string"));
            }
            self.at += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("a lone surrogate in a string"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("a lone surrogate in a string"))
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|c| c.to_digit(16));
            let Some(digit) = digit else {
                return Err(self.error("expected four hex digits after `\\u`"));
            };
            code = code * 16 + digit;
            self.at += 1;
        }
        Ok(code)
    }

    fn number(&mut self) -> Result<Value, Error> {
        let start = self.at;
        let digits = |reader: &mut Reader| {
            let from = reader.at;
            while matches!(reader.peek(), Some('0'..='9')) {
                reader.at += 1;
            }
            reader.at > from
        };
        if self.peek() == Some('-') {
            self.at += 1;
        }
        if self.peek() == Some('0') {
            self.at += 1;
        } else if !digits(self) {
            return Err(self.error("expected digits in a number"));
        }
        if self.peek() == Some('.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("expected digits after `.` in a number"));
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.at += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("expected digits in a number's exponent"));
            }
        }
        let text: String = self.chars[start..self.at].iter().collect();
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Value::Number(n)),
            _ => {
                self.at = start;
                Err(self.error("a number out of range"))
            }
        }
    }
}

/// `s` as a JSON string, quoted and escaped.
#[must_use]
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::{Value, parse, quote};

    #[test]
    fn reads_every_kind_of_value_and_round_trips_strings() {
        let value =
            parse(r#" {"a": [1, -2.5e1, true, false, null], "b": "x\"\u00e9\ud83d\ude00"} "#)
                .unwrap();
        assert_eq!(
            value.get("a").unwrap().as_array().unwrap()[1],
            Value::Number(-25.0)
        );
        let b = value.get("b").unwrap().as_str().unwrap();
        assert_eq!(b, "x\"é😀");
        assert_eq!(parse(&quote(b)).unwrap().as_str(), Some(b));
        assert_eq!(parse(&quote("\u{1}\n")).unwrap().as_str(), Some("\u{1}\n"));
    }

    #[test]
    fn errors_say_where() {
        let error = parse("{\n  \"a\": [1,\n  2,, 3]\n}").unwrap_err();
        assert_eq!((error.line, error.column), (3, 5), "{error}");
        assert_eq!(error.message, "expected a JSON value");
        let error = parse("{\"a\": 1").unwrap_err();
        assert_eq!(error.message, "the file ends inside an object");
        assert!(parse("[1] x").is_err());
        assert!(parse("01").is_err());
        assert!(parse("1e999").is_err());
        assert!(
            parse(&"[".repeat(100))
                .unwrap_err()
                .message
                .contains("deeply")
        );
        assert_eq!(parse("7").unwrap().as_u64(), Some(7));
        assert_eq!(parse("7.5").unwrap().as_u64(), None);
    }
}
