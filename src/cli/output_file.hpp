// The vitals tool: the files its commands write — whole or not at all.
//
//   output_file out("scores.csv");   // opens now: a path that cannot be written fails before any work
//   out.write(text);                 // ... as often as needed
//   out.commit();                    // complete: renamed into place (or flushed, for a device)
//
// What a path is decides how it is written:
//   - "" or "-": standard output, written as it goes;
//   - a regular file, or a path that does not exist yet: a temporary file in the same folder
//     (".NAME.tmp-XXXXXX"), renamed over the path by commit(). A failed run, a destroyed
//     output_file or a signal (INT, TERM, HUP, QUIT, PIPE) removes the temporary and leaves the old
//     file as it was. A symbolic link is followed: its target is replaced, the link stays. An
//     existing file keeps its permission bits; one we may not write (access(2)) is an error;
//   - anything else (a character device such as /dev/null or /dev/full, a FIFO, a socket): written
//     in place, as `>` in a shell would, and every write error reported with the path.
//
// A command writing several files commits them with commit_all(): each is completed first, and
// only when every one succeeded are they renamed into place, so a failure leaves none of them.
//
// Failures throw cli::failure with exit_failure (1) and the path; a directory is exit_usage (2).
// Opening an output also makes SIGXFSZ (a file-size limit, ulimit -f) a write error ("File too
// large") instead of a kill.
#pragma once

#include <cstdio>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

namespace vitals::cli {

class output_file {
public:
    /// How the path is written.
    enum class kind {
        standard_output,  ///< "" or "-"
        replace,          ///< a temporary file renamed over a regular (or absent) file
        in_place,         ///< a device, FIFO or socket: opened and written directly
    };

    explicit output_file(const std::string& path);
    ~output_file();
    output_file(const output_file&) = delete;
    output_file& operator=(const output_file&) = delete;

    void write(std::string_view text);
    /// Every byte written out (flushed, and for a temporary file synced and closed); errors fail.
    void finish();
    /// finish(), then the temporary renamed into place.
    void commit();

    [[nodiscard]] bool is_stdout() const noexcept { return kind_ == kind::standard_output; }
    [[nodiscard]] kind how() const noexcept { return kind_; }
    /// The path as given ("<stdout>" for standard output).
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

private:
    [[noreturn]] void fail_write(int err);
    void abandon() noexcept;

    std::string path_;    ///< as given, for messages
    std::string target_;  ///< the file renamed over (symbolic links followed)
    std::string temp_;
    static constexpr std::size_t buffer_size = std::size_t{1} << 16;
    std::unique_ptr<char[]> buffer_;
    std::FILE* file_ = nullptr;
    kind kind_ = kind::standard_output;
    int slot_ = -1;  ///< the signal handler's record of temp_
    bool finished_ = false, committed_ = false;
};

/// Completes every output, then renames them into place: all or nothing (a failure before the
/// renames leaves none of the files written; the renames, in the same folders, follow each other).
void commit_all(std::initializer_list<output_file*> outputs);

}  // namespace vitals::cli
