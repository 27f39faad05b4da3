int f() { return vitals::io::detail::trim(""); }
