// libFuzzer target: the CSV account reader (vitals::io::open_csv) at small buffer and chunk sizes
// against a reference parse of the same bytes with an unbounded buffer (the whole file in one
// read) and one chunk for everything.
//
// Input: byte 0 picks the buffer size (1-256 bytes; the reader's floor is 16), byte 1 the chunk
// size (1-16 rows), byte 2 the selection (bit 0: an id column, bit 1: value columns, bit 2: every
// other value column a column of levels — "yes", "No", "Month-to-month", "a" — whose unseen levels
// are missing or, with bit 3, bad rows); the rest is the file. Every column is read as text, and
// with bit 1 also as a number (or a level's code), so a row compares cell for cell. Bad rows are
// skipped (and counted), so a file with bad cells still compares.
// Properties: the same header; the same rows in the same order (id, every cell as text, every
// number bit for bit, the line it came from); the same records() and skipped() counts and the
// same problems; or, when the reference fails, the same error message. And each level cell read is
// its text's code (categories::level_code of the same cell read as text), or NaN only when the text
// names no level and unseen levels are missing.
#include "fuzz_check.hpp"

#include "vitals/io/csv_reader.hpp"
#include "vitals/normalise/categories.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

struct parse {
    bool ok = true;
    std::string error;
    std::vector<std::string> columns;
    std::vector<std::string> rows;  // each row flattened: id, texts, value bits, origin
    std::uint64_t records = 0, skipped = 0;
    std::vector<std::string> problems;
};

std::string describe(const parse& p) {
    std::string s = p.ok ? "ok" : "error: " + p.error;
    s += "\nrecords " + std::to_string(p.records) + " skipped " + std::to_string(p.skipped) + " rows " +
         std::to_string(p.rows.size());
    for (std::size_t i = 0; i < p.rows.size() && i < 20; ++i) s += "\n  " + p.rows[i];
    return s;
}

const vitals::categories& levels(bool unseen_is_error) {
    static const auto make = [](vitals::unseen_level u) {
        vitals::categories c;
        c.levels = {"yes", "No", "Month-to-month", "a"};
        c.scores = {100.0, 0.0, 20.0, 50.0};
        c.unseen = u;
        return c;
    };
    static const vitals::categories missing = make(vitals::unseen_level::missing), error = make(vitals::unseen_level::error);
    return unseen_is_error ? error : missing;
}

parse read_all(const std::string& path, std::size_t buffer, std::size_t chunk_rows, unsigned mode) {
    parse p;
    auto opened = vitals::io::open_csv(path, {.buffer_size = buffer});
    if (!opened) {
        p.ok = false;
        p.error = opened.error().message;
        return p;
    }
    auto& reader = *opened.value();
    p.columns.assign(reader.columns().begin(), reader.columns().end());
    vitals::io::selection sel;
    for (std::size_t c = 0; c < p.columns.size(); ++c) {
        sel.text_columns.push_back(c);
        if (mode & 2U) sel.value_columns.push_back(c);
        if (mode & 2U) sel.levels.push_back((mode & 4U) && c % 2 == 1 ? &levels(mode & 8U) : nullptr);
    }
    if (mode & 1U) sel.id_column = 0;
    vitals::fuzz::check(reader.select(sel).has_value(), "select() of every column succeeds");
    reader.set_on_error(vitals::io::on_error::skip);
    vitals::io::account_chunk chunk;
    while (true) {
        auto n = reader.read(chunk, chunk_rows);
        if (!n) {
            p.ok = false;
            p.error = n.error().message;
            break;
        }
        if (n.value() == 0) break;
        vitals::fuzz::check(n.value() <= chunk_rows && chunk.rows == n.value(), "read() returns at most max_rows rows");
        for (std::size_t r = 0; r < chunk.rows; ++r) {
            std::string row = chunk.ids[r];
            for (std::size_t t = 0; t < chunk.text_cols; ++t) row += '\x1f' + chunk.text(r, t);
            for (std::size_t c = 0; c < chunk.cols; ++c) {
                if (const vitals::categories* lv = sel.levels_of(c)) {  // value column c is source column c
                    const double code = chunk.values[r * chunk.cols + c];
                    const std::string& text = chunk.text(r, c);
                    const auto want = lv->level_code(text);
                    vitals::fuzz::check(want ? code == static_cast<double>(*want) : code != code,
                                        "a level cell is its text's code, or missing", "text \"" + text + "\"");
                    // with unseen levels as errors, a row kept has only levels and missing cells
                    if (!want && lv->unseen == vitals::unseen_level::error) {
                        const std::string_view t = vitals::categories::trimmed(text);
                        bool marker = t.empty();
                        for (const char* m : {"na", "n/a", "null", "nan"}) marker = marker || vitals::categories::same_level(t, m);
                        vitals::fuzz::check(marker, "an unseen level is a bad row when unseen levels are errors",
                                            "text \"" + text + "\"");
                    }
                }
                std::uint64_t bits = 0;
                std::memcpy(&bits, &chunk.values[r * chunk.cols + c], sizeof bits);
                row += '\x1e' + std::to_string(bits);
            }
            row += "@" + std::to_string(chunk.origins[r]);
            p.rows.push_back(std::move(row));
        }
    }
    p.records = reader.records();
    p.skipped = reader.skipped();
    for (const auto& problem : reader.problems())
        p.problems.push_back(std::to_string(problem.record) + " " + problem.id + " " + problem.message);
    return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using vitals::fuzz::check;
    vitals::fuzz::bytes in(data, size);
    const std::size_t buffer = in.pick(1, 256);
    const std::size_t chunk_rows = in.pick(1, 16);
    const unsigned mode = in.byte() & 15U;
    const std::string_view file = in.rest();

    // The file lives in memory (memfd), opened by path as the reader opens any file.
    static const int fd = memfd_create("fuzz.csv", 0);
    check(fd >= 0, "memfd_create");
    check(ftruncate(fd, 0) == 0 && pwrite(fd, file.data(), file.size(), 0) == static_cast<ssize_t>(file.size()),
          "write the input to the memfd");
    const std::string path = "/proc/self/fd/" + std::to_string(fd);

    const parse ref = read_all(path, file.size() + 16, file.size() + 1, mode);
    const parse small = read_all(path, buffer, chunk_rows, mode);
    const std::string both = "buffer " + std::to_string(buffer) + ", chunk " + std::to_string(chunk_rows) +
                             "\n-- reference: " + describe(ref) + "\n-- small: " + describe(small);
    check(ref.ok == small.ok, "both parses succeed or both fail", both);
    if (!ref.ok) {
        check(ref.error == small.error, "the same error", both);
        return 0;
    }
    check(small.columns == ref.columns, "the same header", both);
    check(small.rows.size() == ref.rows.size(), "the same number of rows", both);
    check(small.rows == ref.rows, "the same rows in the same order", both);
    check(small.records == ref.records && small.skipped == ref.skipped, "the same record and skipped counts", both);
    check(small.problems == ref.problems, "the same problems", both);
    check(ref.records == ref.rows.size() + ref.skipped, "every record is a row or a skipped row", both);
    return 0;
}
