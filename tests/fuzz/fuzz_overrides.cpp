// libFuzzer target: the overrides file reader — an overrides CSV (account_id,target,value,reason,
// author,expires, in any column order, other columns ignored) read as `vitals score --overrides`
// reads it (src/cli/pipeline.cpp: the CSV reader, vitals::parse_override per row, an
// override_book), then validated against the default scorecard, checked for conflicts and applied
// to an account per override as of its expiry day and the day after.
// Properties: nothing throws or crashes; every error has a message, and a row's error names its
// origin (the file:line place); an override that parses has the fields the format promises
// (value a number in 0-100, non-empty id, target, reason, author) and is accepted by the book; an
// override applies on its expiry day and lapses the day after; an applied score override sets the
// score to its value.
#include "fuzz_check.hpp"

#include "vitals/date.hpp"
#include "vitals/io/csv_reader.hpp"
#include "vitals/override.hpp"
#include "vitals/scorecard_file.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using vitals::fuzz::check;
    static const int fd = memfd_create("overrides.csv", 0);
    check(fd >= 0, "memfd_create");
    check(ftruncate(fd, 0) == 0 && pwrite(fd, data, size, 0) == static_cast<ssize_t>(size), "write the input to the memfd");
    const std::string path = "/proc/self/fd/" + std::to_string(fd);

    auto opened = vitals::io::open_csv(path, {.buffer_size = 64});
    if (!opened) {
        check(!opened.error().message.empty(), "an open error has a message");
        return 0;
    }
    auto& reader = *opened.value();
    const auto cols = reader.columns();
    const std::array<const char*, 6> names = {"account_id", "target", "value", "reason", "author", "expires"};
    std::array<std::size_t, 6> at{};
    for (std::size_t k = 0; k < names.size(); ++k) {
        std::optional<std::size_t> found;
        for (std::size_t c = 0; c < cols.size(); ++c)
            if (cols[c] == names[k] && !found) found = c;
        if (!found) return 0;  // the CLI stops here with "missing column"
        at[k] = *found;
    }
    vitals::io::selection sel;
    sel.id_column = at[0];
    for (std::size_t k = 1; k < names.size(); ++k) sel.text_columns.push_back(at[k]);
    if (!reader.select(sel)) return 0;  // a column named twice in the header

    vitals::override_book book;
    vitals::io::account_chunk chunk;
    while (true) {
        auto n = reader.read(chunk, 7);
        if (!n) {
            check(!n.error().message.empty(), "a read error has a message");
            break;
        }
        if (n.value() == 0) break;
        for (std::size_t r = 0; r < chunk.rows; ++r) {
            const vitals::override_text t{chunk.ids[r], chunk.text(r, 0), chunk.text(r, 1),
                                          chunk.text(r, 2), chunk.text(r, 3), chunk.text(r, 4)};
            const std::string origin = reader.source() + ":" + std::to_string(chunk.origins[r]);
            auto o = vitals::parse_override(t, origin);
            if (!o) {
                check(o.error().message.rfind(origin, 0) == 0, "a row's error starts with its place", o.error().message);
                continue;
            }
            const vitals::account_override& v = o.value();
            check(v.value >= 0.0 && v.value <= 100.0, "a parsed value is in 0-100");
            check(!v.account_id.empty() && !v.target.empty() && !v.reason.empty() && !v.author.empty(),
                  "a parsed override has its text fields");
            auto added = book.add(o.value());
            check(added.has_value(), "the book takes a parsed override",
                  added ? std::string_view() : std::string_view(added.error().message));
        }
    }

    const vitals::scorecard& card = vitals::default_scorecard();
    if (auto v = book.validate(card); !v) check(!v.error().message.empty(), "a validate error has a message");
    const std::vector<double> inputs(card.inputs().size(), 0.5);
    for (std::size_t i = 0; i < book.size() && i < 16; ++i) {
        const vitals::account_override& o = book.entries()[i];
        if (!book.check_target(i, card)) continue;
        for (const vitals::day_number day : {o.expires, o.expires + 1}) {
            if (auto c = book.check_conflicts(day); !c) check(!c.error().message.empty(), "a conflict error has a message");
            auto applied = vitals::apply_overrides(card, inputs, book, o.account_id, day);
            if (!applied) {
                check(!applied.error().message.empty(), "an apply error has a message");
                continue;
            }
            bool listed = false;
            for (const vitals::override_effect& e : applied.value().effects) {
                if (e.entry != i) continue;
                listed = true;
                check(e.state == (day == o.expires ? vitals::override_state::applied : vitals::override_state::lapsed),
                      "an override applies through its expiry day and lapses the day after");
                if (e.state == vitals::override_state::applied && o.targets_score())
                    check(applied.value().result.score == o.value, "an applied score override sets the score");
            }
            check(listed, "the account's effects list the override");
        }
    }
    return 0;
}
