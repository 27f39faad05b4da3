// Vitals — derived-input expressions: a small, safe arithmetic form over named columns.
//
// A scorecard may declare derived input columns ("derived" in the scorecard file), each computed
// from other columns before scoring, e.g. {"name": "monthly_bill", "expression": "base + usage + tax"}.
// This header parses such an expression into a postfix program and evaluates it, either for one
// row (the reference scorer) or block-wise, one vector loop per operation (the batch scorer). Both
// run the same operations in the same order, so they give the same bits.
//
// Grammar (whitespace — spaces, tabs, newlines — may appear between tokens):
//   expression := term (("+" | "-") term)*
//   term       := unary (("*" | "/") unary)*
//   unary      := ("-" | "+") unary | primary
//   primary    := number | column | function "(" expression ("," expression)* ")" | "(" expression ")"
//   number     := digits ["." digits] [("e" | "E") ["+" | "-"] digits]  (also ".5"; finite)
//   column     := [A-Za-z_][A-Za-z0-9_.]*  |  "`" any characters but "`" "`"
//   function   := "min" | "max" (two or more arguments) | "abs" (one argument)
// "+ -" and "* /" associate to the left (a - b - c is (a - b) - c); unary minus binds tighter than
// "*" (-a * b is (-a) * b). A name followed by "(" is a function; a column named like a function
// is written in backticks (`min`), as is one with spaces or other characters (`Monthly Charges`).
//
// Semantics (doubles, IEEE arithmetic, NaN = missing):
//   NaN in -> NaN out: any operand missing makes the result missing, min / max included;
//   a / b is missing (NaN) when b is 0 (either sign) — as a ratio measure's denominator is — never ±inf;
//   otherwise +, -, *, / are IEEE's (so they may overflow to ±inf); min / max of present values
//   are the least / greatest (of -0 and +0, the first given); abs clears the sign;
//   a missing result is always the same quiet NaN (std::numeric_limits<double>::quiet_NaN()).
// Limits: parentheses, unary signs and function calls nest at most `max_nesting` deep, and the
// text is at most `max_length` characters; beyond either, parsing fails (it never overflows the
// stack). Errors are parse_error values whose message names the 0-based character offset of the
// bad token: `unexpected ')' at offset 7`.
#pragma once

