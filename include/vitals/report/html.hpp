// Vitals report — text into HTML. Every text the report shows (account ids, measure and band
// names, alert reasons, file names) is user data and goes through append_escaped: the five
// characters HTML gives meaning to become character references, and bytes that are not valid
// UTF-8 become U+FFFD, so the page is always well-formed UTF-8 whatever the book holds. The
// same escaping is safe in element content and in double- or single-quoted attribute values.
#pragma once

#include <string>
#include <string_view>

namespace vitals::report {

/// Appends `text` escaped: & < > " ' as &amp; &lt; &gt; &quot; &#39;, a NUL or a byte outside a
/// valid UTF-8 sequence (overlong forms, surrogates, beyond U+10FFFF, truncated) as U+FFFD, and
/// the C0 controls other than tab, line feed and carriage return as U+FFFD (HTML forbids them).
void append_escaped(std::string& out, std::string_view text);

/// `text` escaped (see append_escaped).
[[nodiscard]] std::string escaped(std::string_view text);

}  // namespace vitals::report
