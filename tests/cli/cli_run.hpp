// Running the built `vitals` binary from tests: a scratch folder, the command, its exit status,
// standard output and standard error. VITALS_CLI (the binary) and VITALS_SOURCE_DIR come from
// tests/cli/CMakeLists.txt.
#pragma once

#include <doctest/doctest.h>

#include <fcntl.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
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
};

namespace detail {
inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace detail

/// Runs `vitals args...` in `wd`.
inline run_result run(const workdir& wd, const std::vector<std::string>& args, const run_options& opt = {}) {
    const fs::path out_file = wd.dir() / ".stdout", err_file = wd.dir() / ".stderr";
    int master = -1, slave = -1;
    if (opt.stdout_tty) REQUIRE(::openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (::chdir(wd.dir().c_str()) != 0) ::_exit(127);
        const std::string in = opt.stdin_file.empty() ? "/dev/null" : (wd.dir() / opt.stdin_file).string();
        const int i = ::open(in.c_str(), O_RDONLY);
        const int o = opt.stdout_tty ? slave : ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int e = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (i < 0 || o < 0 || e < 0) ::_exit(127);
        ::dup2(i, 0);
        ::dup2(o, 1);
        ::dup2(e, 2);
        if (master >= 0) ::close(master);
        for (const auto& [k, v] : opt.env) {
            if (v) ::setenv(k.c_str(), v->c_str(), 1);
            else ::unsetenv(k.c_str());
        }
        std::vector<std::string> argv_s{VITALS_CLI};
        argv_s.insert(argv_s.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (std::string& s : argv_s) argv.push_back(s.data());
        argv.push_back(nullptr);
        ::execv(VITALS_CLI, argv.data());
        ::_exit(127);
    }
    run_result r;
    if (opt.stdout_tty) {
        ::close(slave);
        char buf[4096];
        for (;;) {
            const ssize_t n = ::read(master, buf, sizeof buf);
            if (n > 0) r.out.append(buf, static_cast<std::size_t>(n));
            else if (n < 0 && errno == EINTR) continue;
            else break;  // EIO: the child closed the terminal
        }
        ::close(master);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (!opt.stdout_tty) r.out = detail::slurp(out_file);
    r.err = detail::slurp(err_file);
    fs::remove(out_file);
    fs::remove(err_file);
    return r;
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
