// The vitals tool: reading the next chunks of accounts on a background thread while the current
// one is scored and written, so parsing (one core) overlaps scoring and formatting.
#pragma once

#include "vitals/error.hpp"
#include "vitals/io/account_reader.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace vitals::cli {

class chunk_prefetcher {
public:
    /// Starts reading `reader` (selected, its policy set) in chunks of `chunk_rows`, at most
    /// `depth` chunks ahead of the consumer. Memory: depth + 1 chunks.
    chunk_prefetcher(io::account_reader& reader, std::size_t chunk_rows, std::size_t depth = 2);
    ~chunk_prefetcher();
    chunk_prefetcher(const chunk_prefetcher&) = delete;
    chunk_prefetcher& operator=(const chunk_prefetcher&) = delete;

    /// The next chunk, or nullptr at the end; valid until the next call. A read error is returned
    /// after the chunks read before it. After nullptr or an error, the reader may be inspected.
    [[nodiscard]] result<const io::account_chunk*> next();

    /// As of the chunk last returned: the share of the source read, and the rows seen.
    [[nodiscard]] double progress() const noexcept { return progress_; }
    [[nodiscard]] std::uint64_t records() const noexcept { return records_; }
    /// Seconds the background thread spent in reader.read() (complete once next() returned nullptr).
    [[nodiscard]] double read_seconds() const noexcept { return read_seconds_; }

private:
    struct slot {
        io::account_chunk chunk;
        double progress = -1.0;
        std::uint64_t records = 0;
    };
    void run();

    io::account_reader& reader_;
    std::size_t rows_;
    std::vector<std::unique_ptr<slot>> slots_;
    std::deque<slot*> free_, full_;
    slot* current_ = nullptr;
    bool done_ = false, stop_ = false;
    std::optional<error> error_;
    double progress_ = -1.0, read_seconds_ = 0.0;
    std::uint64_t records_ = 0;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::thread thread_;  // last: started once everything else exists
};

}  // namespace vitals::cli
