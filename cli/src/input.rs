//! Where codes come from: the arguments, files, or standard input, one code per line, each
//! line cut after [`MAX_LINE`] bytes so that memory stays bounded whatever the input.

use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The longest line kept; the rest of a longer line is passed over, never held. One byte past
/// the longest payload any reader accepts, so that the reader refuses the line by its limit.
pub(crate) const MAX_LINE: usize = 64 * 1024;

/// One input: its bytes (not necessarily UTF-8) and, for a sample, its label.
pub(crate) struct Input {
    pub(crate) label: Option<String>,
    pub(crate) bytes: Vec<u8>,
    /// The line was longer than [`MAX_LINE`]: `bytes` holds its start only.
    pub(crate) cut: bool,
}

impl Input {
    pub(crate) fn new(label: Option<String>, bytes: Vec<u8>) -> Self {
        Input {
            label,
            bytes,
            cut: false,
        }
    }
}

/// Lines of a reader as bytes, each cut after [`MAX_LINE`] bytes. The reader's buffer is read
/// a chunk at a time: the part of a line past the cut is passed over, never held.
pub(crate) struct Lines<R> {
    reader: R,
    /// Bytes consumed so far, for a progress display.
    pub(crate) consumed: u64,
    /// Why reading stopped before the end, if it did: a read that failed is no end of input.
    pub(crate) failed: Option<std::io::Error>,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(reader: R) -> Self {
        Lines {
            reader,
            consumed: 0,
            failed: None,
        }
    }
}

impl<R: Read> Lines<BufReader<R>> {
    /// Whether the next line needs a read from the source, which may wait (a terminal, a
    /// pipe): the output written so far should be flushed first, so that whoever feeds the
    /// input line by line sees each answer.
    pub(crate) fn will_read(&self) -> bool {
        self.reader.buffer().is_empty()
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        let mut line = Vec::new();
        let mut read_any = false;
        let mut cut = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.failed = Some(e);
                    break;
                }
            };
            if chunk.is_empty() {
                break;
            }
            read_any = true;
            let newline = chunk.iter().position(|&b| b == b'\n');
            let used = newline.map_or(chunk.len(), |i| i + 1);
            // Keep one byte past MAX_LINE, so that the reader's limit refuses the line.
            let room = (MAX_LINE + 1).saturating_sub(line.len());
            cut |= used > room;
            line.extend_from_slice(&chunk[..used.min(room)]);
            self.reader.consume(used);
            self.consumed += used as u64;
            if newline.is_some() {
                break;
            }
        }
        if !read_any {
            return None;
        }
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        cut |= line.len() > MAX_LINE;
        Some(Input {
            label: None,
            bytes: line,
            cut,
        })
    }
}

/// A source of lines: a file, or standard input (`-`).
pub(crate) enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    pub(crate) fn of(path: &Path) -> Self {
        if path == Path::new("-") {
            Source::Stdin
        } else {
            Source::File(path.to_owned())
        }
    }

    /// Opens the source, with its size where it has one (for a progress display). A
    /// directory is no file of codes.
    pub(crate) fn open(&self) -> std::io::Result<(Box<dyn Read>, Option<u64>)> {
        match self {
            Source::Stdin => Ok((Box::new(std::io::stdin().lock()), None)),
            Source::File(p) => {
                let f = File::open(p)?;
                let meta = f.metadata()?;
                if meta.is_dir() {
                    return Err(std::io::Error::other("a directory, not a file of codes"));
                }
                let size = meta.is_file().then_some(meta.len());
                Ok((Box::new(f), size))
            }
        }
    }

    /// Checks that the source can be opened, before anything is read from any source.
    pub(crate) fn check(&self) -> std::io::Result<()> {
        match self {
            Source::Stdin => Ok(()),
            Source::File(_) => self.open().map(drop),
        }
    }

    /// The source's name as messages show it: a file's path masked like any other output,
    /// since a path can be a payment code.
    pub(crate) fn name(&self, reveal: bool) -> String {
        match self {
            Source::Stdin => "standard input".to_owned(),
            Source::File(p) => crate::out::shown(&p.display().to_string(), reveal),
        }
    }
}

/// A code given as an argument, as bytes.
#[cfg(unix)]
pub(crate) fn os_bytes(s: &OsString) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    s.as_bytes().to_vec()
}

/// A code given as an argument, as bytes.
#[cfg(not(unix))]
pub(crate) fn os_bytes(s: &OsString) -> Vec<u8> {
    s.to_string_lossy().into_owned().into_bytes()
}

/// Reads lines of `reader` with a buffer of the usual size.
pub(crate) fn lines(reader: Box<dyn Read>) -> Lines<BufReader<Box<dyn Read>>> {
    Lines::new(BufReader::with_capacity(64 * 1024, reader))
}
