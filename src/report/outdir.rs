//! The output folder, written atomically: every file goes into a hidden sibling folder, which
//! replaces the previous results only when the whole run has succeeded. A lock file next to the
//! output folder keeps two runs from writing the same results at once.
//!
//! For an output folder `res`, the siblings are `.res.lock` (the lock, holding the PID of the
//! run), `.res.tmp-<pid>` (the results being written) and, for an instant during the swap,
//! `.res.old-<pid>` (the previous results). A run killed before the swap leaves the previous
//! results untouched; the next run takes over its lock, removes what it left, and, if it was
//! killed in the middle of the swap, puts the previous results back ([`prepare`]).
//!
//! The lock is a value, not process-wide state: [`prepare`] returns an [`OutputLock`],
//! [`OutputDir::begin`] takes it over, and whichever holds it last removes the lock file when
//! it is dropped (or when the results are committed). Two runs, or two threads of one
//! process, never hold the lock of one folder at once: the second is refused
//! ([`OutputError::Locked`]).
//!
//! Durability ([`OutputDir::commit`]): every staged file and folder is `fsync`ed before the
//! swap, and the parent folder after it, so that a power cut never leaves a results folder
//! whose name is in place but whose files are empty or cut short (`docs/outputs.md`, section
//! "Durability").

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// What went wrong while preparing or writing the output folder.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{path}: another ptce run (process {pid}) is writing these results; wait for it to finish, or remove the lock file if that process is gone")]
    Locked { path: PathBuf, pid: String },
    /// An I/O failure on `path`; `context` says what was being done (may be empty).
    #[error("{path}: {context}{source}")]
    Io {
        path: PathBuf,
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: refusing to write outside the output folder")]
    Unsafe { path: String },
    #[error("{path}: the output folder is inside the study folder; choose another --out so that inputs are never modified")]
    InsideStudy { path: PathBuf },
    #[error("{path}: the output folder holds the study folder {study}; a run replaces its output folder whole, so choose another --out (even with --force)")]
    HoldsStudy { path: PathBuf, study: PathBuf },
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        context: String::new(),
        source,
    }
}

/// An output folder being written; it holds the folder's lock until committed or dropped.
#[derive(Debug)]
pub struct OutputDir {
    final_path: PathBuf,
    staging: PathBuf,
    written: Vec<String>,
    done: bool,
    /// Released after the staging folder is removed (fields drop after [`Drop::drop`]).
    _lock: OutputLock,
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string())
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    path.with_file_name(format!(".{}.{suffix}", name_of(path)))
}

/// `fsync` of a file or a folder (opened read-only, which Linux allows for both).
fn sync_path(path: &Path) -> std::io::Result<()> {
    fs::File::open(path)?.sync_all()
}

/// `syncfs` of the file system that holds `path` (Linux): the data and metadata of all its files
/// written back and committed in one call — one journal commit where an `fsync` per file makes
/// one each.
#[cfg(target_os = "linux")]
fn sync_file_system(path: &Path) -> std::io::Result<()> {
    let folder = fs::File::open(path)?;
    rustix::fs::syncfs(&folder).map_err(|e| std::io::Error::from_raw_os_error(e.raw_os_error()))
}

fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn process_alive(pid: &str) -> bool {
    match pid.trim().parse::<u32>() {
        Ok(p) if Path::new("/proc").exists() => Path::new(&format!("/proc/{p}")).exists(),
        Ok(_) => true,
        Err(_) => false,
    }
}

/// Creates `lock` holding `pid`, atomically: the PID is written to a private file first, then
/// hard-linked to the lock name, so that the lock never exists empty (a run that found it
/// empty could not tell a starting run from a dead one). File systems without hard links
/// (FAT, exFAT) fall back to create-then-write.
fn create_lock(lock: &Path, pid: &str) -> std::io::Result<()> {
    // One private file per attempt, not per process: two threads of one process sharing it
    // would truncate the inode that one of them has just linked as the lock (found empty, then
    // taken over as stale, by a third: seen under load in the concurrent-writers test).
    static ATTEMPT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = ATTEMPT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let private = PathBuf::from(format!("{}-{pid}-{n}", lock.display()));
    fs::write(&private, pid)?;
    let linked = fs::hard_link(&private, lock);
    let _ = fs::remove_file(&private);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            let mut f = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(lock)?;
            f.write_all(pid.as_bytes())
        }
    }
}

