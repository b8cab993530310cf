//! The output folder, written atomically: every file goes into a hidden sibling folder, which
//! replaces the previous results only when the whole run has succeeded. A lock file next to the
//! output folder keeps two runs from writing the same results at once.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// What went wrong while preparing or writing the output folder.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{path}: another ptce run (process {pid}) is writing these results; wait for it to finish, or remove the lock file if that process is gone")]
    Locked { path: PathBuf, pid: String },
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("{path}: refusing to write outside the output folder")]
    Unsafe { path: String },
    #[error("{path}: the output folder is inside the study folder; choose another --out so that inputs are never modified")]
    InsideStudy { path: PathBuf },
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> OutputError + '_ {
    move |e| OutputError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// An output folder being written.
#[derive(Debug)]
pub struct OutputDir {
    final_path: PathBuf,
    staging: PathBuf,
    lock: PathBuf,
    written: Vec<String>,
    done: bool,
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string());
    path.with_file_name(format!(".{name}.{suffix}"))
}

fn process_alive(pid: &str) -> bool {
    match pid.trim().parse::<u32>() {
        Ok(p) if Path::new("/proc").exists() => Path::new(&format!("/proc/{p}")).exists(),
        Ok(_) => true,
        Err(_) => false,
    }
}

impl OutputDir {
    /// Takes the lock and creates the staging folder next to `path`.
    ///
    /// # Errors
    /// [`OutputError::Locked`] when a live run holds the lock (a lock left by a process that no
    /// longer exists is taken over), or an I/O error naming the path.
    pub fn begin(path: &Path) -> Result<OutputDir, OutputError> {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(io(parent))?;
        let lock = sibling(path, "lock");
        let pid = std::process::id().to_string();
        for attempt in 0..2 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&lock)
            {
                Ok(mut f) => {
                    f.write_all(pid.as_bytes()).map_err(io(&lock))?;
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt == 0 => {
                    let holder = fs::read_to_string(&lock).unwrap_or_default();
                    if process_alive(&holder) {
                        return Err(OutputError::Locked {
                            path: lock,
                            pid: holder.trim().to_string(),
                        });
                    }
                    fs::remove_file(&lock).map_err(io(&lock))?;
                }
                Err(e) => return Err(io(&lock)(e)),
            }
        }
        let staging = sibling(path, &format!("tmp-{pid}"));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        if let Err(e) = fs::create_dir_all(&staging) {
            let _ = fs::remove_file(&lock);
            return Err(io(&staging)(e));
        }
        Ok(OutputDir {
            final_path: path.to_path_buf(),
            staging,
            lock,
            written: Vec::new(),
            done: false,
        })
    }

    /// Writes `bytes` to `relative` (a path with `/` separators, inside the folder).
    ///
    /// # Errors
    /// [`OutputError::Unsafe`] for absolute paths or `..`; I/O errors naming the file.
    pub fn write(&mut self, relative: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let rel = Path::new(relative);
        let safe =
            !relative.is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(OutputError::Unsafe {
                path: relative.to_string(),
            });
        }
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io(dir))?;
        }
        let shown = self.final_path.join(rel);
        fs::write(&path, bytes).map_err(io(&shown))?;
        self.written.push(relative.to_string());
        Ok(())
    }

    /// Files written so far, in order.
    pub fn written(&self) -> &[String] {
        &self.written
    }

    /// Replaces the previous results with the staged ones and releases the lock.
    ///
    /// # Errors
    /// I/O errors naming the path; the previous results stay in place when the swap fails.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let old = sibling(&self.final_path, &format!("old-{}", std::process::id()));
        let had_previous = self.final_path.exists();
        if had_previous {
            fs::rename(&self.final_path, &old).map_err(io(&self.final_path))?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.final_path) {
            if had_previous {
                let _ = fs::rename(&old, &self.final_path);
            }
            return Err(io(&self.final_path)(e));
        }
        self.done = true;
        if had_previous {
            let _ = fs::remove_dir_all(&old);
        }
        let _ = fs::remove_file(&self.lock);
        Ok(self.final_path.clone())
    }
}

impl Drop for OutputDir {
    /// An unfinished run removes its staging folder and its lock; the previous results stay.
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.staging);
            let _ = fs::remove_file(&self.lock);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_keeps_previous() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("res");
        let mut o = OutputDir::begin(&out).unwrap();
        o.write("tables/a.csv", b"1").unwrap();
        assert!(matches!(
            o.write("../x", b""),
            Err(OutputError::Unsafe { .. })
        ));
        assert!(matches!(
            o.write("/etc/x", b""),
            Err(OutputError::Unsafe { .. })
        ));
        assert!(matches!(
            OutputDir::begin(&out),
            Err(OutputError::Locked { .. })
        ));
        o.commit().unwrap();
        assert_eq!(fs::read(out.join("tables/a.csv")).unwrap(), b"1");
        {
            let mut o = OutputDir::begin(&out).unwrap();
            o.write("tables/a.csv", b"2").unwrap();
            // dropped without commit: an interrupted run
        }
        assert_eq!(fs::read(out.join("tables/a.csv")).unwrap(), b"1");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("res")],
            "no staging or lock left"
        );
    }

    #[test]
    fn stale_lock_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("res");
        fs::write(sibling(&out, "lock"), "4000000000").unwrap();
        let o = OutputDir::begin(&out).unwrap();
        o.commit().unwrap();
    }
}
