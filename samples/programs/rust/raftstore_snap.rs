// raftstore_snap: a TiKV-like store that applies a region snapshot whose
// .sst file was removed by snapshot GC; the apply path unwraps the io::Error.
// Build: rustc -g -C opt-level=0 --edition 2021 raftstore_snap.rs
use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = (z - era * 146097) as u64;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe as i64 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn now() -> String {
    let t = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let secs = t.as_secs() as i64;
    let (y, m, d) = civil(secs.div_euclid(86400));
    let s = secs.rem_euclid(86400);
    format!("{:04}/{:02}/{:02} {:02}:{:02}:{:02}.{:03} +00:00", y, m, d, s / 3600, (s / 60) % 60, s % 60, t.subsec_millis())
}

macro_rules! log {
    ($lvl:expr, $($arg:tt)*) => {
        eprintln!("[{}] [{}] [{}:{}] [\"{}\"]", now(), $lvl, file!().rsplit('/').next().unwrap(), line!(), format!($($arg)*))
    };
}

struct SnapKey { region_id: u64, term: u64, idx: u64 }

struct SnapManager { dir: PathBuf }

impl SnapManager {
    fn cf_file(&self, key: &SnapKey, cf: &str) -> PathBuf {
        self.dir.join(format!("rev_{}_{}_{}_{}.sst", key.region_id, key.term, key.idx, cf))
    }

    fn receive(&self, key: &SnapKey) {
        for cf in ["default", "lock", "write"] {
            let p = self.cf_file(key, cf);
            let mut f = File::create(&p).unwrap();
            f.write_all(&vec![7u8; 65536]).unwrap();
            log!("INFO", "received snapshot cf file, region_id: {}, file: {}, size: 65536", key.region_id, p.display());
        }
    }

    fn gc_stale(&self, key: &SnapKey) {
        // GC judges the snapshot stale by mtime and removes the "write" cf file
        let p = self.cf_file(key, "write");
        fs::remove_file(&p).unwrap();
        log!("INFO", "snap gc: deleted stale snapshot file, path: {}", p.display());
    }
}

fn load_cf_file(path: &Path) -> Vec<u8> {
    let mut f = File::open(path).unwrap();
    let mut buf = Vec::new();
    f.read_to_end(&mut buf).unwrap();
    buf
}

fn apply_snapshot(mgr: &SnapManager, key: &SnapKey) -> usize {
    let mut total = 0;
    for cf in ["default", "lock", "write"] {
        let data = load_cf_file(&mgr.cf_file(key, cf));
        total += data.len();
        log!("INFO", "apply snapshot cf, region_id: {}, cf: {}, bytes: {}", key.region_id, cf, data.len());
    }
    total
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "/tmp/tikv-data/snap".into()));
    fs::create_dir_all(&dir).unwrap();
    log!("INFO", "Welcome to TiKV-like raftstore, release version: 7.5.1, git hash: 3b2c1f0, pid: {}", std::process::id());
    log!("INFO", "using config, data-dir: {}, raftstore.snap-gc-timeout: 4h, raftstore.apply-pool-size: 2", dir.parent().unwrap_or(&dir).display());
    log!("INFO", "starting raft store, store_id: 4, regions: 3");
    let mgr = SnapManager { dir };
    let key = SnapKey { region_id: 1024, term: 7, idx: 1289931 };
    log!("INFO", "begin to receive snapshot, region_id: {}, term: {}, index: {}", key.region_id, key.term, key.idx);
    mgr.receive(&key);
    log!("WARN", "apply pool busy, snapshot apply delayed, region_id: {}, pending_applies: 12", key.region_id);
    mgr.gc_stale(&key);
    log!("INFO", "begin to apply snapshot, region_id: {}, peer_id: 1025", key.region_id);
    let n = apply_snapshot(&mgr, &key);
    log!("INFO", "apply snapshot finished, region_id: {}, bytes: {}", key.region_id, n);
}