/// Takes the lock of `path`. Returns the PID of a dead run whose lock was taken over. A lock
/// holding the PID of this process is held by another thread: refused like any live run.
fn take_lock(path: &Path, lock: &Path) -> Result<Option<String>, OutputError> {
    let parent = parent_of(path);
    let pid = std::process::id().to_string();
    let mut taken_over = None;
    for _ in 0..3 {
        match create_lock(lock, &pid) {
            Ok(()) => return Ok(taken_over),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(OutputError::Io {
                    path: parent.to_path_buf(),
                    context: format!(
                        "cannot write in this folder (creating the lock file {}): ",
                        lock.display()
                    ),
                    source: e,
                })
            }
        }
        let holder = match fs::read_to_string(lock) {
            Ok(h) => h.trim().to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io(lock)(e)),
        };
        if process_alive(&holder) {
            return Err(OutputError::Locked {
                path: lock.to_path_buf(),
                pid: holder,
            });
        }
        // Stale: move it aside (atomic), then check that what was moved is that stale lock and
        // not the lock of a run that took it over in between.
        let aside = PathBuf::from(format!("{}-stale-{pid}", lock.display()));
        match fs::rename(lock, &aside) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io(lock)(e)),
        }
        let moved = fs::read_to_string(&aside).unwrap_or_default();
        if moved.trim() != holder && process_alive(&moved) {
            let _ = fs::hard_link(&aside, lock);
            let _ = fs::remove_file(&aside);
            return Err(OutputError::Locked {
                path: lock.to_path_buf(),
                pid: moved.trim().to_string(),
            });
        }
        let _ = fs::remove_file(&aside);
        taken_over = Some(if holder.is_empty() {
            "unknown".to_string()
        } else {
            holder
        });
    }
    Err(OutputError::Locked {
        path: lock.to_path_buf(),
        pid: "unknown".to_string(),
    })
}

/// With the lock held: removes what dead runs left next to `path` (unfinished results, private
/// lock files), and puts back previous results that a run killed during the swap left aside.
/// Returns one sentence per thing done.
fn recover(path: &Path) -> Result<Vec<String>, OutputError> {
    let parent = parent_of(path);
    let prefix = format!(".{}.", name_of(path));
    let mut notes = Vec::new();
    let mut leftovers: Vec<(String, String, PathBuf)> = Vec::new();
    for entry in fs::read_dir(parent).map_err(io(parent))? {
        let Ok(entry) = entry else { continue };
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let (kind, pid) = match rest.split_once('-') {
            Some(("tmp" | "old", pid)) => (&rest[..3], pid),
            // `lock-<pid>-<attempt>` (private), `lock-stale-<pid>` (moved aside).
            Some(("lock", rest)) => {
                let pid = rest.trim_start_matches("stale-");
                ("lock", pid.split('-').next().unwrap_or(pid))
            }
            _ => continue,
        };
        if pid.parse::<u32>().is_err() || pid == std::process::id().to_string() {
            continue;
        }
        if !process_alive(pid) {
            leftovers.push((kind.to_string(), pid.to_string(), entry.path()));
        }
    }
    leftovers.sort();
    for (kind, pid, p) in leftovers {
        match kind.as_str() {
            "old" if !path.exists() => {
                fs::rename(&p, path).map_err(io(&p))?;
                notes.push(format!("a run (process {pid}) was killed while replacing the results in {}: the previous results were put back", path.display()));
            }
            "old" | "tmp" => {
                fs::remove_dir_all(&p).map_err(io(&p))?;
                if kind == "tmp" {
                    notes.push(format!("a run (process {pid}) was interrupted before finishing: its unfinished results {} were removed; {} was left as it was", p.display(), path.display()));
                }
            }
            _ => {
                let _ = fs::remove_file(&p);
            }
        }
    }
    Ok(notes)
}