#include "vitals/error.hpp"
#include "vitals/measure.hpp"  // ratio_value: division has a ratio's meaning

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace vitals {
inline namespace v1 {

/// A derived input column as written in a scorecard: its name and the expression computing it.
struct derived_input {
    std::string name;
    std::string expression;
    std::string description;

    friend bool operator==(const derived_input&, const derived_input&) = default;
};

/// A parsed expression: a postfix program over its columns (columns(), in order of first use).
class expression {
public:
    static constexpr std::size_t max_nesting = 64;
    static constexpr std::size_t max_length = 65536;

    enum class op : std::uint8_t { column, constant, add, sub, mul, div, neg, min, max, abs };
    struct instruction {
        op code = op::constant;
        std::size_t column = 0;  ///< op::column: index into columns()
        double value = 0.0;      ///< op::constant
    };

    /// Parse `text` (see the grammar at the top of this header). parse_error on failure.
    [[nodiscard]] static result<expression> parse(std::string_view text);

    /// The distinct column names the expression reads, in order of first use.
    [[nodiscard]] std::span<const std::string> columns() const noexcept { return columns_; }
    [[nodiscard]] std::span<const instruction> program() const noexcept { return program_; }
    /// Values an evaluation holds at once (block evaluation needs that many blocks of scratch).
    [[nodiscard]] std::size_t stack_depth() const noexcept { return depth_; }

    /// The value for one row; `values[k]` is column k of columns() (NaN = missing).
    [[nodiscard]] double evaluate_row(std::span<const double> values) const;

    /// The values for n rows: `columns[k]` points at n values of column k of columns(); results to
    /// `out` (n values; it may alias no input). `scratch` is resized as needed and may be reused.
    void evaluate(std::span<const double* const> columns, std::size_t n, double* out,
                  std::vector<double>& scratch) const;

    /// The operations on doubles, shared by both evaluations (so they give the same bits).
    [[nodiscard]] static double apply(op code, double a, double b) noexcept {
        constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
        switch (code) {
        case op::add: return a + b;
        case op::sub: return a - b;
        case op::mul: return a * b;
        case op::div: return ratio_value(a, b);
        case op::min: return (a != a || b != b) ? qnan : (b < a ? b : a);
        case op::max: return (a != a || b != b) ? qnan : (b > a ? b : a);
        case op::neg: return -a;
        case op::abs: return std::fabs(a);
        default: return qnan;
        }
    }

private:
    std::vector<instruction> program_;
    std::vector<std::string> columns_;
    std::size_t depth_ = 0;
    friend class expression_parser;
};

// ---- implementation --------------------------------------------------------------------------

namespace detail {

/// n values of T: on the stack when n is small (the usual case), else on the heap.
template <class T>
class small_buffer {
public:
    explicit small_buffer(std::size_t n) {
        if (n > small) {
            heap_.resize(n);
            p_ = heap_.data();
        }
    }
    small_buffer(const small_buffer&) = delete;
    small_buffer& operator=(const small_buffer&) = delete;
    [[nodiscard]] T* data() noexcept { return p_; }

private:
    static constexpr std::size_t small = 16;
    T fixed_[small]{};
    std::vector<T> heap_;
    T* p_ = fixed_;
};

}  // namespace detail

class expression_parser {
public:
    explicit expression_parser(std::string_view text) : t_(text) {}

    result<expression> run() {
        if (t_.size() > expression::max_length)
            return fail(errc::parse_error, "the expression is " + std::to_string(t_.size()) +
                                               " characters long; at most " +
                                               std::to_string(expression::max_length) + " are allowed");
        skip();
        if (pos_ == t_.size()) return fail(errc::parse_error, "empty expression");
        if (!parse_sum(0)) return fail(errc::parse_error, std::move(error_));
        skip();
        if (pos_ != t_.size()) return fail(errc::parse_error, unexpected_here());
        return std::move(e_);
    }

private:
    using op = expression::op;
    std::string_view t_;
    std::size_t pos_ = 0;
    std::size_t height_ = 0;  // values on the evaluation stack after the code so far
    expression e_;
    std::string error_;

    void skip() {
        while (pos_ < t_.size() && (t_[pos_] == ' ' || t_[pos_] == '\t' || t_[pos_] == '\n' || t_[pos_] == '\r')) ++pos_;
    }
    static bool name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
    static bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '.'; }
    static bool digit(char c) { return c >= '0' && c <= '9'; }

    std::string at(std::size_t p) const { return " at offset " + std::to_string(p); }
    std::string unexpected_here() const {
        if (pos_ >= t_.size()) return "unexpected end of the expression" + at(pos_);
        const char c = t_[pos_];
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F)
            return "unexpected character (byte " + std::to_string(static_cast<unsigned char>(c)) + ")" + at(pos_);
        return std::string("unexpected '") + c + "'" + at(pos_);
    }
    bool error(std::string what) {
        if (error_.empty()) error_ = std::move(what);
        return false;
    }
    void emit(op code, std::size_t column = 0, double value = 0.0) {
        e_.program_.push_back({code, column, value});
        if (code == op::column || code == op::constant) {
            ++height_;
            e_.depth_ = std::max(e_.depth_, height_);
        } else if (code != op::neg && code != op::abs) {
            --height_;
        }
    }
    bool enter(std::size_t nesting, std::size_t where) {
        if (nesting < expression::max_nesting) return true;
        return error("the expression nests more than " + std::to_string(expression::max_nesting) + " levels deep" +
                     at(where));
    }

    // one precedence level of left-associative operators c1 / c2; `operand` parses the next level up
    bool parse_left(std::size_t nesting, char c1, op o1, char c2, op o2,
                    bool (expression_parser::*operand)(std::size_t)) {
        if (!(this->*operand)(nesting)) return false;
        for (;;) {
            skip();
            if (pos_ >= t_.size() || (t_[pos_] != c1 && t_[pos_] != c2)) return true;
            const op code = t_[pos_] == c1 ? o1 : o2;
            ++pos_;
            if (!(this->*operand)(nesting)) return false;
            emit(code);
        }
    }
    bool parse_sum(std::size_t nesting) {
        return parse_left(nesting, '+', op::add, '-', op::sub, &expression_parser::parse_product);
    }
    bool parse_product(std::size_t nesting) {
        return parse_left(nesting, '*', op::mul, '/', op::div, &expression_parser::parse_unary);
    }
    bool parse_unary(std::size_t nesting) {
        skip();
        if (pos_ < t_.size() && (t_[pos_] == '-' || t_[pos_] == '+')) {
            const bool minus = t_[pos_] == '-';
            if (!enter(nesting, pos_)) return false;
            ++pos_;
            if (!parse_unary(nesting + 1)) return false;
            if (minus) emit(op::neg);
            return true;
        }
        return parse_primary(nesting);
    }
    bool parse_primary(std::size_t nesting) {
        skip();
        if (pos_ >= t_.size()) return error(unexpected_here());
        const char c = t_[pos_];
        if (c == '(') {
            if (!enter(nesting, pos_)) return false;
            ++pos_;
            if (!parse_sum(nesting + 1)) return false;
            skip();
            if (pos_ >= t_.size() || t_[pos_] != ')') return error(expected("')'"));
            ++pos_;
            return true;
        }
        if (digit(c) || (c == '.' && pos_ + 1 < t_.size() && digit(t_[pos_ + 1]))) return parse_number();
        if (c == '`') {
            const std::size_t start = pos_;
            const std::size_t close = t_.find('`', pos_ + 1);
            if (close == std::string_view::npos) return error("unterminated `quoted` column name" + at(start));
            if (close == pos_ + 1) return error("empty `quoted` column name" + at(start));
            column(t_.substr(pos_ + 1, close - pos_ - 1));
            pos_ = close + 1;
            return true;
        }
        if (name_start(c)) {
            const std::size_t start = pos_;
            while (pos_ < t_.size() && name_char(t_[pos_])) ++pos_;
            const std::string_view name = t_.substr(start, pos_ - start);
            std::size_t after = pos_;
            while (after < t_.size() && (t_[after] == ' ' || t_[after] == '\t' || t_[after] == '\n' || t_[after] == '\r'))
                ++after;
            if (after < t_.size() && t_[after] == '(') return parse_call(name, start, after, nesting);
            column(name);
            return true;
        }
        return error(unexpected_here());
    }
    std::string expected(const char* what) const {
        if (pos_ >= t_.size()) return std::string("expected ") + what + " but the expression ends" + at(pos_);
        return std::string("expected ") + what + ", not " + unexpected_here().substr(11);  // drop "unexpected "
    }
    bool parse_call(std::string_view name, std::size_t start, std::size_t open, std::size_t nesting) {
        const bool is_abs = name == "abs";
        if (!is_abs && name != "min" && name != "max")
            return error("unknown function \"" + std::string(name) + "\"" + at(start) +
                         " (the functions are min, max and abs; write a column named so in backticks)");
        if (!enter(nesting, start)) return false;
        pos_ = open + 1;
        const op code = is_abs ? op::abs : name == "min" ? op::min : op::max;
        std::size_t args = 0;
        for (;;) {
            if (!parse_sum(nesting + 1)) return false;
            ++args;
            if (args >= 2) emit(code);  // min(a, b, c) = min(min(a, b), c): two values at a time
            skip();
            if (pos_ < t_.size() && t_[pos_] == ',') {
                if (is_abs) return error("abs takes one argument" + at(pos_));
                ++pos_;
                continue;
            }
            if (pos_ < t_.size() && t_[pos_] == ')') break;
            return error(expected("',' or ')'"));
        }
        if (!is_abs && args < 2)
            return error(std::string(name) + " takes two or more arguments" + at(start));
        if (is_abs) emit(op::abs);
        ++pos_;
        return true;
    }
    bool parse_number() {
        const std::size_t start = pos_;
        std::size_t p = pos_;
        while (p < t_.size() && digit(t_[p])) ++p;
        if (p < t_.size() && t_[p] == '.') {
            ++p;
            while (p < t_.size() && digit(t_[p])) ++p;
        }
        if (p < t_.size() && (t_[p] == 'e' || t_[p] == 'E')) {
            std::size_t q = p + 1;
            if (q < t_.size() && (t_[q] == '+' || t_[q] == '-')) ++q;
            if (q >= t_.size() || !digit(t_[q])) return error("malformed number: an exponent needs digits" + at(start));
            while (q < t_.size() && digit(t_[q])) ++q;
            p = q;
        }
        if (p < t_.size() && (name_start(t_[p]) || t_[p] == '.'))
            return error("malformed number \"" + std::string(t_.substr(start, p + 1 - start)) + "\"" + at(start));
        double v = 0.0;
        const auto [end, ec] = std::from_chars(t_.data() + start, t_.data() + p, v);
        if (ec != std::errc() || end != t_.data() + p || !std::isfinite(v))
            return error("number \"" + std::string(t_.substr(start, p - start)) + "\" is out of range" + at(start));
        pos_ = p;
        emit(op::constant, 0, v);
        return true;
    }
    void column(std::string_view name) {
        std::size_t k = 0;
        while (k < e_.columns_.size() && e_.columns_[k] != name) ++k;
        if (k == e_.columns_.size()) e_.columns_.emplace_back(name);
        emit(op::column, k);
    }
};

