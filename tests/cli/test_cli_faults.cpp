// Fault injection on `vitals`'s output files (issue 13, item 7): devices, FIFOs, symbolic links,
// a full disk (a small tmpfs), a read-only folder, a file-size limit, outputs of a multi-file
// command that cannot all be written, and the catchable signals that end a run mid-write. Every
// case checks the exit status, the message naming the path, that no temporary file is left and
// that the previous output is intact.
//
// Device nodes, the tmpfs and the read-only bind mount need root, in a private mount namespace
// (unshare(CLONE_NEWNS), so nothing is visible outside this process and its children); where
// that is not possible the case says why and is skipped.
#include "cli_run.hpp"

#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <chrono>
#include <cstring>
#include <thread>

using namespace cli_test;

namespace {

const std::string previous_output = "account_id,score\nOLD,1\n";

/// The book without its arr column, so `vitals score -` streams (no first pass over the values).
std::string streamable_book(std::size_t accounts) {
    workdir wd;
    const run_result r = run(wd, {"sample", "-n", std::to_string(accounts), "--seed", "7", "--no-progress"});
    REQUIRE(r.code == 0);
    std::string book;
    for (const std::string& line : lines(r.out)) {  // drop the second field (arr)
        const std::size_t a = line.find(','), b = line.find(',', a + 1);
        book += line.substr(0, a) + line.substr(b) + "\n";
    }
    return book;
}

/// Names of temporary files ("NAME.tmp-XXXXXX") in `dir`.
std::vector<std::string> temps_in(const fs::path& dir) {
    std::vector<std::string> t;
    for (const auto& e : fs::directory_iterator(dir))
        if (contains(e.path().filename().string(), ".tmp-")) t.push_back(e.path().filename().string());
    return t;
}

/// The reason root-only cases cannot run here, or "" when this process has a private mount
/// namespace (set up once; every child inherits it).
const std::string& namespace_unavailable() {
    static const std::string reason = [] {
        if (::geteuid() != 0) return std::string("not root: device nodes, tmpfs and bind mounts need root");
        if (::unshare(CLONE_NEWNS) != 0)
            return std::string("unshare(CLONE_NEWNS) failed: ") + std::strerror(errno);
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
            return std::string("making / private in the new namespace failed: ") + std::strerror(errno);
        return std::string();
    }();
    return reason;
}

#define SKIP_WITHOUT_NAMESPACE()                                              \
    if (!namespace_unavailable().empty()) {                                   \
        MESSAGE("skipped: " << namespace_unavailable());                      \
        return;                                                               \
    }

/// A mount in the namespace, undone at the end of the case (so the workdir can be removed).
class mounted {
public:
    explicit mounted(fs::path at) : at_(std::move(at)) {}
    ~mounted() { ::umount2(at_.c_str(), MNT_DETACH); }
    mounted(const mounted&) = delete;
    mounted& operator=(const mounted&) = delete;

private:
    fs::path at_;
};

bool make_char_device(const fs::path& p, unsigned major_no, unsigned minor_no) {
    return ::mknod(p.c_str(), S_IFCHR | 0666, makedev(major_no, minor_no)) == 0;
}

bool is_char_device(const std::string& p) {
    struct stat st {};
    return ::lstat(p.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
}

/// A device to write to: as root a copy made in the workdir (so a vitals that wrongly replaced
/// devices would replace the copy, never the machine's own), else /dev/NAME (which only root
/// could replace); "" when neither is there.
std::string device_path(const workdir& wd, const std::string& name, unsigned minor_no) {
    if (::geteuid() == 0) return make_char_device(wd.path(name), 1, minor_no) ? wd.path(name).string() : std::string();
    return fs::is_character_file("/dev/" + name) ? "/dev/" + name : std::string();
}

}  // namespace

TEST_CASE("a character device as --out (null, full) is written in place, never replaced by a file") {
    workdir wd;
    const std::string null = device_path(wd, "null", 3), full = device_path(wd, "full", 7);
    if (null.empty() || full.empty()) {
        MESSAGE("skipped: no /dev/null or /dev/full here, and not root (mknod)");
        return;
    }
    const run_result ok = run(wd, {"score", sample_csv.string(), "--out", null, "-q"});
    CHECK(ok.code == 0);
    CHECK(ok.err.empty());
    CHECK(is_char_device(null));

    const run_result r = run(wd, {"score", sample_csv.string(), "--out", full, "-q"});
    CHECK(r.code == 1);  // docs/cli.md: the output cannot be written
    CHECK(contains(r.err, "vitals: " + full + ": write failed: No space left on device"));
    CHECK(is_char_device(full));
    CHECK(temps_in(wd.dir()).empty());

    // the same for the other commands that write a file
    const run_result sample = run(wd, {"sample", "-n", "10", "--out", full});
    CHECK(sample.code == 1);
    CHECK(contains(sample.err, "vitals: " + full + ": write failed: No space left on device"));
    const run_result init = run(wd, {"scorecard", "init", full, "--force"});
    CHECK(init.code == 1);
    CHECK(contains(init.err, "vitals: " + full + ": write failed"));
    const run_result devnull = run(wd, {"sample", "-n", "100", "--out", null});
    CHECK(devnull.code == 0);
    CHECK(is_char_device(null));
    CHECK(is_char_device(full));
}

TEST_CASE("a FIFO as --out is written in place: the reader gets every byte, the FIFO stays") {
    workdir wd;
    REQUIRE(::mkfifo(wd.path("pipe").c_str(), 0644) == 0);
    // the read end, open before vitals starts (non-blocking: a vitals that replaced the FIFO by a
    // file would otherwise leave the test waiting for a writer forever)
    const int fd = ::open(wd.path("pipe").c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(fd >= 0);
    spawned p(wd, {"score", sample_csv.string(), "--out", "pipe", "--format", "csv", "-q"});
    std::string received;
    for (bool ended = false;;) {
        char buf[65536];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            received.append(buf, static_cast<std::size_t>(n));
            continue;
        }
        if (ended) break;  // drained after vitals ended
        siginfo_t info{};
        ended = ::waitid(P_PID, static_cast<id_t>(p.pid()), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid != 0;
        if (!ended) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::close(fd);
    const run_result r = p.wait();
    CHECK(r.code == 0);
    CHECK(fs::is_fifo(wd.path("pipe")));
    const run_result direct = run(wd, {"score", sample_csv.string(), "--format", "csv", "-q"});
    REQUIRE(direct.code == 0);
    CHECK(received == direct.out);
    CHECK(temps_in(wd.dir()).empty());
}

TEST_CASE("a symbolic link as --out: its target is replaced, the link stays") {
    workdir wd;
    fs::create_directory(wd.path("real"));
    wd.write("real/scores.csv", previous_output);
    fs::create_symlink("real/scores.csv", wd.path("link.csv"));
    const run_result r = run(wd, {"score", sample_csv.string(), "--out", "link.csv", "-q"});
    CHECK(r.code == 0);
    CHECK(fs::is_symlink(wd.path("link.csv")));
    const std::string scored = wd.read("real/scores.csv");
    CHECK(scored.starts_with("account_id,score,band,"));
    CHECK(temps_in(wd.dir()).empty());
    CHECK(temps_in(wd.path("real")).empty());

    // a dangling link: the file it names is created
    fs::create_symlink("real/new.csv", wd.path("dangling.csv"));
    const run_result d = run(wd, {"score", sample_csv.string(), "--out", "dangling.csv", "-q"});
    CHECK(d.code == 0);
    CHECK(fs::is_symlink(wd.path("dangling.csv")));
    CHECK(wd.read("real/new.csv") == scored);
}

TEST_CASE("an existing file keeps its permission bits") {
    workdir wd;
    wd.write("scores.csv", previous_output);
    fs::permissions(wd.path("scores.csv"), fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    const run_result r = run(wd, {"score", sample_csv.string(), "--out", "scores.csv", "-q"});
    CHECK(r.code == 0);
    CHECK(wd.read("scores.csv") != previous_output);
    CHECK((fs::status(wd.path("scores.csv")).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
}

TEST_CASE("a full disk (a 64 KiB tmpfs): exit 1 naming the file, no temporary file, the old output intact") {
    SKIP_WITHOUT_NAMESPACE();
    workdir wd;
    fs::create_directory(wd.path("small"));
    REQUIRE(::mount("tmpfs", wd.path("small").c_str(), "tmpfs", 0, "size=64k") == 0);
    const mounted m(wd.path("small"));
    wd.write("small/scores.csv", previous_output);
    // 1,000 accounts make about 100 KB of CSV: more than the disk holds
    const run_result r = run(wd, {"score", sample_csv.string(), "--out", "small/scores.csv", "-q"});
    CHECK(r.code == 1);
    CHECK(contains(r.err, "vitals: small/scores.csv: write failed: No space left on device"));
    CHECK(wd.read("small/scores.csv") == previous_output);
    CHECK(temps_in(wd.path("small")).empty());
}

TEST_CASE("a read-only folder: exit 1 naming the file, the old output intact") {
    SKIP_WITHOUT_NAMESPACE();
    workdir wd;
    fs::create_directory(wd.path("ro"));
    wd.write("ro/scores.csv", previous_output);
    // a read-only bind mount: root ignores permission bits, not a read-only mount
    REQUIRE(::mount(wd.path("ro").c_str(), wd.path("ro").c_str(), nullptr, MS_BIND, nullptr) == 0);
    const mounted m(wd.path("ro"));
    REQUIRE(::mount(nullptr, wd.path("ro").c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) == 0);
    const run_result r = run(wd, {"score", sample_csv.string(), "--out", "ro/scores.csv", "-q"});
    CHECK(r.code == 1);
    CHECK(contains(r.err, "vitals: ro/scores.csv: cannot write: Read-only file system"));
    CHECK(wd.read("ro/scores.csv") == previous_output);
    const run_result fresh = run(wd, {"sample", "-n", "10", "--out", "ro/new.csv"});
    CHECK(fresh.code == 1);
    CHECK(contains(fresh.err, "vitals: ro/new.csv: cannot write: Read-only file system"));
    CHECK_FALSE(wd.exists("ro/new.csv"));
}

TEST_CASE("a file-size limit (ulimit -f): a write error, not a kill by SIGXFSZ") {
    workdir wd;
    wd.write("scores.csv", previous_output);
    run_options opt;
    opt.file_size_limit = 16 * 1024;  // the output is about 100 KB
    const run_result r = run(wd, {"score", sample_csv.string(), "--out", "scores.csv", "-q"}, opt);
    CHECK(r.code == 1);
    CHECK(contains(r.err, "vitals: scores.csv: write failed: File too large"));
    CHECK(wd.read("scores.csv") == previous_output);
    CHECK(temps_in(wd.dir()).empty());
}

TEST_CASE("a multi-file command writes all its files or none") {
    workdir wd;
    SUBCASE("vitals sample: a side file that cannot be written") {
        const run_result r = run(wd, {"sample", "-n", "50", "--out", "a.csv", "--history", "nodir/h.csv"});
        CHECK(r.code == 1);
        CHECK(contains(r.err, "vitals: nodir/h.csv: cannot write: No such file or directory"));
        CHECK_FALSE(wd.exists("a.csv"));
        wd.write("a.csv", previous_output);
        const run_result again = run(wd, {"sample", "-n", "50", "--out", "a.csv", "--previous", "p.csv",
                                          "--surveys", "nodir/s.csv"});
        CHECK(again.code == 1);
        CHECK(wd.read("a.csv") == previous_output);
        CHECK_FALSE(wd.exists("p.csv"));
    }
    SUBCASE("vitals sample: the last file fails while being written (/dev/full): the others are not written") {
        const std::string full = device_path(wd, "full", 7);
        if (full.empty()) {
            MESSAGE("skipped: no /dev/full here");
            return;
        }
        const run_result r = run(wd, {"sample", "-n", "50", "--out", "a.csv", "--history", "h.csv", "--overrides", full});
        CHECK(r.code == 1);
        CHECK(contains(r.err, "vitals: " + full + ": write failed: No space left on device"));
        CHECK_FALSE(wd.exists("a.csv"));
        CHECK_FALSE(wd.exists("h.csv"));
    }
    SUBCASE("vitals fit: --report that cannot be written leaves no fitted scorecard") {
        const run_result r = run(wd, {"fit", sample_csv.string(), "--label-column", "churned_next_quarter", "--out",
                                      "fitted.json", "--report", "nodir/report.json", "-q"});
        CHECK(r.code == 1);
        CHECK(contains(r.err, "vitals: nodir/report.json: cannot write"));
        CHECK_FALSE(wd.exists("fitted.json"));
    }
    CHECK(temps_in(wd.dir()).empty());
}

TEST_CASE("a signal mid-write (INT, TERM, HUP, QUIT, PIPE) removes the temporary file and keeps the old output") {
    // A run held open by its input: `vitals score -` reads a pipe the test writes (30,000 accounts,
    // about 1.9 MB: more than the reader's 1 MB buffer and its two chunks read ahead). Once the
    // temporary output has rows in it, the test sends the signal while vitals waits for the rest.
    const std::string book = streamable_book(30000);
    for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) {
        CAPTURE(sig);
        workdir wd;
        wd.write("scores.csv", previous_output);
        run_options opt;
        opt.stdin_pipe = true;
        spawned p(wd, {"score", "-", "--out", "scores.csv", "--chunk-rows", "500", "-q", "--no-progress"}, opt);
        REQUIRE(p.feed(book.substr(0, book.size() - 2000)));  // all but the last rows
        // wait (up to a minute) for the temporary file to hold rows
        bool writing = false;
        for (int i = 0; i < 6000 && !writing; ++i) {
            for (const std::string& t : temps_in(wd.dir())) writing |= fs::file_size(wd.path(t)) > 0;
            if (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        REQUIRE(writing);
        REQUIRE(::kill(p.pid(), sig) == 0);
        const run_result r = p.wait();
        CHECK(r.code == 128 + sig);  // ended by the signal, as the shell reports it
        CHECK(temps_in(wd.dir()).empty());
        CHECK(wd.read("scores.csv") == previous_output);
    }
}

TEST_CASE("a signal the parent ignores (nohup: SIGHUP) stays ignored: the run completes") {
    const std::string book = streamable_book(30000);
    workdir wd;
    wd.write("scores.csv", previous_output);
    run_options opt;
    opt.stdin_pipe = true;
    opt.ignored_signals = {SIGHUP};
    spawned p(wd, {"score", "-", "--out", "scores.csv", "--chunk-rows", "500", "-q", "--no-progress"}, opt);
    const std::size_t first = book.size() - 200000;  // past the reader's first 1 MB buffer
    REQUIRE(p.feed(book.substr(0, first)));
    bool started = false;
    for (int i = 0; i < 6000 && !started; ++i) {
        started = !temps_in(wd.dir()).empty();
        if (!started) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(started);
    REQUIRE(::kill(p.pid(), SIGHUP) == 0);
    REQUIRE(p.feed(book.substr(first)));
    p.close_stdin();
    const run_result r = p.wait();
    CHECK(r.code == 0);
    CHECK(lines(wd.read("scores.csv")).size() == 30001);  // the header and every account
    CHECK(temps_in(wd.dir()).empty());
}