/// The lock of an output folder (the file `.<name>.lock`, holding the PID of the run), taken
/// by [`prepare`] and removed when this value is dropped. [`OutputDir::begin`] takes it over.
#[derive(Debug)]
pub struct OutputLock {
    /// The output folder.
    path: PathBuf,
    lock: PathBuf,
}

impl OutputLock {
    /// The output folder this lock is for.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for OutputLock {
    /// Releases the lock.
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.lock);
    }
}

/// Takes the lock of the output folder `path` at the start of a run, so that a second run is
/// refused at once rather than after its analysis: creates the parent folder, takes the lock
/// (taking over the lock of a run that no longer exists), and cleans up after killed runs.
///
/// # Arguments
/// * `path` — the output folder.
///
/// # Returns
/// The held lock (hand it to [`OutputDir::begin`] to write), and one sentence per thing
/// recovered from an interrupted run (none when there was nothing to recover).
///
/// # Errors
/// [`OutputError::Locked`] when a live run (or another thread of this process) holds the
/// lock; [`OutputError::Io`] naming the folder that cannot be written (read-only, full,
/// missing permissions).
///
/// # Complexity
/// O(s) for s entries in the parent folder, plus the removal of what killed runs left.
pub fn prepare(path: &Path) -> Result<(OutputLock, Vec<String>), OutputError> {
    let parent = parent_of(path);
    fs::create_dir_all(parent).map_err(io(parent))?;
    let lock = sibling(path, "lock");
    let taken = take_lock(path, &lock)?;
    let held = OutputLock {
        path: path.to_path_buf(),
        lock,
    };
    // On an error the lock is dropped, so released.
    let mut notes = recover(path)?;
    if let Some(pid) = taken {
        if notes.is_empty() {
            notes.push(format!(
                "the lock left by a run that no longer exists (process {pid}) was taken over"
            ));
        }
    }
    Ok((held, notes))
}

