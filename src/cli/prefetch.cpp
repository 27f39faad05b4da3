#include "prefetch.hpp"

#include <chrono>
#include <exception>

namespace vitals::cli {

chunk_prefetcher::chunk_prefetcher(io::account_reader& reader, std::size_t chunk_rows, std::size_t depth)
    : reader_(reader), rows_(chunk_rows) {
    for (std::size_t i = 0; i < depth + 1; ++i) {
        slots_.push_back(std::make_unique<slot>());
        free_.push_back(slots_.back().get());
    }
    thread_ = std::thread([this] { run(); });
}

chunk_prefetcher::~chunk_prefetcher() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void chunk_prefetcher::run() {
    for (;;) {
        slot* s = nullptr;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return stop_ || !free_.empty(); });
            if (stop_) return;
            s = free_.front();
            free_.pop_front();
        }
        const auto start = std::chrono::steady_clock::now();
        result<std::size_t> n = fail(errc::internal, "not read");
        try {
            n = reader_.read(s->chunk, rows_);
        } catch (const std::exception& e) {
            n = fail(errc::internal, std::string("reading accounts: ") + e.what());
        }
        s->progress = reader_.progress();
        s->records = reader_.records();
        {
            std::lock_guard lock(mutex_);
            read_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (!n || n.value() == 0) {
                if (!n) error_ = n.error();
                free_.push_back(s);
                done_ = true;
            } else {
                full_.push_back(s);
            }
        }
        changed_.notify_all();
        if (done_) return;  // done_ is only ever set by this thread
    }
}

result<const io::account_chunk*> chunk_prefetcher::next() {
    std::unique_lock lock(mutex_);
    if (current_ != nullptr) {
        free_.push_back(current_);
        current_ = nullptr;
        changed_.notify_all();
    }
    changed_.wait(lock, [&] { return done_ || !full_.empty(); });
    if (!full_.empty()) {
        current_ = full_.front();
        full_.pop_front();
        progress_ = current_->progress;
        records_ = current_->records;
        return &current_->chunk;
    }
    if (error_) return *error_;
    return static_cast<const io::account_chunk*>(nullptr);
}

}  // namespace vitals::cli