inline result<expression> expression::parse(std::string_view text) { return expression_parser(text).run(); }

inline double expression::evaluate_row(std::span<const double> values) const {
    detail::small_buffer<double> stack(depth_);
    double* st = stack.data();
    std::size_t h = 0;
    for (const instruction& in : program_) {
        switch (in.code) {
        case op::column: st[h++] = values[in.column]; break;
        case op::constant: st[h++] = in.value; break;
        case op::neg:
        case op::abs: st[h - 1] = apply(in.code, st[h - 1], 0.0); break;
        default:
            st[h - 2] = apply(in.code, st[h - 2], st[h - 1]);
            --h;
        }
    }
    // a missing result is the one quiet NaN: which NaN IEEE arithmetic passes on (its sign, its
    // payload) may differ between the scalar and the vector code, the value may not
    return h == 1 && st[0] == st[0] ? st[0] : std::numeric_limits<double>::quiet_NaN();
}

inline void expression::evaluate(std::span<const double* const> columns, std::size_t n, double* out,
                                 std::vector<double>& scratch) const {
    if (n == 0) return;
    if (scratch.size() < depth_ * n) scratch.resize(depth_ * n);
    // stack slot d is either a column (no copy) or block d of the scratch
    detail::small_buffer<const double*> stack(depth_);
    const double** st = stack.data();
    std::size_t h = 0;
    for (const instruction& in : program_) {
        switch (in.code) {
        case op::column: st[h++] = columns[in.column]; break;
        case op::constant: {
            double* d = scratch.data() + h * n;
            std::fill(d, d + n, in.value);
            st[h++] = d;
            break;
        }
        case op::neg: {
            const double* a = st[h - 1];
            double* d = scratch.data() + (h - 1) * n;
            for (std::size_t i = 0; i < n; ++i) d[i] = -a[i];
            st[h - 1] = d;
            break;
        }
        case op::abs: {
            const double* a = st[h - 1];
            double* d = scratch.data() + (h - 1) * n;
            for (std::size_t i = 0; i < n; ++i) d[i] = std::fabs(a[i]);
            st[h - 1] = d;
            break;
        }
        default: {
            const double* a = st[h - 2];
            const double* b = st[h - 1];
            double* d = scratch.data() + (h - 2) * n;
            const op code = in.code;
            // one loop per operation, the operation known outside it, so each vectorises
            switch (code) {
            case op::add: for (std::size_t i = 0; i < n; ++i) d[i] = a[i] + b[i]; break;
            case op::sub: for (std::size_t i = 0; i < n; ++i) d[i] = a[i] - b[i]; break;
            case op::mul: for (std::size_t i = 0; i < n; ++i) d[i] = a[i] * b[i]; break;
            case op::div: for (std::size_t i = 0; i < n; ++i) d[i] = ratio_value(a[i], b[i]); break;
            case op::min: for (std::size_t i = 0; i < n; ++i) d[i] = apply(op::min, a[i], b[i]); break;
            case op::max: for (std::size_t i = 0; i < n; ++i) d[i] = apply(op::max, a[i], b[i]); break;
            default: break;
            }
            st[h - 2] = d;
            --h;
        }
        }
    }
    if (h == 1) {  // a missing result is the one quiet NaN, as in evaluate_row
        constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
        const double* r = st[0];
        for (std::size_t i = 0; i < n; ++i) out[i] = r[i] == r[i] ? r[i] : qnan;
    } else {
        std::fill(out, out + n, std::numeric_limits<double>::quiet_NaN());
    }
}

}  // namespace v1
}  // namespace vitals