impl OutputDir {
    /// Creates the staging folder of the output folder whose lock is `lock`, and keeps the
    /// lock until the results are committed or the writer is dropped.
    ///
    /// # Errors
    /// An I/O error naming the staging folder (the lock is then released).
    pub fn begin(lock: OutputLock) -> Result<OutputDir, OutputError> {
        let path = lock.path.clone();
        let staging = sibling(&path, &format!("tmp-{}", std::process::id()));
        let created = match staging.exists() {
            true => fs::remove_dir_all(&staging).and_then(|_| fs::create_dir_all(&staging)),
            false => fs::create_dir_all(&staging),
        };
        created.map_err(io(&staging))?;
        Ok(OutputDir {
            final_path: path,
            staging,
            written: Vec::new(),
            done: false,
            _lock: lock,
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

    /// Makes the staged folder durable. On Linux, one `syncfs` of its file system (every file
    /// and folder of the staging tree with it): a 10,000-PTCE study writes 20,000 files, whose
    /// `fsync`s, one journal commit each, took 4–5 s where `syncfs` takes under one
    /// (`docs/performance.md`). Elsewhere, or when `syncfs` fails, [`OutputDir::sync_each`],
    /// which names the file that cannot be synced.
    fn sync_staged(&self) -> Result<(), OutputError> {
        #[cfg(target_os = "linux")]
        if sync_file_system(&self.staging).is_ok() {
            return Ok(());
        }
        self.sync_each()
    }

    /// Every file written, then every folder of the staging tree (deepest first, the staging
    /// folder last), `fsync`ed. Files are synced in parallel (the order of `fsync` calls does not
    /// matter; all finish before the swap).
    fn sync_each(&self) -> Result<(), OutputError> {
        use rayon::prelude::*;
        self.written.par_iter().try_for_each(|rel| {
            let path = self.staging.join(rel);
            sync_path(&path).map_err(io(&self.final_path.join(rel)))
        })?;
        let mut dirs: Vec<PathBuf> = self
            .written
            .iter()
            .flat_map(|rel| Path::new(rel).ancestors().skip(1).map(Path::to_path_buf))
            .filter(|d| !d.as_os_str().is_empty())
            .collect();
        dirs.sort();
        dirs.dedup();
        // Deepest first: a folder's entry in its parent is synced after its own entries.
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in dirs {
            sync_path(&self.staging.join(&d)).map_err(io(&self.final_path.join(&d)))?;
        }
        sync_path(&self.staging).map_err(io(&self.staging))
    }

    /// Replaces the previous results with the staged ones and releases the lock: the staged
    /// files and folders are `fsync`ed, the folder renamed into place, and the parent folder
    /// `fsync`ed (what a crash at each point leaves: `docs/outputs.md`, "Durability").
    ///
    /// # Errors
    /// I/O errors naming the path; the previous results stay in place when the swap fails.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        self.sync_staged()?;
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
        let parent = parent_of(&self.final_path);
        let synced = sync_path(parent).map_err(io(parent));
        if had_previous {
            let _ = fs::remove_dir_all(&old);
        }
        // The lock is released when `self` is dropped, on return.
        synced?;
        Ok(self.final_path.clone())
    }
}

impl Drop for OutputDir {
    /// An unfinished run removes its staging folder (then its lock, a field); the previous
    /// results stay.
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes the lock and opens the staging folder, as a run does.
    fn open(out: &Path) -> Result<OutputDir, OutputError> {
        OutputDir::begin(prepare(out)?.0)
    }

    /// Both ways of making the staged folder durable succeed on a staged folder, and fail when
    /// what they sync is gone: the file by file one names the file.
    #[test]
    fn the_staged_folder_is_synced_whole_or_file_by_file() {
        let tmp = tempfile::tempdir().unwrap();
        let mut dir = open(&tmp.path().join("res")).unwrap();
        dir.write("tables/a.csv", b"x\n1\n").unwrap();
        dir.write("figures/b.svg", b"<svg/>").unwrap();
        dir.sync_each().unwrap();
        dir.sync_staged().unwrap();
        #[cfg(target_os = "linux")]
        {
            sync_file_system(&dir.staging).unwrap();
            assert!(sync_file_system(&tmp.path().join("missing")).is_err());
        }
        fs::remove_file(dir.staging.join("tables/a.csv")).unwrap();
        let e = dir.sync_each().unwrap_err().to_string();
        assert!(e.contains("a.csv"), "{e}");
    }

    #[test]
    fn commit_replaces_and_drop_keeps_previous() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("res");
        let mut o = open(&out).unwrap();
        o.write("tables/a.csv", b"1").unwrap();
        assert!(matches!(
            o.write("../x", b""),
            Err(OutputError::Unsafe { .. })
        ));
        assert!(matches!(
            o.write("/etc/x", b""),
            Err(OutputError::Unsafe { .. })
        ));
        assert!(matches!(open(&out), Err(OutputError::Locked { .. })));
        o.commit().unwrap();
        assert_eq!(fs::read(out.join("tables/a.csv")).unwrap(), b"1");
        {
            let mut o = open(&out).unwrap();
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
        let o = open(&out).unwrap();
        o.commit().unwrap();
        // An empty lock (a run killed before writing its PID) is stale too.
        fs::write(sibling(&out, "lock"), "").unwrap();
        let (_lock, notes) = prepare(&out).unwrap();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("taken over"), "{notes:?}");
    }

    /// The state a run killed between the two renames of `commit` leaves: the previous results
    /// aside, the new ones unfinished, its lock. `prepare` puts the previous results back.
    #[test]
    fn prepare_recovers_from_a_run_killed_during_the_swap() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("res");
        let dead = "4000000000";
        fs::create_dir_all(sibling(&out, &format!("old-{dead}"))).unwrap();
        fs::write(sibling(&out, &format!("old-{dead}")).join("a.csv"), "1").unwrap();
        fs::create_dir_all(sibling(&out, &format!("tmp-{dead}"))).unwrap();
        fs::write(sibling(&out, "lock"), dead).unwrap();
        fs::write(sibling(&out, &format!("lock-{dead}")), dead).unwrap();
        fs::write(sibling(&out, &format!("lock-{dead}-7")), dead).unwrap();
        // Another output folder's leftovers and a live run's private lock file are not touched.
        fs::create_dir_all(dir.path().join(".other.tmp-4000000000")).unwrap();
        // (process 1 is always alive)
        let live = "lock-1";
        fs::write(sibling(&out, live), "x").unwrap();
        let (lock, notes) = prepare(&out).unwrap();
        drop(lock);
        assert_eq!(fs::read_to_string(out.join("a.csv")).unwrap(), "1");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("put back")), "{notes:?}");
        assert!(
            notes.iter().any(|n| n.contains("were removed")),
            "{notes:?}"
        );
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec![".other.tmp-4000000000", &format!(".res.{live}"), "res"]
        );
        // Nothing left to recover the second time.
        assert!(prepare(&out).unwrap().1.is_empty());
    }

    #[test]
    fn the_lock_of_prepare_is_held_until_the_write_releases_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("res");
        let lock = sibling(&out, "lock");
        let (held, _) = prepare(&out).unwrap();
        assert!(lock.exists());
        assert_eq!(held.path(), out.as_path());
        assert!(matches!(prepare(&out), Err(OutputError::Locked { .. })));
        let mut o = OutputDir::begin(held).unwrap();
        assert!(
            matches!(prepare(&out), Err(OutputError::Locked { .. })),
            "the writer holds it now"
        );
        o.write("a.csv", b"1").unwrap();
        o.commit().unwrap();
        assert!(!lock.exists());
        // A run that stops before writing releases it when the lock is dropped.
        drop(prepare(&out).unwrap());
        assert_eq!(names(dir.path()), vec!["res"]);
    }

    /// Threads of one process writing one folder: the lock is theirs in turn, never two at
    /// once (counted between taking the lock and committing), and the folder holds one
    /// writer's files, not a mix. Without the lock the sleeps make the writers overlap.
    #[test]
    fn concurrent_writers_of_one_folder_never_interleave() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("res");
        let (inside, most, refused) = (
            AtomicUsize::new(0),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        );
        std::thread::scope(|scope| {
            for writer in 0..4 {
                let (out, inside, most, refused) = (&out, &inside, &most, &refused);
                scope.spawn(move || {
                    let mut commits = 0;
                    while commits < 3 {
                        let lock = match prepare(out) {
                            Ok((lock, _)) => lock,
                            Err(OutputError::Locked { .. }) => {
                                refused.fetch_add(1, Ordering::SeqCst);
                                std::thread::sleep(std::time::Duration::from_millis(1));
                                continue;
                            }
                            Err(e) => panic!("{e}"),
                        };
                        let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        let mut o = OutputDir::begin(lock).unwrap();
                        let text = format!("{writer}-{commits}");
                        for f in ["a.csv", "b.csv"] {
                            o.write(f, text.as_bytes()).unwrap();
                            std::thread::sleep(std::time::Duration::from_millis(2));
                        }
                        // Still locked: nobody can enter before the commit releases it.
                        inside.fetch_sub(1, Ordering::SeqCst);
                        o.commit().unwrap();
                        commits += 1;
                    }
                });
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 1, "two writers held the lock");
        assert!(refused.load(Ordering::SeqCst) > 0, "the writers never met");
        let a = fs::read_to_string(out.join("a.csv")).unwrap();
        assert_eq!(a, fs::read_to_string(out.join("b.csv")).unwrap());
        assert_eq!(names(dir.path()), vec!["res"]);
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_stale_lock_replaced_by_a_live_one_is_not_stolen() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("res");
        let lock = sibling(&out, "lock");
        fs::write(&lock, std::process::id().to_string()).unwrap();
        assert!(matches!(prepare(&out), Err(OutputError::Locked { .. })));
        assert_eq!(
            fs::read_to_string(&lock).unwrap(),
            std::process::id().to_string(),
            "a live lock is left in place"
        );
    }
}
