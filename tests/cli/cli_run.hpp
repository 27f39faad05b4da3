// Running the built `vitals` binary from tests: a scratch folder, the command, its exit status,
// standard output and standard error. VITALS_CLI (the binary) and VITALS_SOURCE_DIR come from
// tests/cli/CMakeLists.txt.
#pragma once

#include <doctest/doctest.h>

#include <fcntl.h>
#include <pty.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace cli_test {

namespace fs = std::filesystem;

inline const fs::path source_dir = VITALS_SOURCE_DIR;
inline const fs::path sample_csv = source_dir / "docs" / "examples" / "accounts.csv";

struct run_result {
    int code = -1;  ///< exit status, or 128 + signal
    std::string out, err;
};

/// A fresh scratch folder, removed at the end of the test; commands run inside it.
class workdir {
public:
    workdir() {
        std::string tmpl = (fs::temp_directory_path() / "vitals-cli-XXXXXX").string();
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        dir_ = tmpl;
    }
    ~workdir() { fs::remove_all(dir_); }
    workdir(const workdir&) = delete;
    workdir& operator=(const workdir&) = delete;

    [[nodiscard]] fs::path path(const std::string& name) const { return dir_ / name; }
    [[nodiscard]] const fs::path& dir() const { return dir_; }
    void write(const std::string& name, const std::string& bytes) const {
        std::ofstream(dir_ / name, std::ios::binary) << bytes;
    }
    [[nodiscard]] std::string read(const std::string& name) const {
        std::ifstream in(dir_ / name, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
    [[nodiscard]] bool exists(const std::string& name) const { return fs::exists(dir_ / name); }
    /// Names of the files in the folder (to see that no temporary file is left behind).
    [[nodiscard]] std::vector<std::string> files() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

private:
    fs::path dir_;
};

struct run_options {
    std::map<std::string, std::optional<std::string>> env;  ///< set (value) or unset (nullopt)
    std::string stdin_file;                                  ///< a file in the workdir; "" = /dev/null
    bool stdout_tty = false;                                 ///< standard output on a pseudo-terminal
    bool stdin_pipe = false;                                 ///< standard input from the test (spawned::feed)
    long long file_size_limit = -1;                          ///< RLIMIT_FSIZE in bytes (ulimit -f); -1 = as is
    std::vector<int> ignored_signals;                        ///< set to SIG_IGN before exec (as nohup does)
};

/// Standard output on a pseudo-terminal, with `env`.
inline run_options on_terminal(std::map<std::string, std::optional<std::string>> env) {
    run_options o;
    o.env = std::move(env);
    o.stdout_tty = true;
    return o;
}

/// Standard input from `file` (in the workdir).
inline run_options stdin_from(std::string file) {
    run_options o;
    o.stdin_file = std::move(file);
    return o;
}

namespace detail {
inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace detail

/// `vitals args...` started in `wd` and running; wait() for its result.
class spawned {
public:
    spawned(const workdir& wd, const std::vector<std::string>& args, const run_options& opt = {})
        : out_file_(wd.dir() / ".stdout"), err_file_(wd.dir() / ".stderr"), tty_(opt.stdout_tty) {
        int master = -1, slave = -1, in_pipe[2] = {-1, -1};
        if (opt.stdout_tty) REQUIRE(::openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
        if (opt.stdin_pipe) REQUIRE(::pipe(in_pipe) == 0);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            if (::chdir(wd.dir().c_str()) != 0) ::_exit(127);
            const std::string in = opt.stdin_file.empty() ? "/dev/null" : (wd.dir() / opt.stdin_file).string();
            const int i = opt.stdin_pipe ? in_pipe[0] : ::open(in.c_str(), O_RDONLY);
            const int o = opt.stdout_tty ? slave : ::open(out_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int e = ::open(err_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (i < 0 || o < 0 || e < 0) ::_exit(127);
            ::dup2(i, 0);
            ::dup2(o, 1);
            ::dup2(e, 2);
            if (master >= 0) ::close(master);
            if (in_pipe[1] >= 0) ::close(in_pipe[1]);
            for (const auto& [k, v] : opt.env) {
                if (v) ::setenv(k.c_str(), v->c_str(), 1);
                else ::unsetenv(k.c_str());
            }
            if (opt.file_size_limit >= 0) {
                const rlimit lim{static_cast<rlim_t>(opt.file_size_limit), static_cast<rlim_t>(opt.file_size_limit)};
                if (::setrlimit(RLIMIT_FSIZE, &lim) != 0) ::_exit(127);
            }
            for (const int sig : opt.ignored_signals) ::signal(sig, SIG_IGN);
            std::vector<std::string> argv_s{VITALS_CLI};
            argv_s.insert(argv_s.end(), args.begin(), args.end());
            std::vector<char*> argv;
            for (std::string& s : argv_s) argv.push_back(s.data());
            argv.push_back(nullptr);
            ::execv(VITALS_CLI, argv.data());
            ::_exit(127);
        }
        if (opt.stdout_tty) ::close(slave);
        master_ = master;
        if (opt.stdin_pipe) {
            ::close(in_pipe[0]);
            stdin_ = in_pipe[1];
        }
    }
    ~spawned() {
        close_stdin();
        if (pid_ > 0) (void)wait();
    }
    spawned(const spawned&) = delete;
    spawned& operator=(const spawned&) = delete;

    [[nodiscard]] pid_t pid() const noexcept { return pid_; }
    /// Writes to its standard input (stdin_pipe); false once it stopped reading.
    bool feed(const std::string& bytes) {
        for (std::size_t at = 0; at < bytes.size();) {
            const ssize_t n = ::write(stdin_, bytes.data() + at, bytes.size() - at);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            at += static_cast<std::size_t>(n);
        }
        return true;
    }
    void close_stdin() {
        if (stdin_ >= 0) ::close(stdin_);
        stdin_ = -1;
    }
    /// Waits for it to end: exit status (128 + signal when a signal ended it), output, errors.
    run_result wait() {
        run_result r;
        if (tty_) {
            char buf[4096];
            for (;;) {
                const ssize_t n = ::read(master_, buf, sizeof buf);
                if (n > 0) r.out.append(buf, static_cast<std::size_t>(n));
                else if (n < 0 && errno == EINTR) continue;
                else break;  // EIO: the child closed the terminal
            }
            ::close(master_);
        }
        close_stdin();
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
        r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (!tty_) r.out = detail::slurp(out_file_);
        r.err = detail::slurp(err_file_);
        fs::remove(out_file_);
        fs::remove(err_file_);
        return r;
    }

private:
    fs::path out_file_, err_file_;
    bool tty_;
    pid_t pid_ = -1;
    int master_ = -1, stdin_ = -1;
};

/// Runs `vitals args...` in `wd` to its end.
inline run_result run(const workdir& wd, const std::vector<std::string>& args, const run_options& opt = {}) {
    return spawned(wd, args, opt).wait();
}

/// Lines of a text (without their line ends).
inline std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace cli_test
