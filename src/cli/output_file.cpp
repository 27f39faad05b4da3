#include "output_file.hpp"

#include "common.hpp"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace vitals::cli {
namespace {

// ---- temporary files the signal handler removes -------------------------------------------------
//
// A fixed table, so the handler reads only lock-free atomics and plain characters: a slot is taken
// (`used`), its path written, then made `live`; the handler unlinks every live path.

constexpr int max_temps = 16;

struct temp_slot {
    std::atomic<bool> used{false};
    std::atomic<bool> live{false};
    char path[PATH_MAX];
};
temp_slot g_temps[max_temps];

constexpr int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};

extern "C" void remove_temps_and_die(int sig) {
    for (temp_slot& s : g_temps)
        if (s.live.load()) ::unlink(s.path);
    // SA_RESETHAND restored the default action and SA_NODEFER left the signal unblocked: this ends
    // the process as the signal would have (the shell sees 128 + sig).
    ::raise(sig);
}

/// Handlers for the catchable signals that end a process, once; a signal the parent made us ignore
/// (nohup: SIGHUP) stays ignored. SIGXFSZ (over the file-size limit) is ignored: the write fails
/// with EFBIG and is reported like any other write error.
void install_handlers() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (const int sig : cleanup_signals) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;
            struct sigaction sa {};
            sa.sa_handler = remove_temps_and_die;
            ::sigemptyset(&sa.sa_mask);
            sa.sa_flags = SA_RESETHAND | SA_NODEFER;
            ::sigaction(sig, &sa, nullptr);
        }
        ::signal(SIGXFSZ, SIG_IGN);
    });
}

/// Blocks the cleanup signals for its lifetime (a temporary is created and recorded in between).
class signals_blocked {
public:
    signals_blocked() {
        sigset_t set;
        ::sigemptyset(&set);
        for (const int sig : cleanup_signals) ::sigaddset(&set, sig);
        ::pthread_sigmask(SIG_BLOCK, &set, &old_);
    }
    ~signals_blocked() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
    signals_blocked(const signals_blocked&) = delete;
    signals_blocked& operator=(const signals_blocked&) = delete;

private:
    sigset_t old_;
};

int take_slot(const std::string& path) {
    for (int i = 0; i < max_temps; ++i) {
        bool expected = false;
        if (g_temps[i].used.compare_exchange_strong(expected, true)) {
            std::memcpy(g_temps[i].path, path.c_str(), path.size() + 1);
            g_temps[i].live = true;
            return i;
        }
    }
    return -1;
}

void release_slot(int& slot) noexcept {
    if (slot < 0) return;
    g_temps[slot].live = false;
    g_temps[slot].used = false;
    slot = -1;
}

/// `path` with symbolic links followed to the file they name (which may not exist yet).
std::filesystem::path follow_links(std::filesystem::path p) {
    for (int hops = 0; hops < 40; ++hops) {
        struct stat st {};
        if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p;
        std::error_code ec;
        const std::filesystem::path to = std::filesystem::read_symlink(p, ec);
        if (ec) return p;
        p = to.is_absolute() ? to : p.parent_path() / to;
    }
    return p;  // a loop: creating the temporary next to it fails with a clear error
}

std::string error_text(int err) { return std::strerror(err); }

}  // namespace

output_file::output_file(const std::string& path) : path_(path) {
    install_handlers();
    if (path.empty() || path == "-") {
        file_ = stdout;
        path_ = "<stdout>";
        return;
    }
    const auto cannot = [&](int err) { die(exit_failure, path + ": cannot write: " + error_text(err)); };
    struct stat st {};
    mode_t mode = 0;
    bool existing = false;
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) die(exit_usage, path + ": is a directory");
        if (!S_ISREG(st.st_mode)) {  // a device, FIFO or socket: write to it, never replace it
            const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
            if (fd < 0) cannot(errno);
            file_ = ::fdopen(fd, "wb");
            if (file_ == nullptr) {
                const int e = errno;
                ::close(fd);
                cannot(e);
            }
            kind_ = kind::in_place;
            return;
        }
        if (::access(path.c_str(), W_OK) != 0) cannot(errno);  // as `>` would refuse it
        mode = st.st_mode & 07777;
        existing = true;
    } else if (errno != ENOENT) {
        cannot(errno);
    } else {
        mode = ::umask(0);
        ::umask(mode);
        mode = static_cast<mode_t>(0666 & ~mode);  // as open(2) would have created it
    }
    const std::filesystem::path target = follow_links(path);
    if (!target.has_filename()) die(exit_usage, path + ": is a directory");
    target_ = target.string();
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    temp_ = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    if (temp_.size() >= PATH_MAX) die(exit_failure, path + ": cannot write: the path is too long");
    int fd = -1;
    {
        const signals_blocked blocked;
        fd = ::mkstemp(temp_.data());
        if (fd >= 0) slot_ = take_slot(temp_);
    }
    if (fd < 0) cannot(errno);
    kind_ = kind::replace;
    if (slot_ < 0) {
        ::close(fd);
        ::unlink(temp_.c_str());
        die(exit_failure, path + ": cannot write: more than 16 output files at once");
    }
    (void)::fchmod(fd, mode);
    if (existing && ::geteuid() == 0) (void)::fchown(fd, st.st_uid, st.st_gid);  // root keeps the owner
    file_ = ::fdopen(fd, "wb");
    if (file_ == nullptr) {
        const int e = errno;
        ::close(fd);
        abandon();
        cannot(e);
    }
    buffer_ = std::make_unique<char[]>(buffer_size);
    std::setvbuf(file_, buffer_.get(), _IOFBF, buffer_size);
}

output_file::~output_file() {
    if (!committed_) abandon();
}

void output_file::abandon() noexcept {
    if (file_ != nullptr && file_ != stdout) std::fclose(file_);
    file_ = nullptr;
    if (slot_ >= 0) {
        ::unlink(temp_.c_str());
        release_slot(slot_);
    }
}

void output_file::fail_write(int err) {
    abandon();
    committed_ = true;  // nothing left to undo
    die(exit_failure, path_ + ": write failed: " + error_text(err));
}

void output_file::write(std::string_view text) {
    if (text.empty()) return;
    if (file_ == nullptr) die(exit_failure, path_ + ": write after the file was completed");
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) fail_write(errno);
}

void output_file::finish() {
    if (finished_) return;
    finished_ = true;
    if (kind_ == kind::standard_output) {
        if (std::fflush(stdout) != 0) fail_write(errno);
        return;
    }
    int err = 0;
    if (std::fflush(file_) != 0) err = errno;
    if (err == 0 && kind_ == kind::replace && ::fsync(::fileno(file_)) != 0) err = errno;
    std::FILE* f = file_;
    file_ = nullptr;
    if (std::fclose(f) != 0 && err == 0) err = errno;
    if (err != 0) fail_write(err);
}

void output_file::commit() {
    finish();
    if (kind_ == kind::replace && !committed_) {
        if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
            const int e = errno;
            abandon();
            committed_ = true;
            die(exit_failure, path_ + ": cannot write: " + error_text(e));
        }
        release_slot(slot_);
    }
    committed_ = true;
}

void commit_all(std::initializer_list<output_file*> outputs) {
    for (output_file* o : outputs)
        if (o) o->finish();
    for (output_file* o : outputs)
        if (o) o->commit();
}

}  // namespace vitals::cli
